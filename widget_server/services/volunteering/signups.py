"""Sign-ups: taking a slot or a waitlist place, changing status, listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write, insert_new_rows, utcnow
from widget_server.models import (
    ADMIN_TRANSITIONS,
    SLOT_HOLDING_STATUSES,
    Organization,
    Signup,
    SignupStatus,
    Task,
)
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.catalog.search import search_columns
from widget_server.services.catalog.tasks import decode_cursor, encode_cursor
from widget_server.services.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    NotFound,
    ValidationFailed,
)
from widget_server.services.follow_up import followup
from widget_server.services.hooks import webhook_events
from widget_server.services.inputs import idempotency
from widget_server.services.outbound import notifications
from widget_server.services.volunteering import capacity, certificates, signup_reads, slot_offers
from widget_server.services.volunteering.signup_input import SignupInput, read_signup

# PENDING is the volunteer's to leave, EXPIRED the server's to set.
ADMIN_STATUSES = tuple(
    s.value for s in SignupStatus if s not in (SignupStatus.PENDING, SignupStatus.EXPIRED)
)
# A volunteer who withdrew, or whose sign-up was closed unanswered, may sign up afresh.
SIGN_UP_AGAIN = frozenset({SignupStatus.WITHDRAWN, SignupStatus.EXPIRED})
MAX_HOURS = 10000


@dataclass(frozen=True)
class SignupOutcome:
    """What the volunteer's request got: status 201, for a new sign-up and a repeat alike."""

    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Idempotency:
    key: str
    fingerprint: str


def receipt(signup: Signup, task: Task, organization: Organization) -> dict[str, Any]:
    """What a volunteer's browser is told: no personal data, so it is safe to store and replay."""
    due = followup.respond_by(signup, organization)
    return {
        "id": signup.public_id,
        "task_id": task.public_id,
        "status": signup.status.value,
        "holds_slot": signup.holds_slot,
        "created_at": signup.created_at.isoformat(),
        "respond_by": due.isoformat() if due else None,
    }


def stand_in_receipt(task: Task, organization: Organization) -> dict[str, Any]:
    """The receipt a new sign-up would get now, under a fresh id that names nothing: the
    answer to an address already signed up, so that the caller learns nothing of that
    sign-up (its id, its status, whether it holds a slot)."""
    holds_slot = task.spots_left != 0
    stand_in = Signup(
        public_id=new_public_id("sgn"),
        status=SignupStatus.PENDING if holds_slot else SignupStatus.WAITLISTED,
        holds_slot=holds_slot,
        created_at=utcnow(),
        first_response_at=None,
    )
    return receipt(stand_in, task, organization)


def create_signup(
    session: Session,
    organization: Organization,
    task_public_id: str,
    payload: Any,
    *,
    default_locale: str,
    origin: str | None,
    today: date,
    idem: Idempotency | None = None,
) -> SignupOutcome:
    """Sign a volunteer up: a slot if one is free, else the waitlist, else Conflict."""
    # A concurrent twin (same email, or same idempotency key) fails on a unique constraint
    # and rolls back everything, slot included; the next attempt then finds it. So does a
    # sign-up that counted on a slot another one took first: the next attempt reads the
    # task again.
    for _ in range(3):
        begin_write(session)
        try:
            return _create_once(
                session, organization, task_public_id, payload, default_locale, origin, today, idem
            )
        except (IntegrityError, _SlotGone):
            session.rollback()
        except DomainError:
            session.rollback()  # SQLite's write lock is not held while the error is answered
            raise
    raise Conflict("signup_conflict")


class _SlotGone(Exception):
    """The slot the task had free when it was read was taken before this sign-up's UPDATE."""


