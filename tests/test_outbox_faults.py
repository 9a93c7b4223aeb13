"""When mail cannot go out: retries with backoff, dead letters, failed recipients."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.smtp_sink import SmtpSink, free_port
from widget_server.models import MessageStatus, OutboxMessage
from widget_server.services.errors import Conflict
from widget_server.services.outbound import outbox, scheduled_notices
from widget_server.services.outbound.delivery import RetryPolicy, backoff_seconds
from widget_server.services.volunteering import slot_offers
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker, WorkerSettings


def queue_emails(session: Session, *addresses: str) -> list[int]:
    messages = [
        outbox.enqueue_email(
            session,
            to=address,
            locale="en",
            template="signup_received",
            context={
                "signup_id": f"sgn_test{n}",
                "name": "Rana",
                "org_name": "Sawa Aid",
                "task_title": "Translate our newsletter",
            },
        )
        for n, address in enumerate(addresses)
    ]
    session.commit()
    return [m.id for m in messages if m is not None]


def state(session: Session, message_id: int) -> OutboxMessage:
    session.expire_all()
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    return message


@pytest.fixture
def worker_without_server(app: Flask) -> Iterator[Worker]:
    """A worker whose SMTP_URL names a loopback port where nothing listens."""
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}?timeout=5"
    install_senders(app)
    policy = RetryPolicy(max_attempts=3, base_seconds=0, cap_seconds=0)
    yield Worker(app, WorkerSettings(policy=policy), name="lonely-worker")
    outbox.unregister_sender("email")


def test_smtp_server_down_is_retried_then_dead_after_the_last_attempt_with_the_reason(
    session: Session, worker_without_server: Worker
) -> None:
    [message_id] = queue_emails(session, "rana@example.org")

    worker_without_server.run_once()
    first = state(session, message_id)
    assert (first.status, first.attempts) == (MessageStatus.PENDING, 1)
    assert "ConnectionRefusedError" in (first.last_error or "")

    worker_without_server.run_once()
    worker_without_server.run_once()
    last = state(session, message_id)
    assert (last.status, last.attempts) == (MessageStatus.DEAD, 3)
    assert "ConnectionRefusedError" in (last.last_error or "")
    assert worker_without_server.run_once() == 0  # dead messages are left alone


def test_temporary_4xx_answer_is_retried_and_delivered_once_the_server_recovers(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    [message_id] = queue_emails(session, "rana@example.org")
    smtp_sink.handler.data_reply = "451 4.3.0 Mailbox busy, try later"

    mail_worker.run_once()
    waiting = state(session, message_id)
    assert waiting.status is MessageStatus.PENDING
    assert waiting.last_error == "SMTP 451 4.3.0 Mailbox busy, try later"

    smtp_sink.handler.data_reply = None
    mail_worker.run_once()
    assert state(session, message_id).status is MessageStatus.SENT
    assert len(smtp_sink.to("rana@example.org")) == 1


def test_persistent_5xx_answer_makes_the_message_dead_with_the_reason(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    [message_id] = queue_emails(session, "rana@example.org")
    smtp_sink.handler.data_reply = "554 5.6.0 Message content rejected"

    for _ in range(3):
        mail_worker.run_once()

    dead = state(session, message_id)
    assert (dead.status, dead.attempts) == (MessageStatus.DEAD, 3)
    assert dead.last_error == "SMTP 554 5.6.0 Message content rejected"
    assert smtp_sink.messages == []


def test_bounced_recipient_fails_at_once_and_the_rest_of_the_batch_is_delivered(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    smtp_sink.handler.refused_recipients["gone@example.org"] = "550 5.1.1 No such user"
    first, bounced, last = queue_emails(
        session, "rana@example.org", "gone@example.org", "omar@example.org"
    )

    mail_worker.run_once()

    refused = state(session, bounced)
    assert (refused.status, refused.attempts) == (MessageStatus.FAILED, 1)
    assert refused.last_error == "recipient refused: 550 5.1.1 No such user"
    assert state(session, first).status is MessageStatus.SENT
    assert state(session, last).status is MessageStatus.SENT
    assert {str(m["To"]) for m in smtp_sink.messages} == {"rana@example.org", "omar@example.org"}


@pytest.mark.parametrize(
    "recipient", ["not an address", "rana@example.org\nBcc: all@example.org", "@example.org"]
)
def test_malformed_recipient_is_marked_failed_and_never_stops_the_worker(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker, recipient: str
) -> None:
    malformed, good = queue_emails(session, recipient, "rana@example.org")

    mail_worker.run_once()

    failed = state(session, malformed)
    assert failed.status is MessageStatus.FAILED
    assert (failed.last_error or "").startswith("malformed recipient address")
    assert state(session, good).status is MessageStatus.SENT
    assert [str(m["To"]) for m in smtp_sink.messages] == ["rana@example.org"]


def test_retry_gives_a_dead_message_a_fresh_set_of_attempts(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    [message_id] = queue_emails(session, "rana@example.org")
    smtp_sink.handler.data_reply = "421 4.7.0 Too many connections"
    for _ in range(3):
        mail_worker.run_once()
    assert state(session, message_id).status is MessageStatus.DEAD

    smtp_sink.handler.data_reply = None
    assert outbox.retry_dead(session) == 1
    mail_worker.run_once()

    assert state(session, message_id).status is MessageStatus.SENT


def test_only_failed_or_dead_messages_can_be_retried(session: Session) -> None:
    [message_id] = queue_emails(session, "rana@example.org")
    with pytest.raises(Conflict):
        outbox.retry_message(session, message_id)


def test_backoff_doubles_with_each_attempt_up_to_the_cap_and_never_comes_early() -> None:
    policy = RetryPolicy(max_attempts=8, base_seconds=30, cap_seconds=3600)
    rng = random.Random(5)
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (4, 240), (7, 1920), (8, 3600)]:
        delays = [backoff_seconds(attempts, policy, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jitter spreads retries out


def test_messages_stay_inspectable_in_the_outbox_after_delivery(
    session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    [message_id] = queue_emails(session, "rana@example.org")
    mail_worker.run_once()
    sent = session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))
    assert sent is not None and sent.sent_at is not None
    assert sent.payload["to"] == "rana@example.org"


def test_a_scheduled_step_that_fails_leaves_the_later_steps_to_run(
    app: Flask,
    mail_worker: Worker,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("reminders are broken")

    ran: list[str] = []
    monkeypatch.setattr(scheduled_notices, "enqueue_reminders", broken)
    monkeypatch.setattr(slot_offers, "expire_due", lambda *_a, **_k: ran.append("offers") or 0)
    with caplog.at_level("ERROR", logger="widget_server.worker"):
        mail_worker.queue_scheduled()
    assert ran == ["offers"]  # the last step still ran
    assert "task reminders failed; trying again next pass" in caplog.text
