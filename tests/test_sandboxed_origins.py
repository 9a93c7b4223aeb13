"""Requests from an opaque origin (Origin: null): a site builder's sandboxed embed frame.
They may read the public listing and nothing else; "null" is never an allowed origin."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server.models import Signup, WidgetViewCount
from widget_server.services.access.organizations import clean_origins
from widget_server.services.errors import ValidationFailed

NULL = {"Origin": "null"}


def test_the_public_listing_and_a_task_are_read_from_an_opaque_origin(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    listing = client.get(f"/api/v1/public/tasks?key={org.publishable}", headers=NULL)
    one = client.get(f"/api/v1/public/tasks/{task.public_id}?key={org.publishable}", headers=NULL)
    assert listing.status_code == one.status_code == 200
    assert [t["id"] for t in listing.json["data"]] == [task.public_id]
    assert listing.headers["Access-Control-Allow-Origin"] == "null"
    assert "Origin" in listing.headers["Vary"]  # a shared cache keeps the answers apart
    assert "Access-Control-Allow-Credentials" not in listing.headers


def test_a_signup_from_an_opaque_origin_is_refused_and_its_preflight_too(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    preflight = client.options(url, headers={**NULL, "Access-Control-Request-Method": "POST"})
    posted = client.post(url, json=signup_payload(), headers=NULL)
    assert preflight.status_code == posted.status_code == 403
    assert posted.json["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Origin" not in posted.headers
    assert session.scalar(select(func.count()).select_from(Signup)) == 0


def test_a_view_beacon_from_an_opaque_origin_is_refused_and_not_counted(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    answer = client.post(f"/api/v1/public/views?key={org.publishable}", headers=NULL)
    assert answer.status_code == 403
    assert session.scalar(select(func.count()).select_from(WidgetViewCount)) == 0


def test_another_sites_origin_still_may_not_read(client: FlaskClient, org: OrgWithKeys) -> None:
    answer = client.get(
        f"/api/v1/public/tasks?key={org.publishable}", headers={"Origin": "https://evil.example"}
    )
    assert answer.status_code == 403
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize(
    "value",
    [
        "null",
        "about:srcdoc",
        "https://*.filesusr.com",
        "https://a.example;x",
        "https://a b.example",
    ],
)
def test_null_srcdoc_wildcards_and_header_breakers_are_never_allowed_origins(value: str) -> None:
    with pytest.raises(ValidationFailed):
        clean_origins([value])


def test_the_signup_form_is_framed_only_by_allowed_origins_whatever_the_parent_says(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    page = client.get(
        f"/embed/v1/tasks/{task.public_id}/signup?key={org.publishable}&parent=null&instance=a1"
    )
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert policy.endswith(f"frame-ancestors 'self' {' '.join(org.organization.allowed_origins)}")
    assert "*" not in policy and "null" not in policy
    assert "data-parent-origin" not in page.text  # no parent to message
