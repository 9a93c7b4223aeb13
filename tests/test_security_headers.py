"""Every kind of response carries the security headers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import OrgWithKeys


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/healthz", {}),
        ("/api/v1/openapi.json", {}),
        ("/api/v1/tasks", {}),  # 401 JSON error
        ("/no/such/page", {"Accept": "text/html"}),  # HTML error page
    ],
)
def test_headers_on_json_errors_and_pages(client: FlaskClient, path: str, headers: dict) -> None:
    response = client.get(path, headers=headers)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_over_https(client: FlaskClient, org: OrgWithKeys) -> None:
    response = client.get("/healthz", base_url="https://widgets.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_an_html_error_page_may_load_its_stylesheet_but_not_be_framed(
    client: FlaskClient,
) -> None:
    response = client.get("/no/such/page", headers={"Accept": "text/html"})
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert '<link rel="stylesheet" href="/embed/v1/assets/frame.' in response.text