def _create_once(
    session: Session,
    organization: Organization,
    task_public_id: str,
    payload: Any,
    default_locale: str,
    origin: str | None,
    today: date,
    idem: Idempotency | None,
) -> SignupOutcome:
    # Every read comes first, in as few statements as the rules allow, and the rows are
    # written by plain INSERTs: the round trips and the Python of a sign-up are the point.
    # The task and organization rows are locked last, just before COMMIT, so that
    # sign-ups for one task wait on each other for as short a time as possible.
    task, stored = signup_reads.task_and_stored_answer(
        session, organization, task_public_id, today, idem.key if idem else None
    )
    if stored is not None:
        assert idem is not None
        idempotency.check_fingerprint(stored, idem.fingerprint)
        session.commit()
        return SignupOutcome(stored.status_code, stored.response_body)
    if task is None:
        raise NotFound("task_not_found")
    data = read_signup(payload, task, default_locale=default_locale)
    assert data.locale is not None  # read_signup chose one
    previous, consent_version = signup_reads.previous_signup_and_consent(
        session, organization.id, task.id, data.email_normalized, data.locale
    )
    slot_counted_on = bump_version = False
    with session.no_autoflush:
        if previous is not None and previous.status not in SIGN_UP_AGAIN:
            # Whoever sent this may not be the person: answer as to a new sign-up (a full
            # task without a waitlist refuses as it would refuse a new one), change
            # nothing, and tell the person, in their language, with their links.
            if task.spots_left == 0 and not task.waitlist:
                raise Conflict("task_full")
            notifications.signup_repeated(session, previous, task, organization)
            outcome = SignupOutcome(201, {"signup": stand_in_receipt(task, organization)})
        else:
            told = signup_reads.recipients(session, organization.id)
            # A task that had a slot free when read is counted on to have it still: the
            # UPDATE that takes it comes last and, should it find the task full, the
            # attempt is rolled back and made again. A task read as full is asked at once
            # (a slot may have been freed since), and waitlists on a no.
            slot_counted_on = task.spots_left != 0
            holds_slot = slot_counted_on or capacity.take_slot(session, task.id)
            if not holds_slot and not task.waitlist:
                raise Conflict("task_full")
            bump_version = holds_slot and task.capacity is not None  # spots_left changes
            signup = previous or Signup(
                public_id=new_public_id("sgn"), task_id=task.id, organization_id=organization.id
            )
            _fill(signup, data, origin)
            if previous is not None:
                followup.restart(signup, now=signup.consented_at)
            signup.consent_version = consent_version
            signup.status = SignupStatus.PENDING if holds_slot else SignupStatus.WAITLISTED
            signup.holds_slot = holds_slot
            signup.status_changed_at = signup.created_at = signup.consented_at
            session.add(signup)
            webhook_events.signup_created(session, signup, task, told.endpoint_ids)
            notifications.signup_created(session, signup, task, organization, told.told_at_once)
            outcome = SignupOutcome(201, {"signup": receipt(signup, task, organization)})
        if idem is not None:
            idempotency.remember(
                session,
                organization.id,
                idem.key,
                idem.fingerprint,
                outcome.status_code,
                outcome.body,
            )
    insert_new_rows(session)
    if slot_counted_on and not capacity.take_slot(session, task.id):
        raise _SlotGone()
    if bump_version:
        bump_content_version(session, organization)
    session.commit()
    return outcome


def _fill(signup: Signup, data: SignupInput, origin: str | None) -> None:
    now = utcnow()
    signup.name = data.name
    signup.email = data.email
    signup.email_normalized = data.email_normalized
    signup.phone = data.phone
    signup.skills = data.skills
    signup.availability = data.availability
    signup.timezone = data.timezone
    signup.availability_windows = data.stored_windows()
    signup.message = data.message
    signup.answers = data.answers
    assert data.locale is not None  # read_signup chose one
    signup.locale = data.locale
    signup.page_url = data.page_url
    signup.origin = origin
    signup.consented_at = now
    signup.search_text, signup.skill_tags = search_columns(
        data.name, data.email, data.skills, data.message
    )


def get_signup(session: Session, organization: Organization, public_id: str) -> Signup:
    signup = session.scalar(
        select(Signup)
        .options(joinedload(Signup.task))
        .where(Signup.organization_id == organization.id, Signup.public_id == public_id)
    )
    if signup is None:
        raise NotFound("signup_not_found")
    return signup


def check_hours(hours: float | None) -> float | None:
    """Hours contributed, if given: a positive number of at most MAX_HOURS, to the quarter."""
    if hours is None:
        return None
    if not 0 < hours <= MAX_HOURS:
        raise ValidationFailed(
            {"hours": FieldProblem("out_of_range", {"min": 0, "max": MAX_HOURS})}
        )
    return max(0.25, round(hours * 4) / 4)  # a few minutes count as a quarter, not as none


