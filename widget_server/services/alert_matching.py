"""Which new tasks each alert subscriber hears of, queued by the worker's scheduled pass.

Immediate subscribers get one email per matching task; weekly subscribers one email per
ISO week (Monday 00:00 UTC onwards) listing the matches published since their last one.
Each email has a dedupe key (subscriber and task, or subscriber and week), so passes are
safe to run often and from several workers at once.

A task's published_at is set before its transaction commits, so a pass may not see a task
published a moment before it ran: immediate passes look GRACE further back than their
watermark (the dedupe keys drop repeats), and weekly lists stop SETTLE before now.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import AlertFrequency, AlertSubscription, Organization, Task, TaskStatus
from widget_server.services import search
from widget_server.services.outbox import enqueue_email

GRACE = timedelta(minutes=5)
SETTLE = timedelta(minutes=5)
# After a long outage, immediate alerts cover at most the last day (older tasks wait for
# no one: the weekly list and the pages show them).
LOOKBACK = timedelta(days=1)
WEEKLY_MAX_TASKS = 30


def matches(subscription: AlertSubscription, task: Task) -> bool:
    """Whether a task meets every criterion the subscriber chose (an empty one: any)."""
    if subscription.organization_id not in (None, task.organization_id):
        return False
    if subscription.categories and task.category not in subscription.categories:
        return False
    if subscription.max_hours is not None and task.hours_per_week > subscription.max_hours:
        return False
    if subscription.languages and not set(subscription.languages) & set(task.languages):
        return False
    if subscription.skills:
        wanted = {search.normalise(s) for s in subscription.skills}
        if not wanted & {search.normalise(s) for s in task.skills}:
            return False
    return True


def task_entry(task: Task, organization: Organization, locale: str) -> dict[str, Any]:
    """What an alert email shows of a task; links are made from path when sent."""
    return {
        "id": task.public_id,
        "title": task.text_for(locale).title,
        "org_name": organization.name,
        "category": task.category,
        "hours": task.hours_per_week,
        "path": f"/o/{organization.slug}/tasks/{task.public_id}",
    }


def _open_tasks(session: Session, since: datetime, until: datetime, today: date) -> list[Task]:
    return list(
        session.scalars(
            select(Task)
            .options(joinedload(Task.organization))
            .where(
                Task.status == TaskStatus.OPEN,
                Task.published_at > since,
                Task.published_at <= until,
                or_(Task.apply_by.is_(None), Task.apply_by >= today),
            )
            .order_by(Task.published_at, Task.id)
        ).unique()
    )


def _in_scope(organization_ids: Iterable[int]) -> Any:
    return or_(
        AlertSubscription.organization_id.is_(None),
        AlertSubscription.organization_id.in_(sorted(set(organization_ids))),
    )


def _scope_name(subscription: AlertSubscription, tasks: list[Task]) -> str | None:
    if subscription.organization_id is None:
        return None
    names = (
        t.organization.name for t in tasks if t.organization_id == subscription.organization_id
    )
    return next(names, None)


def enqueue_immediate(session: Session, *, now: datetime) -> int:
    """Queue one email per immediate subscriber and newly published matching task."""
    tasks = _open_tasks(session, now - LOOKBACK, now, now.date())
    if not tasks:
        session.commit()
        return 0
    newest = max(t.published_at for t in tasks if t.published_at is not None)
    ids = list(
        session.scalars(
            select(AlertSubscription.id).where(
                AlertSubscription.frequency == AlertFrequency.IMMEDIATE,
                AlertSubscription.covered_until < newest + GRACE,
                _in_scope(t.organization_id for t in tasks),
            )
        )
    )
    session.commit()
    queued = 0
    for subscription_id in ids:
        try:
            queued += _immediate_for(session, subscription_id, tasks, now)
        except IntegrityError:  # another worker queued these first
            session.rollback()
    return queued


def _immediate_for(session: Session, subscription_id: int, tasks: list[Task], now: datetime) -> int:
    begin_write(session)
    subscription = session.get(AlertSubscription, subscription_id)
    if subscription is None:
        session.commit()
        return 0
    since = max(subscription.covered_until - GRACE, subscription.confirmed_at)
    queued = 0
    for task in tasks:
        assert task.published_at is not None  # filtered in _open_tasks
        if task.published_at <= since or not matches(subscription, task):
            continue
        message = enqueue_email(
            session,
            to=subscription.email,
            locale=subscription.locale,
            template="alert_task",
            context={
                "subscription_id": subscription.public_id,
                "org_name": _scope_name(subscription, tasks),
                "task": task_entry(task, task.organization, subscription.locale),
                "task_title": task.text_for(subscription.locale).title,
            },
            organization_id=subscription.organization_id,
            dedupe_key=f"alert:{subscription.public_id}:{task.public_id}",
        )
        queued += message is not None
    subscription.covered_until = max(subscription.covered_until, now)
    session.commit()
    return queued


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
    tasks = _open_tasks(session, min(covered for _, covered in due), until, now.date())
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
                "org_name": _scope_name(subscription, found),
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
