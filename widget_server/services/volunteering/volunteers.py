"""The team's view of sign-ups: filtering and searching them, notes, decisions in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from widget_server.db import utcnow
from widget_server.models import (
    Direction,
    Message,
    Organization,
    Signup,
    SignupNote,
    SignupStatus,
    SlotOffer,
    Task,
    TaskStatus,
    TaskTranslation,
)
from widget_server.services import audit
from widget_server.services.catalog import search
from widget_server.services.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.services.inputs.control_chars import is_clean_multi_line
from widget_server.services.paging import Page
from widget_server.services.volunteering import signups, slot_offers

MAX_NOTE = 2000
MAX_BULK = 200


@dataclass(frozen=True)
class VolunteerFilters:
    status: str | None = None
    task: str | None = None  # a task's public id
    since: datetime | None = None
    until: datetime | None = None
    skill: str | None = None
    q: str | None = None
    needs_reply: bool = False  # nearing or past the follow-up promise
    unread: bool = False  # with an answer from the volunteer that no member has read
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True)
class VolunteerPage(Page[Signup]):
    note_counts: dict[int, int] = field(default_factory=dict)
    open_offers: dict[int, SlotOffer] = field(default_factory=dict)  # by sign-up id


def conditions(
    session: Session, organization: Organization, filters: VolunteerFilters
) -> list[ColumnElement[bool]]:
    """The WHERE clauses for filters; shared by the list and the CSV export."""
    where: list[ColumnElement[bool]] = [Signup.organization_id == organization.id]
    if filters.status:
        where.append(Signup.status == SignupStatus(filters.status))
    if filters.task:
        task_id = session.scalar(
            select(Task.id).where(
                Task.organization_id == organization.id, Task.public_id == filters.task
            )
        )
        if task_id is None:
            raise NotFound("task_not_found")
        where.append(Signup.task_id == task_id)
    if filters.since is not None:
        where.append(Signup.created_at >= filters.since)
    if filters.until is not None:
        where.append(Signup.created_at < filters.until)
    if filters.skill and (tag := search.normalise(filters.skill)):
        where.append(Signup.skill_tags.like(search.like_pattern(f"|{tag}|"), escape="\\"))
    for term in search.terms(filters.q or ""):
        where.append(Signup.search_text.like(search.like_pattern(term), escape="\\"))
    if filters.needs_reply:
        where.append(followup.needs_reply(organization, utcnow()))
    if filters.unread:
        unread = select(Message.signup_id).where(
            Message.organization_id == organization.id,
            Message.direction == Direction.IN,
            Message.read_at.is_(None),
        )
        where.append(Signup.id.in_(unread))
    return where


def export_conditions(
    session: Session,
    organization: Organization,
    filters: VolunteerFilters,
    *,
    shown: dict[str, str] | None = None,
    user_id: int | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a CSV export; with shown (the filters as the reader chose them,
    search words left out), the audit log records who took it before it is produced."""
    where = conditions(session, organization, filters)
    if shown is not None:
        audit.record(
            session,
            organization_id=organization.id,
            by=audit.Actor.member(user_id),
            action="signup.export",
            target="csv",
            details={"filters": shown, "searched": bool(filters.q)},
        )
        session.commit()
    return where


def list_volunteers(
    session: Session, organization: Organization, filters: VolunteerFilters
) -> VolunteerPage:
    """A page of sign-ups, newest first, with their tasks and note counts (four queries),
    and the open offers of those waiting with one (a fifth, only then)."""
    where = conditions(session, organization, filters)
    total = session.scalar(select(func.count()).select_from(Signup).where(*where)) or 0
    items = list(
        session.scalars(
            select(Signup)
            .join(Signup.task)
            .options(contains_eager(Signup.task).selectinload(Task.translations))
            .where(*where)
            .order_by(Signup.id.desc())
            .limit(filters.per_page)
            .offset((filters.page - 1) * filters.per_page)
        )
    )
    counts: dict[int, int] = {}
    if items:
        counts = dict(
            session.execute(
                select(SignupNote.signup_id, func.count())
                .where(SignupNote.signup_id.in_([s.id for s in items]))
                .group_by(SignupNote.signup_id)
            ).all()
        )
    # Only a waitlisted sign-up holding a slot has an open offer: most pages ask nothing.
    offered = [s.id for s in items if s.status is SignupStatus.WAITLISTED and s.holds_slot]
    offers = slot_offers.open_offers(session, offered)
    return VolunteerPage(items, total, filters.page, filters.per_page, counts, offers)


