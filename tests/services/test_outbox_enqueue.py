"""Enqueueing writes a row in the caller's transaction and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests import factories
from widget_server.models import MessageKind, MessageStatus, OutboxMessage, SignupNotice
from widget_server.services.access import organizations
from widget_server.services.errors import ValidationFailed
from widget_server.services.outbound import outbox


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def test_enqueued_email_is_pending_with_its_payload_once_committed(session: Session) -> None:
    outbox.enqueue_email(
        session,
        to="layla@example.org",
        locale="ar",
        template="signup_received",
        context={"task_title": "ترجمة"},
    )
    session.commit()
    message = session.scalars(select(OutboxMessage)).one()
    assert message.kind is MessageKind.EMAIL
    assert message.status is MessageStatus.PENDING
    assert message.attempts == 0
    assert message.payload == {
        "to": "layla@example.org",
        "locale": "ar",
        "template": "signup_received",
        "context": {"task_title": "ترجمة"},
    }


def test_rolled_back_change_leaves_no_message(session: Session) -> None:
    outbox.enqueue(session, kind="webhook", payload={"event": "signup.created"})
    session.rollback()
    assert _count(session) == 0


def test_same_dedupe_key_makes_one_message(session: Session) -> None:
    first = outbox.enqueue(session, kind="email", payload={}, dedupe_key="reminder:sgn_1")
    again_in_same_transaction = outbox.enqueue(
        session, kind="email", payload={}, dedupe_key="reminder:sgn_1"
    )
    session.commit()
    again_later = outbox.enqueue(session, kind="email", payload={}, dedupe_key="reminder:sgn_1")
    session.commit()
    assert first is not None
    assert again_in_same_transaction is None
    assert again_later is None
    assert _count(session) == 1


def test_sender_registered_for_a_kind_is_found_by_that_kind() -> None:
    previous = outbox.sender_for("webhook")
    try:

        def deliver(_delivery: outbox.Delivery) -> None:
            return None

        outbox.register_sender("webhook", deliver)
        assert outbox.sender_for("webhook") is deliver
        assert "webhook" in outbox.registered_kinds()
    finally:
        outbox.unregister_sender("webhook")
        if previous is not None:
            outbox.register_sender("webhook", previous)


def test_unknown_kind_cannot_be_registered() -> None:
    with pytest.raises(ValueError):
        outbox.register_sender("carrier_pigeon", lambda _d: None)


def test_member_chooses_a_daily_digest_of_new_signups(session: Session) -> None:
    org = factories.make_org(session, admin_email="owner@ngo.example")
    membership = organizations.set_signup_notice(
        session, org.organization, "Owner@NGO.example", "daily"
    )
    assert membership.signup_notice is SignupNotice.DAILY


def test_unknown_notice_choice_is_refused(session: Session) -> None:
    org = factories.make_org(session, admin_email="owner@ngo.example")
    with pytest.raises(ValidationFailed):
        organizations.set_signup_notice(session, org.organization, "owner@ngo.example", "hourly")
