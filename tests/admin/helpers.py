"""Signing in through the real form, and sending forms with their CSRF token, as a browser would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.factories import OrgWithKeys
from widget_server.models import Role
from widget_server.services.access import organizations

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def add_member(session: Session, org: OrgWithKeys, email: str, role: Role) -> str:
    organizations.add_member(session, org.organization, email, role, PASSWORD)
    return email


def csrf_token(client: FlaskClient, path: str = "/admin/sign-in") -> str:
    page = client.get(path, follow_redirects=True)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    token = csrf_token(client)
    response = client.post(
        "/admin/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """POST with the session's CSRF token, as the page's own form would send it."""
    body = {"csrf_token": csrf_token(client, "/admin/sign-in"), **(data or {})}
    return client.post(path, data=body, **kw)
