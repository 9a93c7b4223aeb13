"""Weekly task alerts: one email per subscriber and ISO week listing the new matches.

The worker's pass queues, from Monday 00:00 UTC + SETTLE, each weekly subscriber's list
of tasks published since their previous list and still open, with a dedupe key per
subscriber and week. A list stops SETTLE before now, so a task timestamped just before a
pass but committed after it is in the next week's list rather than lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from widget_server.db import begin_write
from widget_server.models import AlertFrequency, AlertSubscription, Task
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.services.task_alerts.alert_matching import (
    matches,
    open_tasks,
    scope_name,
    task_entry,
)

SETTLE = timedelta(minutes=5)
WEEKLY_MAX_TASKS = 30


def week_start(now: datetime) -> datetime:
    """Monday 00:00 UTC of now's ISO week."""
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def week_label(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def enqueue_weekly(session: Session, *, now: datetime) -> int:
    """Queue, once per ISO week, each weekly subscriber's list of new matching tasks."""
    start = week_start(now)
    if now < start + SETTLE:
        session.commit()
        return 0
    due = list(
        session.execute(
            select(AlertSubscription.id, AlertSubscription.covered_until).where(
                AlertSubscription.frequency == AlertFrequency.WEEKLY,
                AlertSubscription.covered_until < start,
            )
        )
    )
    if not due:
        session.commit()
        return 0
    until = now - SETTLE
    tasks = open_tasks(session, min(covered for _, covered in due), until, now.date())
    session.commit()
    queued = 0
    for subscription_id, _ in due:
        try:
            queued += _weekly_for(session, subscription_id, tasks, now, until)
        except IntegrityError:  # another worker made this week's email first
            session.rollback()
    return queued


def _weekly_for(
    session: Session, subscription_id: int, tasks: list[Task], now: datetime, until: datetime
) -> int:
    begin_write(session)
    subscription = session.get(AlertSubscription, subscription_id)
    if subscription is None or subscription.covered_until >= week_start(now):
        session.commit()
        return 0
    since = subscription.covered_until
    found = [
        t
        for t in tasks
        if t.published_at is not None and t.published_at > since and matches(subscription, t)
    ]
    subscription.covered_until = until
    message = None
    if found:
        newest_first = sorted(found, key=lambda t: (t.published_at, t.id), reverse=True)
        message = enqueue_email(
            session,
            to=subscription.email,
            locale=subscription.locale,
            template="alert_weekly",
            context={
                "subscription_id": subscription.public_id,
                "org_name": scope_name(subscription, found),
                "week": week_label(now),
                "total": len(found),
                "tasks": [
                    task_entry(t, t.organization, subscription.locale)
                    for t in newest_first[:WEEKLY_MAX_TASKS]
                ],
            },
            organization_id=subscription.organization_id,
            dedupe_key=f"alert-week:{subscription.public_id}:{week_label(now)}",
        )
    session.commit()
    return 1 if message is not None else 0
