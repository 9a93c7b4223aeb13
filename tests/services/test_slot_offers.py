"""Offering a freed slot to the first waitlisted volunteer, and passing it on."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import (
    AuditEntry,
    OfferState,
    OutboxMessage,
    Signup,
    SignupStatus,
    SlotOffer,
    Task,
)
from widget_server.services.catalog import tasks
from widget_server.services.hooks import webhooks
from widget_server.services.personal_data import privacy
from widget_server.services.volunteering import signups, slot_offers, volunteer_actions
from widget_server.services.volunteering.volunteer_actions import Outcome


def _full_task_with_waitlist(
    session: Session, org: OrgWithKeys, waiting: int = 2, capacity: int = 1
) -> tuple[Task, list[Signup], list[Signup]]:
    task = make_task(session, org, capacity=capacity, waitlist=True)
    holders = [make_signup(session, org, task) for _ in range(capacity)]
    waiters = [make_signup(session, org, task, locale="ar") for _ in range(waiting)]
    assert all(w.status is SignupStatus.WAITLISTED for w in waiters)
    return task, holders, waiters


def _offers(session: Session, signup: Signup) -> list[SlotOffer]:
    session.expire_all()
    return list(session.scalars(select(SlotOffer).where(SlotOffer.signup_id == signup.id)))


def _taken(session: Session, task: Task) -> int:
    session.expire_all()
    return session.get(Task, task.id).taken  # type: ignore[union-attr]


def _offer_emails(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [m for m in rows if m.payload.get("template") == "slot_offer"]


def _withdraw(session: Session, org: OrgWithKeys, signup: Signup) -> None:
    signups.change_status(session, org.organization, signup.public_id, "withdrawn")


def test_a_withdrawal_offers_the_slot_to_the_earliest_waitlisted_volunteer(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first, second] = _full_task_with_waitlist(session, org)

    _withdraw(session, org, holder)

    [offer] = _offers(session, first)
    assert offer.state is OfferState.OPEN
    hours = (offer.expires_at - offer.created_at).total_seconds() / 3600
    assert hours == 48
    assert _offers(session, second) == []
    assert _taken(session, task) == 1  # the slot is held for the offer, not free to anyone
    [email] = _offer_emails(session)
    assert email.payload["to"] == first.email
    assert email.payload["locale"] == "ar"
    assert email.payload["context"]["offer_id"] == offer.public_id
    first_row = session.get(Signup, first.id)
    assert first_row is not None and first_row.holds_slot
    assert first_row.status is SignupStatus.WAITLISTED


def test_accepting_in_time_confirms_the_signup_and_keeps_the_slot(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first, _] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)
    [offer] = _offers(session, first)

    result = volunteer_actions.reply_to_offer(
        session, first.public_id, offer.public_id, accept=True
    )
    again = volunteer_actions.reply_to_offer(session, first.public_id, offer.public_id, accept=True)

    assert result.outcome is Outcome.DONE
    assert again.outcome is Outcome.ALREADY
    session.expire_all()
    row = session.get(Signup, first.id)
    assert row is not None and row.status is SignupStatus.CONFIRMED and row.holds_slot
    assert _offers(session, first)[0].state is OfferState.ACCEPTED
    assert _taken(session, task) == 1
    assert len(_offer_emails(session)) == 1


def test_declining_passes_the_offer_to_the_next_in_line(session: Session, org: OrgWithKeys) -> None:
    task, [holder], [first, second] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)
    [offer] = _offers(session, first)

    result = volunteer_actions.reply_to_offer(
        session, first.public_id, offer.public_id, accept=False
    )

    assert result.outcome is Outcome.DONE
    assert _offers(session, first)[0].state is OfferState.DECLINED
    row = session.get(Signup, first.id)
    assert row is not None and row.status is SignupStatus.WAITLISTED and not row.holds_slot
    [next_offer] = _offers(session, second)
    assert next_offer.state is OfferState.OPEN
    assert _taken(session, task) == 1


def test_the_worker_pass_expires_offers_and_passes_them_on_once(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first, second] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)
    later = utcnow() + timedelta(hours=49)

    assert slot_offers.expire_due(session, now=utcnow()) == 0
    assert slot_offers.expire_due(session, now=later) == 1
    assert slot_offers.expire_due(session, now=later) == 0  # the new offer is not due yet

    assert _offers(session, first)[0].state is OfferState.EXPIRED
    assert [o.state for o in _offers(session, second)] == [OfferState.OPEN]
    assert _taken(session, task) == 1


def test_when_nobody_is_left_waiting_an_expired_offer_frees_the_slot(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first] = _full_task_with_waitlist(session, org, waiting=1)
    _withdraw(session, org, holder)

    slot_offers.expire_due(session, now=utcnow() + timedelta(hours=49))

    assert _taken(session, task) == 0
    row = session.get(Signup, first.id)
    assert row is not None and not row.holds_slot
    assert len(_offer_emails(session)) == 1  # passed over: not offered the same slot again


def test_accepting_after_expiry_changes_nothing_but_the_expiry(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first, second] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)
    [offer] = _offers(session, first)
    session.execute(
        SlotOffer.__table__.update()
        .where(SlotOffer.id == offer.id)
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    session.commit()

    result = volunteer_actions.reply_to_offer(
        session, first.public_id, offer.public_id, accept=True
    )

    assert result.outcome is Outcome.EXPIRED
    row = session.get(Signup, first.id)
    assert row is not None and row.status is SignupStatus.WAITLISTED
    assert [o.state for o in _offers(session, second)] == [OfferState.OPEN]
    assert _taken(session, task) == 1


def test_declining_or_waitlisting_a_slot_holder_offers_the_slot_but_not_to_them(
    session: Session, org: OrgWithKeys
) -> None:
    task, holders, [first, second] = _full_task_with_waitlist(session, org, capacity=2)

    signups.change_status(session, org.organization, holders[0].public_id, "declined")
    signups.change_status(session, org.organization, holders[1].public_id, "waitlisted")

    assert len(_offers(session, first)) == len(_offers(session, second)) == 1
    assert _offers(session, holders[1]) == []
    assert _taken(session, task) == 2


def test_the_team_deciding_on_an_offered_signup_cancels_the_offer(
    session: Session, org: OrgWithKeys
) -> None:
    task, [holder], [first, second] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)

    signups.change_status(session, org.organization, first.public_id, "declined")

    assert _offers(session, first)[0].state is OfferState.CANCELLED
    assert [o.state for o in _offers(session, second)] == [OfferState.OPEN]
    assert _taken(session, task) == 1


def test_raising_the_capacity_offers_each_new_slot(session: Session, org: OrgWithKeys) -> None:
    task, _, waiters = _full_task_with_waitlist(session, org, waiting=3)

    tasks.update_task(session, org.organization, task.public_id, {"capacity": 3})

    assert [len(_offers(session, w)) for w in waiters] == [1, 1, 0]
    assert _taken(session, task) == 3


def test_erasing_a_slot_holder_offers_their_slot(session: Session, org: OrgWithKeys) -> None:
    task, [holder], [first, _] = _full_task_with_waitlist(session, org)

    privacy.erase_person(session, organization_id=org.organization.id, email=holder.email)

    assert len(_offers(session, first)) == 1
    assert _taken(session, task) == 1


def test_each_offer_is_audited_and_announced(session: Session, org: OrgWithKeys) -> None:
    _, [holder], [first, _] = _full_task_with_waitlist(session, org)
    _withdraw(session, org, holder)
    [offer] = _offers(session, first)
    volunteer_actions.reply_to_offer(session, first.public_id, offer.public_id, accept=False)

    states = session.scalars(
        select(AuditEntry.details)
        .where(AuditEntry.action == "signup.offer", AuditEntry.target == first.public_id)
        .order_by(AuditEntry.id)
    ).all()
    assert [d["state"] for d in states] == ["open", "declined"]
    assert session.scalar(select(func.count()).select_from(AuditEntry)) >= 3


def test_subscribed_endpoints_get_signup_offered_with_ids_only(
    session: Session, org: OrgWithKeys
) -> None:
    webhooks.create_endpoint(
        session,
        org.organization,
        {"url": "http://127.0.0.1:9/hooks", "event_types": ["signup.offered"]},
        allow_private=True,
    )
    _, [holder], [first, _] = _full_task_with_waitlist(session, org)

    _withdraw(session, org, holder)

    session.expire_all()
    [event] = [
        m.payload["body"]
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "webhook"))
    ]
    [offer] = _offers(session, first)
    assert event["type"] == "signup.offered"
    assert event["data"] == {
        "id": first.public_id,
        "task_id": first.task.public_id,
        "status": "waitlisted",
        "holds_slot": True,
        "expires_at": offer.expires_at.isoformat(),
    }
