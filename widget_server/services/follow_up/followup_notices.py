"""The follow-up promise kept by the worker: nudges, the owners' digest, closing kindly.

Each pass is safe to run often and from several workers: a sign-up's nudges are
recorded on it (nudge_stage) and every email has a dedupe key (one nudge per stage,
sign-up and member; one digest per owner and day; one closing email per sign-up), so a
second pass, or a racing worker, adds nothing.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import (
    Organization,
    Role,
    Signup,
    SignupNotice,
    SignupStatus,
    Task,
)
from widget_server.services.catalog import task_matches
from widget_server.services.follow_up import followup
from widget_server.services.outbound.notifications import email_volunteer, members_to_tell
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.services.volunteering.signups import move

DIGEST_MAX_SIGNUPS = 200
# Owners' digests go out from this hour of the organization's day, to start a working day.
DIGEST_HOUR = 8
CLOSE_BATCH = 200
_STAGE_NAMES = {followup.Stage.NEARING: "nearing", followup.Stage.OVERDUE: "overdue"}
# Members who decide on sign-ups, and have not turned sign-up emails off.
_NUDGED_ROLES = (Role.OWNER, Role.EDITOR)
_TOLD = frozenset(SignupNotice) - {SignupNotice.OFF}


def _for_each_organization(session: Session, one: Callable[[Organization], int]) -> int:
    """The sum of one(organization) over every organization, each in its own write
    transaction; one that a racing worker did first (a dedupe key taken) adds nothing."""
    ids = list(session.scalars(select(Organization.id).order_by(Organization.id)))
    session.commit()
    done = 0
    for organization_id in ids:
        try:
            begin_write(session)
            organization = session.get(Organization, organization_id)
            done += one(organization) if organization is not None else 0
            session.commit()
        except IntegrityError:
            session.rollback()
    return done


def _row(signup: Signup, task: Task, locale: str, zone: str) -> dict[str, str]:
    return {
        "signup_id": signup.public_id,
        "volunteer_name": signup.name,
        "volunteer_email": signup.email,
        "task_title": task.text_for(locale).title,
        "created_at": signup.created_at.isoformat(),
        "status": signup.status.value,
        "zone": zone,
    }


def enqueue_nudges(session: Session, *, now: datetime) -> int:
    """Email deciding members once when a sign-up nears its due time, once when past it."""
    return _for_each_organization(
        session, lambda organization: _nudges_for(session, organization, now)
    )


def _nudges_for(session: Session, organization: Organization, now: datetime) -> int:
    rows = session.execute(
        select(Signup, Task)
        .join(Task, Task.id == Signup.task_id)
        .where(
            followup.needs_reply(organization, now),
            Signup.nudge_stage < followup.Stage.OVERDUE,
        )
        .order_by(Signup.id)
    ).all()
    members = members_to_tell(session, organization.id, _TOLD, _NUDGED_ROLES) if rows else []
    queued = 0
    for signup, task in rows:
        stage = followup.stage_at(signup.created_at, organization.response_days, now)
        if stage <= signup.nudge_stage:
            continue
        signup.nudge_stage = stage
        due = followup.due_at(signup.created_at, organization.response_days)
        for membership in members:
            user = membership.user
            message = enqueue_email(
                session,
                to=user.email,
                locale=user.locale,
                template=f"admin_followup_{_STAGE_NAMES[stage]}",
                context={
                    "org_name": organization.name,
                    **_row(signup, task, user.locale, organization.timezone),
                    "due_at": due.isoformat(),
                },
                organization_id=organization.id,
                dedupe_key=f"nudge:{_STAGE_NAMES[stage]}:{signup.public_id}:{membership.id}",
            )
            queued += message is not None
    return queued


def enqueue_owner_digests(session: Session, *, now: datetime, from_hour: int = DIGEST_HOUR) -> int:
    """Once a day (the organization's day, from `from_hour`), each owner's list of
    unanswered sign-ups."""
    return _for_each_organization(
        session, lambda organization: _digests_for(session, organization, now, from_hour)
    )


def _digests_for(
    session: Session, organization: Organization, now: datetime, from_hour: int
) -> int:
    local = now.astimezone(zoneinfo.ZoneInfo(organization.timezone))
    if local.hour < from_hour:
        return 0
    day = local.date().isoformat()
    rows = session.execute(
        select(Signup, Task)
        .join(Task, Task.id == Signup.task_id)
        .where(*followup.unanswered(organization.id))
        .order_by(Signup.created_at, Signup.id)
        .limit(DIGEST_MAX_SIGNUPS)
    ).all()
    queued = 0
    for membership in (
        members_to_tell(session, organization.id, _TOLD, (Role.OWNER,)) if rows else []
    ):
        user = membership.user
        listed = []
        for signup, task in rows:
            due = followup.due_at(signup.created_at, organization.response_days)
            listed.append(
                {
                    **_row(signup, task, user.locale, organization.timezone),
                    "due_at": due.isoformat(),
                    "overdue": now >= due,
                }
            )
        message = enqueue_email(
            session,
            to=user.email,
            locale=user.locale,
            template="admin_followup_digest",
            context={"org_name": organization.name, "day": day, "signups": listed},
            organization_id=organization.id,
            dedupe_key=f"followup-digest:{membership.id}:{day}",
        )
        queued += message is not None
    return queued


def close_unanswered(session: Session, *, now: datetime) -> int:
    """Close sign-ups unanswered past the organization's closing limit: the slot goes back
    through the capacity service, and the volunteer is told kindly, with other tasks."""
    return _for_each_organization(
        session, lambda organization: _close_for(session, organization, now)
    )


def _close_for(session: Session, organization: Organization, now: datetime) -> int:
    cutoff = now - timedelta(days=organization.close_after_days)
    signups = list(
        session.scalars(
            select(Signup)
            .options(joinedload(Signup.task))
            .where(*followup.unanswered(organization.id), Signup.created_at <= cutoff)
            .order_by(Signup.id)
            .limit(CLOSE_BATCH)
        )
    )
    today = now.astimezone(zoneinfo.ZoneInfo(organization.timezone)).date()
    for signup in signups:
        created = signup.created_at
        move(session, organization, signup, SignupStatus.EXPIRED)
        others = task_matches.matching_open_tasks(
            session, organization.id, signup.skills, today=today, exclude_task_id=signup.task_id
        )
        email_volunteer(
            session,
            signup,
            signup.task,
            organization,
            "signup_closed",
            extra={
                "suggestions": [
                    {
                        "title": t.text_for(signup.locale).title,
                        "path": f"/o/{organization.slug}/tasks/{t.public_id}",
                    }
                    for t in others
                ],
            },
            dedupe_key=f"closed:{signup.public_id}:{created:%Y%m%dT%H%M%S}",
        )
    return len(signups)
