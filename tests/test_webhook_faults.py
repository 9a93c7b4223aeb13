"""Webhooks through the outbox worker to a real receiver that fails, stalls or is gone:
retried with backoff under one webhook-id, and processed exactly once by the receiver."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from tests.smtp_sink import free_port
from tests.webhook_receiver import Receiver, running_receiver
from widget_server.db import utcnow
from widget_server.models import MessageKind, MessageStatus, OutboxMessage, WebhookDelivery
from widget_server.services.hooks import webhooks
from widget_server.services.hooks.webhook_signing import new_secret, signed_headers
from widget_server.services.outbound import outbox
from widget_server.services.outbound.delivery import RetryPolicy
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker, WorkerSettings


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def worker(app: Flask) -> Iterator[Worker]:
    """A worker retrying after 30 to 60 seconds, at most four times."""
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 1
    install_senders(app)
    policy = RetryPolicy(max_attempts=4, base_seconds=30, cap_seconds=60)
    yield Worker(app, WorkerSettings(policy=policy), name="webhook-worker")
    for kind in ("email", "webhook"):
        outbox.unregister_sender(kind)


def subscribe(session: Session, org: OrgWithKeys, url: str, receiver: Receiver | None) -> str:
    issued = webhooks.create_endpoint(
        session,
        org.organization,
        {"url": url, "event_types": ["signup.created"]},
        allow_private=True,
    )
    if receiver is not None:
        receiver.secrets = [issued.secret]
    return issued.endpoint.public_id


def sign_up(client: FlaskClient, session: Session, org: OrgWithKeys) -> OutboxMessage:
    """A sign-up, and the one signup.created webhook message it queued."""
    task = make_task(session, org)
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(),
    )
    assert response.status_code == 201
    [message] = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == MessageKind.WEBHOOK)
    ).all()
    return message


def reload(session: Session, message: OutboxMessage) -> OutboxMessage:
    session.expire_all()
    fresh = session.get(OutboxMessage, message.id)
    assert fresh is not None
    return fresh


def make_due(session: Session, message: OutboxMessage) -> None:
    """Let the backoff delay pass without waiting for it."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()


def attempts(session: Session) -> list[WebhookDelivery]:
    session.expire_all()
    return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_receiver_answering_500_is_retried_with_backoff_and_gets_the_event_once(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver, worker: Worker
) -> None:
    subscribe(session, org, receiver.url, receiver)
    message = sign_up(client, session, org)
    receiver.script = ["fail", "fail"]

    worker.run_once()
    failed = reload(session, message)
    assert failed.status is MessageStatus.PENDING
    assert failed.last_error == "HTTP 500"
    # Backoff: the retry is due 15 to 30 seconds later, and not a moment before.
    delay = (failed.next_attempt_at - utcnow()).total_seconds()
    assert 10 < delay <= 30
    assert worker.run_once() == 0

    make_due(session, message)
    worker.run_once()
    make_due(session, message)
    worker.run_once()

    assert reload(session, message).status is MessageStatus.SENT
    assert [r.message_id for r in receiver.processed] == [message.payload["message_id"]]
    assert receiver.events()[0]["type"] == "signup.created"
    log = attempts(session)
    assert [(a.status_code, a.succeeded) for a in log] == [(500, False), (500, False), (204, True)]
    assert {a.message_id for a in log} == {message.payload["message_id"]}


def test_a_receiver_too_slow_to_answer_processes_the_retry_as_a_duplicate(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver, worker: Worker
) -> None:
    subscribe(session, org, receiver.url, receiver)
    message = sign_up(client, session, org)
    receiver.script = ["slow"]

    worker.run_once()
    assert reload(session, message).last_error == "timed out after 1 s"
    receiver.release.set()
    make_due(session, message)
    worker.run_once()

    assert reload(session, message).status is MessageStatus.SENT
    # The receiver had processed the first attempt; the retry carries the same webhook-id,
    # so it is recognised and not processed again.
    assert [r.message_id for r in receiver.processed] == [message.payload["message_id"]]
    assert receiver.duplicates == [message.payload["message_id"]]


def test_an_unreachable_receiver_is_retried_then_the_message_is_dead(
    client: FlaskClient, session: Session, org: OrgWithKeys, worker: Worker
) -> None:
    subscribe(session, org, f"http://127.0.0.1:{free_port()}/hooks", None)
    message = sign_up(client, session, org)

    for _ in range(4):
        worker.run_once()
        make_due(session, message)

    dead = reload(session, message)
    assert (dead.status, dead.attempts) == (MessageStatus.DEAD, 4)
    assert dead.last_error == "connection failed (ConnectError)"
    assert [a.error for a in attempts(session)] == ["connection failed (ConnectError)"] * 4


def test_a_message_for_an_endpoint_disabled_since_is_dropped_unsent(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver, worker: Worker
) -> None:
    endpoint_id = subscribe(session, org, receiver.url, receiver)
    message = sign_up(client, session, org)
    webhooks.update_endpoint(
        session, org.organization, endpoint_id, {"enabled": False}, allow_private=True
    )

    worker.run_once()

    assert reload(session, message).status is MessageStatus.SENT
    assert receiver.requests == 0
    assert attempts(session) == []


def test_the_receiver_refuses_a_stale_timestamp_and_a_forged_signature(
    receiver: Receiver,
) -> None:
    secret = new_secret()
    receiver.secrets = [secret]
    body = b'{"type":"webhook.test","data":{}}'
    stale = signed_headers([secret], "msg_stale", int(time.time()) - 301, body)
    forged = signed_headers([new_secret()], "msg_forged", int(time.time()), body)
    fresh = signed_headers([secret], "msg_fresh", int(time.time()), body)

    answers = [
        httpx.post(receiver.url, content=body, headers=h).status_code
        for h in (stale, forged, fresh, fresh)
    ]

    assert answers == [401, 401, 204, 204]
    assert [r.message_id for r in receiver.processed] == ["msg_fresh"]
    assert receiver.duplicates == ["msg_fresh"]
    assert "tolerance" in receiver.refused[0]


def test_a_private_address_allowed_when_saved_is_refused_at_delivery_once_not_allowed(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver, worker: Worker
) -> None:
    subscribe(session, org, receiver.url, receiver)  # saved while private URLs were allowed
    message = sign_up(client, session, org)
    client.application.testing = False
    try:
        worker.run_once()
    finally:
        client.application.testing = True

    assert reload(session, message).last_error == (
        "refused: the URL does not resolve to a public address"
    )
    assert receiver.requests == 0
