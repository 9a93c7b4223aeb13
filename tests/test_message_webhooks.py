"""message.sent and message.received: one outbox row per message and subscribed endpoint,
written with the message, carrying ids only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from widget_server.models import MessageKind, OutboxMessage, Signup
from widget_server.services import audit
from widget_server.services.errors import ValidationFailed
from widget_server.services.hooks import webhooks
from widget_server.services.messaging import answers, sending
from widget_server.services.volunteering import signups

SECRET_TEXT = "Meet at the library, door code 4711"


def _endpoint(session: Session, org: OrgWithKeys, event_types: list[str]) -> str:
    payload = {"url": "http://127.0.0.1:9/hooks", "event_types": event_types}
    created = webhooks.create_endpoint(session, org.organization, payload, allow_private=True)
    return created.endpoint.public_id


def _webhooks(session: Session, event_type: str) -> list[dict[str, Any]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == MessageKind.WEBHOOK)
        .order_by(OutboxMessage.id)
    )
    return [r.payload for r in rows if r.payload["event_type"] == event_type]


def _accepted(session: Session, org: OrgWithKeys, task: Any) -> Signup:
    signup = make_signup(session, org, task)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def test_message_sent_once_per_recipient_and_subscribed_endpoint(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    layla, omar = _accepted(session, org, task), _accepted(session, org, task)
    both = _endpoint(session, org, ["message.sent", "message.received"])
    received_only = _endpoint(session, org, ["message.received"])
    _endpoint(session, org, ["signup.created"])
    other = make_org(session)
    _endpoint(session, other, ["message.sent"])

    sent = sending.send_message(
        session,
        org.organization,
        [layla.public_id, omar.public_id],
        SECRET_TEXT,
        by=audit.NOBODY,
    )

    events = _webhooks(session, "message.sent")
    assert len(events) == 2
    assert {e["endpoint_id"] for e in events} == {both}
    assert received_only not in {e["endpoint_id"] for e in events}
    by_signup = {e["body"]["data"]["signup_id"]: e for e in events}
    for message, signup in zip(sent, (layla, omar), strict=True):
        event = by_signup[signup.public_id]
        assert event["subject_id"] == message.public_id
        assert event["body"]["data"] == {
            "id": message.public_id,
            "signup_id": signup.public_id,
            "task_id": task.public_id,
            "direction": "out",
        }
    assert all(SECRET_TEXT not in repr(e) for e in events)


def test_message_received_carries_ids_only(session: Session, org: OrgWithKeys) -> None:
    task = make_task(session, org)
    signup = _accepted(session, org, task)
    received = _endpoint(session, org, ["message.received"])
    _endpoint(session, org, ["message.sent"])

    answer = answers.receive_answer(session, signup.public_id, SECRET_TEXT)

    events = _webhooks(session, "message.received")
    assert [e["endpoint_id"] for e in events] == [received]
    assert events[0]["body"]["data"] == {
        "id": answer.public_id,
        "signup_id": signup.public_id,
        "task_id": task.public_id,
        "direction": "in",
    }
    assert SECRET_TEXT not in repr(events)
    assert _webhooks(session, "message.sent") == []


def test_a_refused_message_queues_no_event(session: Session, org: OrgWithKeys) -> None:
    signup = _accepted(session, org, make_task(session, org))
    _endpoint(session, org, ["message.sent", "message.received"])
    for send in (
        lambda: sending.send_message(
            session, org.organization, [signup.public_id], " ", by=audit.NOBODY
        ),
        lambda: answers.receive_answer(session, signup.public_id, ""),
    ):
        try:
            send()
        except ValidationFailed:
            pass
        else:
            raise AssertionError("an empty message was accepted")
    assert _webhooks(session, "message.sent") == []
    assert _webhooks(session, "message.received") == []


def test_new_endpoints_are_offered_the_message_events(session: Session, org: OrgWithKeys) -> None:
    payload = {"url": "http://127.0.0.1:9/hooks"}
    endpoint = webhooks.create_endpoint(session, org.organization, payload, allow_private=True)
    assert {"message.sent", "message.received"} <= set(endpoint.endpoint.event_types)
