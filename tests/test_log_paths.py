"""Access logs get a path without the tokens that emailed links carry, and pages opened
from such links send no Referer."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from widget_server.web.log_paths import ENVIRON_KEY


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/admin/password/reset/Xy7.sig", "/admin/password/reset/…"),
        ("/admin/invitations/Xy7.sig?locale=ar", "/admin/invitations/…"),
        ("/v/withdraw/Xy7.sig", "/v/…"),
        ("/v/certificate/Xy7/ar.pdf", "/v/…"),
        ("/alerts/confirm/Xy7.sig", "/alerts/confirm/…"),
        ("/alerts/unsubscribe/Xy7.sig", "/alerts/unsubscribe/…"),
        ("/c/Xy7", "/c/…"),
        ("/admin/invitations/new", "/admin/invitations/new"),
        ("/admin/tasks", "/admin/tasks"),
        ("/api/v1/public/tasks", "/api/v1/public/tasks"),
    ],
)
def test_token_routes_give_the_access_log_a_path_without_the_token(
    app: Flask, path: str, logged: str
) -> None:
    seen: dict[str, Any] = {}
    app_itself = app.wsgi_app

    def wsgi_server(environ: dict[str, Any], start_response: Any) -> Any:
        """What the WSGI server (gunicorn) sees in the environ once the app answered."""
        answer = app_itself(environ, start_response)
        seen.update(environ)
        return answer

    app.wsgi_app = wsgi_server  # type: ignore[method-assign]
    app.test_client().get(path)
    assert seen[ENVIRON_KEY] == logged


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/admin/password/reset/Xy7.sig", "no-referrer"),
        ("/admin/invitations/Xy7.sig", "no-referrer"),
        ("/v/withdraw/Xy7.sig", "no-referrer"),
        ("/alerts/confirm/Xy7.sig", "no-referrer"),
        ("/admin/sign-in", "strict-origin-when-cross-origin"),
    ],
)
def test_pages_opened_from_token_links_send_no_referer(app: Flask, path: str, policy: str) -> None:
    assert app.test_client().get(path).headers["Referrer-Policy"] == policy
