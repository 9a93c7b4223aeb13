"""A freed slot offered to the first waitlisted volunteer, held for them for a while.

Whenever a slot of a waitlisted task frees up, offer_freed_slots() takes it again at once
for the earliest waitlisted sign-up (created_at, then id) that has not already let an
offer pass, and emails them an accept link. The slot stays taken while the offer is
open, so nobody new can sign up into it; accepting keeps it, declining or expiry gives it
to the next person in line.

Concurrency: every step is a conditional UPDATE in the caller's write transaction (the
slot: taken < capacity; the sign-up: still waitlisted and holding nothing; the offer:
still open and due or not), as in services/volunteering/capacity.py. PostgreSQL re-checks each
condition against the row a concurrent writer committed, SQLite runs one writer at a
time (begin_write), so two freed slots go to two people and an accept racing expiry has
one outcome.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import (
    OfferState,
    Organization,
    Signup,
    SignupStatus,
    SlotOffer,
    Task,
)
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.hooks import webhook_events
from widget_server.services.outbound import notifications
from widget_server.services.volunteering import capacity

log = logging.getLogger(__name__)

# PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back.
_RETRY_LATER = frozenset({"40P01", "40001"})

DEFAULT_HOURS = 48.0
# Offers that ended this way pass the sign-up over: it is not offered a slot again.
PASSED = (OfferState.DECLINED, OfferState.EXPIRED)
_MAX_LOST_RACES = 20


def offer_hours(session: Session) -> float:
    """WIDGET_SERVER_WAITLIST_OFFER_HOURS, as the app's sessionmaker carries it."""
    return float(session.info.get("waitlist_offer_hours", DEFAULT_HOURS))


def _next_in_line(session: Session, task_id: int, exclude: int | None) -> Signup | None:
    passed = exists().where(SlotOffer.signup_id == Signup.id, SlotOffer.state.in_(PASSED))
    query = select(Signup).where(
        Signup.task_id == task_id,
        Signup.status == SignupStatus.WAITLISTED,
        Signup.holds_slot.is_(False),
        ~passed,
    )
    if exclude is not None:
        query = query.where(Signup.id != exclude)
    return session.scalar(query.order_by(Signup.created_at, Signup.id).limit(1))


