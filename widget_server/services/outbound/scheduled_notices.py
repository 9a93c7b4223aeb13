"""Emails due at a time rather than on a change: task reminders and daily digests.

Both passes are safe to run often and from several workers at once: each email has a
dedupe key (one reminder per sign-up and start time, one digest per member and day), so
a second pass, or a racing worker, adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import Membership, Organization, Signup, SignupNotice, SignupStatus, Task
from widget_server.services.outbound.notifications import email_volunteer
from widget_server.services.outbound.outbox import enqueue_email

REMINDED_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.ACCEPTED)
DIGEST_MAX_SIGNUPS = 200


def enqueue_reminders(session: Session, *, now: datetime, hours_before: float) -> int:
    """Queue a reminder for each confirmed or accepted sign-up of a task starting within
    `hours_before` hours; returns how many were queued now."""
    begin_write(session)
    rows = session.execute(
        select(Signup, Task, Organization)
        .join(Task, Task.id == Signup.task_id)
        .join(Organization, Organization.id == Signup.organization_id)
        .where(
            Signup.status.in_(REMINDED_STATUSES),
            Task.starts_at > now,
            Task.starts_at <= now + timedelta(hours=hours_before),
        )
        .order_by(Signup.id)
    ).all()
    queued = 0
    for signup, task, organization in rows:
        assert task.starts_at is not None  # filtered above
        key = f"reminder:{signup.public_id}:{task.starts_at:%Y%m%dT%H%M}"
        before = len(session.new)
        email_volunteer(
            session,
            signup,
            task,
            organization,
            "reminder",
            extra={"starts_at": task.starts_at.isoformat(), "timezone": task.timezone},
            dedupe_key=key,
        )
        queued += len(session.new) - before
    try:
        session.commit()
    except IntegrityError:  # another worker queued the same reminders first
        session.rollback()
        return 0
    return queued


def enqueue_digests(session: Session, *, now: datetime) -> int:
    """Queue, once per UTC day, each daily-digest member's list of new sign-ups."""
    day = now.date().isoformat()
    ids = list(
        session.scalars(select(Membership.id).where(Membership.signup_notice == SignupNotice.DAILY))
    )
    session.commit()
    queued = 0
    for membership_id in ids:
        try:
            queued += _digest_for(session, membership_id, now, day)
        except IntegrityError:  # another worker made this digest first
            session.rollback()
    return queued


def _digest_for(session: Session, membership_id: int, now: datetime, day: str) -> int:
    begin_write(session)
    membership = session.scalar(
        select(Membership)
        .options(joinedload(Membership.user), joinedload(Membership.organization))
        .where(Membership.id == membership_id)
    )
    covered = membership.digest_covered_until if membership else None
    if membership is None or (covered is not None and covered.date() >= now.date()):
        session.commit()
        return 0
    since = covered or max(membership.created_at, now - timedelta(days=1))
    signups = session.execute(
        select(Signup, Task)
        .join(Task, Task.id == Signup.task_id)
        .where(
            Signup.organization_id == membership.organization_id,
            Signup.created_at > since,
            Signup.created_at <= now,
        )
        .order_by(Signup.id)
        .limit(DIGEST_MAX_SIGNUPS)
    ).all()
    membership.digest_covered_until = now
    user, organization = membership.user, membership.organization
    message = None
    if signups:
        message = enqueue_email(
            session,
            to=user.email,
            locale=user.locale,
            template="admin_digest",
            context={
                "org_name": organization.name,
                "day": day,
                "signups": [
                    {
                        "signup_id": s.public_id,
                        "volunteer_name": s.name,
                        "volunteer_email": s.email,
                        "task_title": t.text_for(user.locale).title,
                        "status": s.status.value,
                    }
                    for s, t in signups
                ],
            },
            organization_id=organization.id,
            dedupe_key=f"digest:{membership.id}:{day}",
        )
    session.commit()
    return 1 if message is not None else 0
