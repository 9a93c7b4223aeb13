"""What a volunteer can do from the links in their emails: confirm, withdraw, erase, and
accept or decline the offer of a freed slot."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write, utcnow
from widget_server.models import OfferState, Organization, Signup, SignupStatus, SlotOffer
from widget_server.services.personal_data import privacy
from widget_server.services.volunteering import slot_offers
from widget_server.services.volunteering.signups import move

WITHDRAWABLE = frozenset(
    {
        SignupStatus.PENDING,
        SignupStatus.CONFIRMED,
        SignupStatus.ACCEPTED,
        SignupStatus.WAITLISTED,
    }
)


class Outcome(enum.StrEnum):
    DONE = "done"  # the change was made now
    ALREADY = "already"  # it had been made before; nothing changed
    CLOSED = "closed"  # the sign-up is past the point where this applies
    GONE = "gone"  # the sign-up no longer exists (erased)
    EXPIRED = "expired"  # the offer's time ran out; it went to the next in line


@dataclass(frozen=True)
class ActionResult:
    outcome: Outcome
    signup: Signup | None = None
    organization: Organization | None = None


def find_signup(session: Session, public_id: str) -> Signup | None:
    return session.scalar(
        select(Signup).options(joinedload(Signup.task)).where(Signup.public_id == public_id)
    )


def _load(session: Session, public_id: str) -> tuple[Signup, Organization] | None:
    signup = find_signup(session, public_id)
    if signup is None:
        return None
    organization = session.get(Organization, signup.organization_id)
    if organization is None:
        return None
    return signup, organization


def confirm_email(session: Session, public_id: str) -> ActionResult:
    """Double opt-in: a pending sign-up becomes confirmed (and "received" is emailed)."""
    begin_write(session)
    found = _load(session, public_id)
    if found is None:
        session.commit()
        return ActionResult(Outcome.GONE)
    signup, organization = found
    if signup.status is SignupStatus.PENDING:
        move(session, organization, signup, SignupStatus.CONFIRMED, by_volunteer=True)
        outcome = Outcome.DONE
    elif signup.status in (SignupStatus.WITHDRAWN, SignupStatus.EXPIRED):
        outcome = Outcome.CLOSED
    else:
        outcome = Outcome.ALREADY
    session.commit()
    return ActionResult(outcome, signup, organization)


def withdraw(session: Session, public_id: str) -> ActionResult:
    """The volunteer steps back: their slot is freed and the organization is told."""
    begin_write(session)
    found = _load(session, public_id)
    if found is None:
        session.commit()
        return ActionResult(Outcome.GONE)
    signup, organization = found
    if signup.status is SignupStatus.WITHDRAWN:
        outcome = Outcome.ALREADY
    elif signup.status in WITHDRAWABLE:
        move(session, organization, signup, SignupStatus.WITHDRAWN, by_volunteer=True)
        outcome = Outcome.DONE
    else:
        outcome = Outcome.CLOSED
    session.commit()
    return ActionResult(outcome, signup, organization)


def erase(session: Session, public_id: str) -> ActionResult:
    """Erase everything the sign-up's organization holds about the volunteer's email."""
    found = _load(session, public_id)
    session.commit()
    if found is None:
        return ActionResult(Outcome.GONE)
    signup, organization = found
    privacy.erase_person(session, organization_id=organization.id, email=signup.email, logged=False)
    return ActionResult(Outcome.DONE, None, organization)


def find_offer(session: Session, signup_public_id: str, offer_public_id: str) -> SlotOffer | None:
    """The offer a link names, if it is still there and belongs to the link's sign-up."""
    return session.scalar(
        select(SlotOffer)
        .join(Signup, Signup.id == SlotOffer.signup_id)
        .where(SlotOffer.public_id == offer_public_id, Signup.public_id == signup_public_id)
        .execution_options(populate_existing=True)
    )


def _load_offer(
    session: Session, signup_public_id: str, offer_public_id: str
) -> tuple[SlotOffer, Signup, Organization] | None:
    offer = find_offer(session, signup_public_id, offer_public_id)
    found = _load(session, signup_public_id) if offer is not None else None
    return None if offer is None or found is None else (offer, *found)


def _answered(state: OfferState, wanted: OfferState) -> Outcome:
    if state is wanted:
        return Outcome.ALREADY
    return Outcome.EXPIRED if state is OfferState.EXPIRED else Outcome.CLOSED


def open_offer(
    session: Session, signup_public_id: str, offer_public_id: str, *, accept: bool
) -> SlotOffer | ActionResult:
    """The open offer a link names, or what to tell the volunteer if it is not open any
    more; one whose time is up is expired now and passed on, not left for the worker."""
    now = utcnow()
    begin_write(session)
    found = _load_offer(session, signup_public_id, offer_public_id)
    if found is None:
        session.commit()
        return ActionResult(Outcome.GONE)
    offer, signup, organization = found
    if slot_offers.expire_if_due(session, offer, signup, now):
        outcome = Outcome.EXPIRED
    elif offer.state is OfferState.OPEN:
        session.commit()
        return offer
    else:
        outcome = _answered(offer.state, OfferState.ACCEPTED if accept else OfferState.DECLINED)
    session.commit()
    return ActionResult(outcome, signup, organization)


def reply_to_offer(
    session: Session, signup_public_id: str, offer_public_id: str, *, accept: bool
) -> ActionResult:
    """Take the offered slot (the sign-up is then confirmed: the link proved the address)
    or say no thanks (the slot goes to the next in line); once, and only in time."""
    now = utcnow()
    begin_write(session)
    found = _load_offer(session, signup_public_id, offer_public_id)
    if found is None:
        session.commit()
        return ActionResult(Outcome.GONE)
    offer, signup, organization = found
    wanted = OfferState.ACCEPTED if accept else OfferState.DECLINED
    if slot_offers.expire_if_due(session, offer, signup, now):
        outcome = Outcome.EXPIRED
    elif slot_offers.close_offer(session, offer, wanted, now):
        if accept:
            move(session, organization, signup, SignupStatus.CONFIRMED, by_volunteer=True)
            slot_offers.record(session, organization.id, signup, offer)
        else:
            slot_offers.pass_on(session, offer, signup, now)
        outcome = Outcome.DONE
    else:
        outcome = _answered(offer.state, wanted)
    session.commit()
    return ActionResult(outcome, signup, organization)