def _claim(session: Session, signup: Signup) -> bool:
    """Mark the sign-up as holding a slot, unless a concurrent writer got there first."""
    claimed = session.execute(
        update(Signup)
        .where(
            Signup.id == signup.id,
            Signup.status == SignupStatus.WAITLISTED,
            Signup.holds_slot.is_(False),
        )
        .values(holds_slot=True)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        return False
    set_committed_value(signup, "holds_slot", True)
    return True


def offer_freed_slots(
    session: Session, task_id: int, *, now: datetime | None = None, exclude: int | None = None
) -> list[SlotOffer]:
    """In the caller's write transaction: offer each free slot of an open task with a
    capacity to the next waitlisted sign-up (never to `exclude`, who was just moved)."""
    task = session.get(Task, task_id)
    if task is None or task.capacity is None:
        return []  # an unlimited task waitlists only by the team's decision
    now = now or utcnow()
    offers: list[SlotOffer] = []
    lost = 0
    while lost < _MAX_LOST_RACES:
        candidate = _next_in_line(session, task_id, exclude)
        if candidate is None or not capacity.take_slot(session, task_id):
            break
        if not _claim(session, candidate):
            capacity.release_slot(session, task_id)
            lost += 1
            continue
        offers.append(_make_offer(session, candidate, task, now))
    return offers


def _make_offer(session: Session, signup: Signup, task: Task, now: datetime) -> SlotOffer:
    offer = SlotOffer(
        public_id=new_public_id("ofr"),
        signup_id=signup.id,
        task_id=task.id,
        state=OfferState.OPEN,
        created_at=now,
        expires_at=now + timedelta(hours=offer_hours(session)),
    )
    session.add(offer)
    session.flush()
    organization = session.get(Organization, task.organization_id)
    assert organization is not None
    expires = offer.expires_at.isoformat()
    notifications.email_volunteer(
        session,
        signup,
        task,
        organization,
        "slot_offer",
        extra={
            "offer_id": offer.public_id,
            "expires_at": expires,
            "offer_timezone": signup.timezone or task.timezone or organization.timezone,
        },
        dedupe_key=f"offer:{offer.public_id}",
    )
    data = {**webhook_events.signup_data(signup, task), "expires_at": expires}
    webhook_events.emit(
        session,
        task.organization_id,
        webhook_events.SIGNUP_OFFERED,
        data,
        subject_id=signup.public_id,
    )
    record(session, task.organization_id, signup, offer)
    return offer


def record(session: Session, organization_id: int, signup: Signup, offer: SlotOffer) -> None:
    """An audit entry for an offer made or ended (by the system: no user)."""
    audit.record(
        session,
        organization_id=organization_id,
        by=audit.NOBODY,
        action="signup.offer",
        target=signup.public_id,
        details={"state": offer.state.value, "expires_at": offer.expires_at.isoformat()},
    )


def close_offer(session: Session, offer: SlotOffer, state: OfferState, now: datetime) -> bool:
    """End an open offer, once: accepting needs it unexpired, expiring needs it due."""
    query = update(SlotOffer).where(SlotOffer.id == offer.id, SlotOffer.state == OfferState.OPEN)
    if state is OfferState.EXPIRED:
        query = query.where(SlotOffer.expires_at <= now)
    elif state in (OfferState.ACCEPTED, OfferState.DECLINED):
        query = query.where(SlotOffer.expires_at > now)
    result = session.execute(
        query.values(state=state, closed_at=now).execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        session.refresh(offer)
        return False
    set_committed_value(offer, "state", state)
    set_committed_value(offer, "closed_at", now)
    return True


def let_go(session: Session, signup: Signup) -> bool:
    """Mark the sign-up as no longer holding a slot; False if it already did not (a
    concurrent writer gave the slot back first, so the caller must not give it again)."""
    released = session.execute(
        update(Signup)
        .where(Signup.id == signup.id, Signup.holds_slot.is_(True))
        .values(holds_slot=False)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(released) != 1:
        return False
    set_committed_value(signup, "holds_slot", False)
    return True


def pass_on(session: Session, offer: SlotOffer, signup: Signup, now: datetime) -> None:
    """After a decline or expiry: give the slot back and offer it to the next in line."""
    task = signup.task
    if let_go(session, signup):
        capacity.release_slot(session, task.id)
    record(session, task.organization_id, signup, offer)
    offer_freed_slots(session, task.id, now=now)
    organization = session.get(Organization, task.organization_id)
    assert organization is not None
    bump_content_version(session, organization)  # the slot may be free to anyone now


def expire_if_due(session: Session, offer: SlotOffer, signup: Signup, now: datetime) -> bool:
    """In the caller's write transaction: expire the offer if its time is up."""
    if offer.state is not OfferState.OPEN or offer.expires_at > now:
        return False
    if not close_offer(session, offer, OfferState.EXPIRED, now):
        return False
    pass_on(session, offer, signup, now)
    return True


def settle_before_move(session: Session, signup: Signup) -> None:
    """Before the team or the volunteer moves a sign-up that holds an offer: end the offer
    first, so that a racing expiry or reply, which needs it open, cannot also act on it.
    If one of them got there first, the sign-up is read again as it left it."""
    if signup.status is not SignupStatus.WAITLISTED or not signup.holds_slot:
        return
    # The offer's row first, then the sign-up's (flushed later), in the order the expiry
    # pass and the volunteer's reply take them: the other order deadlocks on PostgreSQL.
    with session.no_autoflush:
        cancelled = session.execute(
            update(SlotOffer)
            .where(SlotOffer.signup_id == signup.id, SlotOffer.state == OfferState.OPEN)
            .values(state=OfferState.CANCELLED, closed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    if rows_changed(cancelled) == 0:
        session.refresh(signup)


def after_move(session: Session, signup: Signup, *, freed_slot: bool) -> None:
    """move()'s follow-up: a slot the sign-up gave back goes to the next waitlisted
    volunteer (not to this one, whom the team has just moved)."""
    if freed_slot:
        offer_freed_slots(session, signup.task_id, exclude=signup.id)


def fill_free_slots(session: Session, task_id: int) -> list[SlotOffer]:
    """Offer a task's free slots in a transaction of their own (after its capacity rose
    or it reopened)."""
    begin_write(session)
    offers = offer_freed_slots(session, task_id)
    session.commit()
    return offers


def expire_due(session: Session, *, now: datetime) -> int:
    """The worker's pass: expire every open offer whose time is up and pass it on."""
    due = list(
        session.scalars(
            select(SlotOffer.id)
            .where(SlotOffer.state == OfferState.OPEN, SlotOffer.expires_at <= now)
            .order_by(SlotOffer.expires_at, SlotOffer.id)
        )
    )
    session.commit()
    expired = 0
    for offer_id in due:
        begin_write(session)
        offer = session.get(SlotOffer, offer_id, populate_existing=True)
        signup = session.get(Signup, offer.signup_id) if offer is not None else None
        try:
            if (
                offer is not None
                and signup is not None
                and expire_if_due(session, offer, signup, now)
            ):
                expired += 1
            session.commit()
        except IntegrityError:  # a racing writer made the same offer first
            session.rollback()
        except OperationalError as problem:
            session.rollback()
            if getattr(problem.orig, "sqlstate", None) not in _RETRY_LATER:
                raise
            # PostgreSQL ended this transaction to break a deadlock with a team member's
            # decision on the same task: nothing was kept, the next pass tries again.
            log.warning("expiring offer %s deferred to the next pass: %s", offer_id, problem.orig)
    return expired


def open_offers(session: Session, signup_ids: list[int]) -> dict[int, SlotOffer]:
    """The open offer of each of these sign-ups that has one, for the team's pages."""
    if not signup_ids:
        return {}
    rows = session.scalars(
        select(SlotOffer).where(
            SlotOffer.signup_id.in_(signup_ids), SlotOffer.state == OfferState.OPEN
        )
    )
    return {offer.signup_id: offer for offer in rows}


def offers_of(session: Session, signup_id: int) -> list[SlotOffer]:
    """Every offer a sign-up has had, newest first."""
    return list(
        session.scalars(
            select(SlotOffer).where(SlotOffer.signup_id == signup_id).order_by(SlotOffer.id.desc())
        )
    )
