"""Sign-up and task changes write one webhook message per subscribed endpoint, in the same
transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload
from widget_server.models import MessageKind, OutboxMessage
from widget_server.services.catalog import tasks
from widget_server.services.hooks import webhooks


def _endpoint(session: Session, org: OrgWithKeys, **fields: Any) -> str:
    payload = {"url": "http://127.0.0.1:9/hooks", **fields}
    return webhooks.create_endpoint(
        session, org.organization, payload, allow_private=True
    ).endpoint.public_id


def _webhooks(session: Session) -> list[dict[str, Any]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == MessageKind.WEBHOOK)
        .order_by(OutboxMessage.id)
    )
    return [row.payload for row in rows]


def _sign_up(client: FlaskClient, org: OrgWithKeys, task_id: str, **fields: Any) -> Any:
    return client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(**fields),
    )


def test_a_signup_queues_signup_created_with_contact_details_only(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    endpoint_id = _endpoint(session, org)
    task = make_task(session, org)
    _webhooks(session)  # task.published, checked below

    response = _sign_up(
        client,
        org,
        task.public_id,
        name="Layla Haddad",
        email="layla@example.org",
        phone="+961 3 123 456",
        message="I translate medical texts.",
        availability="Evenings",
    )

    created = [m for m in _webhooks(session) if m["event_type"] == "signup.created"]
    assert len(created) == 1
    message = created[0]
    assert message["endpoint_id"] == endpoint_id
    assert message["message_id"].startswith("msg_")
    assert message["subject_id"] == response.json["signup"]["id"]
    body = message["body"]
    assert body["type"] == "signup.created"
    assert set(body["data"]) == {
        "id", "task_id", "status", "holds_slot", "name", "email", "phone", "locale", "created_at"
    }  # fmt: skip
    assert body["data"]["email"] == "layla@example.org"
    assert body["data"]["phone"] == "+9613123456"
    assert "medical" not in str(message) and "Evenings" not in str(message)


def test_each_subscribed_enabled_endpoint_gets_its_own_message(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    every = _endpoint(session, org)
    only_signups = _endpoint(session, org, event_types=["signup.created"])
    _endpoint(session, org, event_types=["task.closed"])
    _endpoint(session, org, enabled=False)
    _endpoint(session, make_org(session))  # another organization's
    task = make_task(session, org)

    _sign_up(client, org, task.public_id)

    created = [m for m in _webhooks(session) if m["event_type"] == "signup.created"]
    assert sorted(m["endpoint_id"] for m in created) == sorted([every, only_signups])
    assert created[0]["message_id"] != created[1]["message_id"]


def test_a_refused_signup_queues_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    _endpoint(session, org)
    task = make_task(session, org, capacity=1)
    _sign_up(client, org, task.public_id)
    before = len(_webhooks(session))

    assert _sign_up(client, org, task.public_id).status_code == 409
    assert _sign_up(client, org, task.public_id, email="bad").status_code == 422

    assert len(_webhooks(session)) == before


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        (["confirmed"], ["signup.confirmed"]),
        (["accepted"], ["signup.status_changed"]),
        (["accepted", "withdrawn"], ["signup.status_changed", "signup.withdrawn"]),
    ],
)
def test_status_changes_queue_confirmed_withdrawn_or_status_changed(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    moves: list[str],
    expected: list[str],
) -> None:
    _endpoint(session, org)
    task = make_task(session, org)
    signup_id = _sign_up(client, org, task.public_id).json["signup"]["id"]
    before = len(_webhooks(session))

    for status in moves:
        response = client.patch(
            f"/api/v1/signups/{signup_id}", json={"status": status}, headers=org.auth
        )
        assert response.status_code == 200

    queued = _webhooks(session)[before:]
    assert [m["event_type"] for m in queued] == expected
    assert queued[0]["body"]["data"] == {
        "id": signup_id,
        "task_id": task.public_id,
        "status": moves[0],
        "holds_slot": True,
        "previous_status": "pending",
    }


def test_tasks_queue_published_when_opened_and_closed_when_closed(
    session: Session, org: OrgWithKeys
) -> None:
    _endpoint(session, org)
    draft = make_task(session, org, status="draft")
    assert _webhooks(session) == []

    tasks.update_task(session, org.organization, draft.public_id, {"status": "open"})
    tasks.update_task(session, org.organization, draft.public_id, {"hours_per_week": 4})
    tasks.update_task(session, org.organization, draft.public_id, {"status": "closed"})
    make_task(session, org, status="open")

    queued = _webhooks(session)
    assert [m["event_type"] for m in queued] == ["task.published", "task.closed", "task.published"]
    published = queued[0]["body"]["data"]
    assert published["id"] == draft.public_id
    assert published["status"] == "open"
    assert published["previous_status"] == "draft"
    assert published["title"] == "Translate our newsletter"
    assert queued[1]["body"]["data"]["previous_status"] == "open"