def status_counts(session: Session, organization: Organization) -> dict[str, int]:
    """How many sign-ups are in each status, for the filter's labels."""
    rows = session.execute(
        select(Signup.status, func.count())
        .where(Signup.organization_id == organization.id)
        .group_by(Signup.status)
    ).all()
    found = {status.value: count for status, count in rows}
    return {status.value: found.get(status.value, 0) for status in SignupStatus}


def task_choices(
    session: Session, organization: Organization, locale: str
) -> list[tuple[str, str]]:
    """(public id, title) of every task but archived ones, for the task filter: one query."""
    rows = session.execute(
        select(Task.public_id, Task.default_locale, TaskTranslation.locale, TaskTranslation.title)
        .join(TaskTranslation, TaskTranslation.task_id == Task.id)
        .where(Task.organization_id == organization.id, Task.status != TaskStatus.ARCHIVED)
        .order_by(Task.id.desc())
    ).all()
    titles: dict[str, dict[str, str]] = {}
    defaults: dict[str, str] = {}
    for public_id, default_locale, text_locale, title in rows:
        titles.setdefault(public_id, {})[text_locale] = title
        defaults[public_id] = default_locale
    return [
        (
            public_id,
            by_locale.get(locale)
            or by_locale.get(defaults[public_id])
            or next(iter(by_locale.values())),
        )
        for public_id, by_locale in titles.items()
    ]


def get_volunteer(session: Session, organization: Organization, public_id: str) -> Signup:
    """One sign-up with its task and its notes (and their authors)."""
    signup = session.scalar(
        select(Signup)
        .options(
            selectinload(Signup.task).selectinload(Task.translations),
            selectinload(Signup.notes).selectinload(SignupNote.author),
        )
        .where(Signup.organization_id == organization.id, Signup.public_id == public_id)
    )
    if signup is None:
        raise NotFound("signup_not_found")
    return signup


def add_note(
    session: Session, organization: Organization, public_id: str, body: str, *, user_id: int
) -> SignupNote:
    """A note the whole team sees on a sign-up."""
    text = body.strip()
    if not text:
        raise ValidationFailed({"body": FieldProblem("required")})
    if len(text) > MAX_NOTE:
        raise ValidationFailed({"body": FieldProblem("too_long", {"max": MAX_NOTE})})
    if not is_clean_multi_line(text):
        raise ValidationFailed({"body": FieldProblem("invalid_characters")})
    signup = signups.get_signup(session, organization, public_id)
    note = SignupNote(signup_id=signup.id, author_id=user_id, body=text)
    session.add(note)
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="signup.note",
        target=signup.public_id,
    )
    session.commit()
    return note


@dataclass(frozen=True)
class BulkOutcome:
    changed: list[str]
    refused: dict[str, str]  # public id -> error code ("task_full", "invalid_transition"…)


def change_many(
    session: Session,
    organization: Organization,
    public_ids: Sequence[str],
    new_status: str,
    *,
    hours: float | None = None,
    user_id: int | None = None,
) -> BulkOutcome:
    """Apply one decision to many sign-ups, each by the same rules as one at a time.

    Each sign-up is its own transaction, so a full task refuses only the sign-ups that
    would overfill it and the others still go through.
    """
    if new_status not in signups.ADMIN_STATUSES:
        raise ValidationFailed({"status": FieldProblem("not_a_choice", {"choices": ""})})
    ids = list(dict.fromkeys(public_ids))
    if not ids:
        raise ValidationFailed({"signups": FieldProblem("required")})
    if len(ids) > MAX_BULK:
        raise ValidationFailed({"signups": FieldProblem("too_many", {"max": MAX_BULK})})
    signups.check_completion(new_status, signups.check_hours(hours))
    known = session.scalar(
        select(func.count())
        .select_from(Signup)
        .where(Signup.organization_id == organization.id, Signup.public_id.in_(ids))
    )
    if known != len(ids):  # another organization's sign-up (or none): change nothing
        raise NotFound("signup_not_found")
    changed: list[str] = []
    refused: dict[str, str] = {}
    for public_id in ids:
        try:
            signups.change_status(
                session,
                organization,
                public_id,
                new_status,
                hours=hours,
                by=audit.Actor.member(user_id),
            )
        except DomainError as exc:
            session.rollback()
            refused[public_id] = exc.code
        else:
            changed.append(public_id)
    return BulkOutcome(changed, refused)