def check_completion(new_status: str, hours: float | None) -> None:
    """Completing a sign-up records the hours the volunteer gave: they are required."""
    if new_status == SignupStatus.COMPLETED.value and hours is None:
        raise ValidationFailed({"hours": FieldProblem("required")})


def change_status(
    session: Session,
    organization: Organization,
    public_id: str,
    new_status: str,
    *,
    hours: float | None = None,
    by: audit.Actor = audit.NOBODY,
) -> Signup:
    """Move a sign-up to a new status, taking or giving back its slot as needed.

    hours: what a completed volunteer gave; by: who decided (for the audit log).
    """
    if new_status not in ADMIN_STATUSES:
        raise ValidationFailed(
            {"status": FieldProblem("not_a_choice", {"choices": ", ".join(ADMIN_STATUSES)})}
        )
    hours = check_hours(hours)
    check_completion(new_status, hours)
    if new_status != SignupStatus.COMPLETED.value:
        hours = None  # checked, but only a completion records hours
    begin_write(session)
    signup = get_signup(session, organization, public_id)
    target = SignupStatus(new_status)
    previous = signup.status
    if target is previous and (hours is None or hours == signup.hours_contributed):
        session.commit()  # a repeated decision (a form sent twice) changes nothing
        return signup
    if target is not previous and target not in ADMIN_TRANSITIONS[previous]:
        session.rollback()
        raise Conflict("invalid_transition", current=previous.value, requested=new_status)
    # Set before the move, so the completion email and the certificate state the hours.
    signup.hours_contributed = hours if target is SignupStatus.COMPLETED else None
    if target is not previous:
        followup.record_answer(signup)  # first, so the emails it causes promise nothing more
        move(session, organization, signup, target)
    else:
        certificates.follow_signup(session, signup, organization)  # hours corrected
    details: dict[str, Any] = {"from": previous.value, "to": target.value}
    if signup.hours_contributed is not None:
        details["hours"] = signup.hours_contributed
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="signup.status",
        target=signup.public_id,
        details=details,
    )
    session.commit()
    session.refresh(signup.task)
    return signup


def move(
    session: Session,
    organization: Organization,
    signup: Signup,
    target: SignupStatus,
    *,
    by_volunteer: bool = False,
) -> None:
    """Change status in the caller's write transaction: the slot, the public listing's
    version and the emails it causes all change with it (Conflict if no slot is free);
    a slot given back is offered to the next waitlisted volunteer."""
    slot_offers.settle_before_move(session, signup)
    needs_slot = target in SLOT_HOLDING_STATUSES
    freed_slot = not needs_slot and signup.holds_slot
    if needs_slot and not signup.holds_slot:
        if not capacity.take_slot_any_status(session, signup.task_id):
            session.rollback()
            raise Conflict("task_full")
        signup.holds_slot = True
    elif not needs_slot and signup.holds_slot:
        capacity.release_slot(session, signup.task_id)
        signup.holds_slot = False
    previous = signup.status
    signup.status = target
    signup.status_changed_at = utcnow()
    if signup.task.capacity is not None:
        bump_content_version(session, organization)
    webhook_events.signup_status_changed(session, signup, signup.task, previous)
    certificates.follow_signup(session, signup, organization)
    notifications.status_changed(
        session, signup, signup.task, organization, previous, by_volunteer=by_volunteer
    )
    slot_offers.after_move(session, signup, freed_slot=freed_slot)


def list_signups(
    session: Session,
    organization: Organization,
    *,
    task_public_id: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Signup], str | None]:
    """Sign-ups of the organization, newest first, a page at a time by cursor."""
    query = (
        select(Signup)
        .options(joinedload(Signup.task))
        .where(Signup.organization_id == organization.id)
    )
    if task_public_id:
        task_id = session.scalar(
            select(Task.id).where(
                Task.organization_id == organization.id, Task.public_id == task_public_id
            )
        )
        if task_id is None:
            raise NotFound("task_not_found")
        query = query.where(Signup.task_id == task_id)
    if status:
        query = query.where(Signup.status == status)
    if since:
        query = query.where(Signup.created_at >= since)
    if cursor:
        query = query.where(Signup.id < decode_cursor(cursor))
    rows = list(session.scalars(query.order_by(Signup.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor
