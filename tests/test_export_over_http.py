"""Both CSV exports over real HTTP (the panel's download and the admin API's), streamed
by a threaded server: byte for byte the export formatted in Python, on either database."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member
from tests.factories import OrgWithKeys, make_org
from tests.services.test_export_copy import varied_signups
from widget_server.models import Role, Signup, SignupStatus
from widget_server.services.volunteering import export

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def _python_export(
    session: Session, org: OrgWithKeys, where: list[ColumnElement[bool]] | None = None
) -> bytes:
    body = "".join(export.python_csv(session, org.organization, where or [])).encode()
    session.rollback()
    return body


def _streamed(response: httpx.Response) -> bytes:
    assert response.status_code == 200, response.read()[:500]
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return b"".join(response.iter_bytes())


def test_admin_api_export_over_http_is_the_python_export(
    live_server: str, http: httpx.Client, session: Session
) -> None:
    org = make_org(session, default_locale="fr")
    varied_signups(session, org)
    with http.stream("GET", f"{live_server}/api/v1/signups/export.csv", headers=org.auth) as got:
        body = _streamed(got)
    assert body == _python_export(session, org)
    assert body.count(b"\r\n") > 30


def test_panel_export_over_http_follows_the_filter_and_is_the_python_export(
    live_server: str, http: httpx.Client, session: Session
) -> None:
    org = make_org(session, default_locale="fr")
    varied_signups(session, org)
    email = add_member(session, org, "owner@example.org", Role.OWNER)
    page = http.get(f"{live_server}/admin/sign-in", follow_redirects=True).text
    token = _TOKEN.search(page)
    assert token
    signed_in = http.post(
        f"{live_server}/admin/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert signed_in.status_code == 303
    token = _TOKEN.search(http.get(f"{live_server}/admin/volunteers").text)
    assert token
    with http.stream(
        "POST",
        f"{live_server}/admin/volunteers/export.csv?status=accepted",
        data={"csrf_token": token.group(1)},
    ) as got:
        body = _streamed(got)
    accepted = [Signup.status == SignupStatus.ACCEPTED]
    assert body == _python_export(session, org, accepted)
    assert body.count(b"\r\n") > 2
