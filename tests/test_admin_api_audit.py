"""Every change made through the admin API is in the audit log, attributed to the secret key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task, task_payload
from widget_server.models import ApiKey, AuditEntry, KeyKind
from widget_server.services.hooks import webhooks

HOOK = "http://127.0.0.1:9/hook"  # nothing listens there: the test event fails, and is logged
WEBHOOKS = "/api/v1/webhooks/endpoints"


def _endpoint(session: Session, org: OrgWithKeys) -> str:
    issued = webhooks.create_endpoint(session, org.organization, {"url": HOOK}, allow_private=True)
    return issued.endpoint.public_id


def _task(session: Session, org: OrgWithKeys) -> str:
    return make_task(session, org).public_id


def _signup(session: Session, org: OrgWithKeys) -> str:
    return make_signup(session, org, make_task(session, org), email="asked@example.org").public_id


def _none(_session: Session, _org: OrgWithKeys) -> str:
    return ""


Arrange = Callable[[Session, OrgWithKeys], str]
# action: (what is needed first, method, path with {} for its id, JSON body)
CALLS: dict[str, tuple[Arrange, str, str, Any]] = {
    "task.create": (_none, "POST", "/api/v1/tasks", task_payload()),
    "task.update": (_task, "PATCH", "/api/v1/tasks/{}", {"capacity": 4}),
    "task.status": (_task, "PATCH", "/api/v1/tasks/{}", {"status": "closed"}),
    "task.delete": (_task, "DELETE", "/api/v1/tasks/{}", None),
    "signup.status": (_signup, "PATCH", "/api/v1/signups/{}", {"status": "accepted"}),
    "webhook.create": (_none, "POST", WEBHOOKS, {"url": HOOK}),
    "webhook.update": (_endpoint, "PATCH", WEBHOOKS + "/{}", {"enabled": False}),
    "webhook.delete": (_endpoint, "DELETE", WEBHOOKS + "/{}", None),
    "webhook.rotate": (_endpoint, "POST", WEBHOOKS + "/{}/rotate-secret", {"grace_hours": 0}),
    "webhook.test": (_endpoint, "POST", WEBHOOKS + "/{}/test", None),
    "privacy.export": (_signup, "POST", "/api/v1/privacy/export", {"email": "asked@example.org"}),
    "privacy.erase": (_signup, "POST", "/api/v1/privacy/erase", {"email": "asked@example.org"}),
    "privacy.retention": (_none, "PATCH", "/api/v1/privacy/settings", {"retention_days": 90}),
    "privacy.consent": (_none, "PUT", "/api/v1/privacy/consent-texts/ar", {"text": "سياستنا."}),
}


@pytest.mark.parametrize("action", CALLS)
def test_an_admin_api_change_is_logged_as_made_with_the_secret_key(
    client: FlaskClient, session: Session, org: OrgWithKeys, action: str
) -> None:
    arrange, method, path, body = CALLS[action]
    response = client.open(
        path.format(arrange(session, org)), method=method, json=body, headers=org.auth
    )
    assert response.status_code < 300, response.json
    key_id = session.scalar(
        select(ApiKey.id).where(
            ApiKey.organization_id == org.organization.id, ApiKey.kind == KeyKind.SECRET
        )
    )
    session.expire_all()
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.api_key_id, e.user_id) for e in entries][-1] == (action, key_id, None)


def test_a_retention_patch_that_changes_nothing_logs_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    response = client.patch("/api/v1/privacy/settings", json={}, headers=org.auth)
    assert response.status_code == 200
    assert session.scalars(select(AuditEntry)).all() == []
