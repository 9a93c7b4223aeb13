"""The follow-up promise: when a sign-up is due an answer, and which ones need one now.

An organization promises to answer within `response_days`; a sign-up counts as answered
at the organization's first status change (recorded in `first_response_at`). The
volunteer's own moves (confirming their email, withdrawing) are not answers, nor is the
server's own closing of a sign-up left unanswered past `close_after_days`.

Only sign-ups waiting for the organization's decision are due an answer: pending (the
volunteer has not confirmed their address yet) and confirmed. A volunteer placed on the
waitlist at sign-up was told so at once and waits for a freed slot instead.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_date
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import Organization, Signup, SignupStatus, Task
from widget_server.services import audit
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.times.zones import is_zone

AWAITING_STATUSES = (SignupStatus.PENDING, SignupStatus.CONFIRMED)
# Members are nudged once when a sign-up is this close to its due time.
NEARING = timedelta(hours=24)
MAX_RESPONSE_DAYS = 30
MAX_CLOSE_AFTER_DAYS = 180


class Stage:
    """How far a sign-up's nudges have gone (Signup.nudge_stage)."""

    NONE = 0
    NEARING = 1
    OVERDUE = 2


@dataclass(frozen=True)
class FollowupSettings:
    response_days: int
    close_after_days: int


def due_at(created_at: datetime, response_days: int) -> datetime:
    return created_at + timedelta(days=response_days)


def awaits_answer(signup: Signup) -> bool:
    return signup.first_response_at is None and signup.status in AWAITING_STATUSES


def respond_by(signup: Signup, organization: Organization) -> datetime | None:
    """When the volunteer will hear back at the latest; None once nothing is promised."""
    if not awaits_answer(signup):
        return None
    return due_at(signup.created_at, organization.response_days)


def stage_at(created_at: datetime, response_days: int, now: datetime) -> int:
    """Which nudge a sign-up created at created_at, still unanswered, calls for at now."""
    due = due_at(created_at, response_days)
    if now >= due:
        return Stage.OVERDUE
    if now >= due - NEARING:
        return Stage.NEARING
    return Stage.NONE


def volunteer_zone(signup: Signup, task: Task, organization: Organization) -> str:
    return volunteer_zone_name(signup.timezone, task, organization)


def volunteer_zone_name(own: str | None, task: Task, organization: Organization) -> str:
    """The time zone to show the volunteer times in: theirs, else the task's, else the
    organization's (a name that is no longer known falls through to the next)."""
    return next((n for n in (own, task.timezone, organization.timezone) if is_zone(n)), "UTC")


def promise_date(moment: datetime, zone: str, locale: str) -> str:
    """The promised day as the volunteer reads it: in their zone and language."""
    return format_date(moment.astimezone(zoneinfo.ZoneInfo(zone)).date(), "full", locale=locale)


def unanswered(organization_id: int) -> list[ColumnElement[bool]]:
    return [
        Signup.organization_id == organization_id,
        Signup.status.in_(AWAITING_STATUSES),
        Signup.first_response_at.is_(None),
    ]


def needs_reply(organization: Organization, now: datetime) -> ColumnElement[bool]:
    """Unanswered sign-ups that are nearing their due time or past it."""
    nearing_from = now + NEARING - timedelta(days=organization.response_days)
    return and_(*unanswered(organization.id), Signup.created_at <= nearing_from)


def needs_reply_count(session: Session, organization: Organization, now: datetime) -> int:
    """The number shown on the panel's badge: one indexed count."""
    query = select(func.count()).select_from(Signup).where(needs_reply(organization, now))
    return session.scalar(query) or 0


def record_answer(signup: Signup, *, now: datetime | None = None) -> None:
    """The organization changed the sign-up's status: its first answer, if none before."""
    if signup.first_response_at is None:
        signup.first_response_at = now or utcnow()


def restart(signup: Signup, *, now: datetime | None = None) -> None:
    """A volunteer signs up again after withdrawing or being closed: a new promise."""
    signup.created_at = now or utcnow()
    signup.first_response_at = None
    signup.nudge_stage = Stage.NONE


def read_settings(form: dict[str, str]) -> FollowupSettings:
    """Both limits from a form, whole days; ValidationFailed names each bad field."""
    problems: dict[str, FieldProblem] = {}
    values: dict[str, int] = {}
    limits = {
        "response_days": (1, MAX_RESPONSE_DAYS),
        "close_after_days": (2, MAX_CLOSE_AFTER_DAYS),
    }
    for name, (low, high) in limits.items():
        typed = str(form.get(name, "")).strip()
        if not typed:
            problems[name] = FieldProblem("required", {})
        elif not typed.isdigit() or not low <= int(typed) <= high:
            problems[name] = FieldProblem("out_of_range", {"min": low, "max": high})
        else:
            values[name] = int(typed)
    if not problems and values["close_after_days"] <= values["response_days"]:
        problems["close_after_days"] = FieldProblem(
            "out_of_range", {"min": values["response_days"] + 1, "max": MAX_CLOSE_AFTER_DAYS}
        )
    if problems:
        raise ValidationFailed(problems)
    return FollowupSettings(values["response_days"], values["close_after_days"])


def save_settings(
    session: Session, organization: Organization, form: dict[str, str], *, user_id: int | None
) -> FollowupSettings:
    """Apply both limits read from a form (ValidationFailed as read_settings), logging who
    set them and what they were."""
    settings = read_settings(form)
    chosen = {
        "response_days": settings.response_days,
        "close_after_days": settings.close_after_days,
    }
    before = {name: getattr(organization, name) for name in chosen}
    for name, value in chosen.items():
        setattr(organization, name, value)
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="followup.settings",
        target=organization.slug,
        details={**chosen, "was": before},
    )
    session.commit()
    return settings
