"""Which new tasks each alert subscriber hears of; the immediate alerts' scheduled pass.

Immediate subscribers get one email per matching task, with a dedupe key per subscriber
and task, so the worker's pass is safe to run often and from several workers at once.
Weekly lists are made in services/task_alerts/alert_weekly.py from the same matching.

A task's published_at is set before its transaction commits, so a pass may not see a task
published a moment before it ran: immediate passes look GRACE further back than their
watermark (the dedupe keys drop repeats).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import (
    AlertFrequency,
    AlertSubscription,
    Organization,
    OutboxMessage,
    Task,
    TaskStatus,
)
from widget_server.services.catalog import search
from widget_server.services.outbound.outbox import enqueue_email

GRACE = timedelta(minutes=5)
# After a long outage, immediate alerts cover at most the last day (older tasks wait for
# no one: the weekly list and the pages show them).
LOOKBACK = timedelta(days=1)
# Subscribers whose emails are queued in one transaction (fewer commits; a race with
# another worker redoes the batch one subscriber at a time).
BATCH = 100


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


def open_tasks(session: Session, since: datetime, until: datetime, today: date) -> list[Task]:
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


def scope_name(subscription: AlertSubscription, tasks: list[Task]) -> str | None:
    if subscription.organization_id is None:
        return None
    names = (
        t.organization.name for t in tasks if t.organization_id == subscription.organization_id
    )
    return next(names, None)


def enqueue_immediate(session: Session, *, now: datetime) -> int:
    """Queue one email per immediate subscriber and newly published matching task.

    Matching is done in memory and already-queued pairs are found in one query, so a pass
    costs a few queries however many subscribers there are; only subscribers with a new
    email get a transaction of their own.
    """
    tasks = open_tasks(session, now - LOOKBACK, now, now.date())
    if not tasks:
        session.commit()
        return 0
    newest = max(t.published_at for t in tasks if t.published_at is not None)
    subscriptions = list(
        session.scalars(
            select(AlertSubscription).where(
                AlertSubscription.frequency == AlertFrequency.IMMEDIATE,
                AlertSubscription.covered_until < newest + GRACE,
                _in_scope(t.organization_id for t in tasks),
            )
        )
    )
    pairs = [(s, t) for s in subscriptions for t in _new_matches(s, tasks)]
    queued_before = _queued_keys(session, [_pair_key(s, t) for s, t in pairs])
    session.commit()
    by_subscription: dict[int, list[Task]] = {}
    for subscription, task in pairs:
        if _pair_key(subscription, task) not in queued_before:
            by_subscription.setdefault(subscription.id, []).append(task)
    queued = 0
    pending = list(by_subscription.items())
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        try:
            queued += _immediate_for(session, batch)
        except IntegrityError:  # another worker queued some first: one by one, then
            session.rollback()
            for one in batch:
                try:
                    queued += _immediate_for(session, [one])
                except IntegrityError:
                    session.rollback()
    _cover(session, [s.id for s in subscriptions], now)
    return queued


def _new_matches(subscription: AlertSubscription, tasks: list[Task]) -> list[Task]:
    since = max(subscription.covered_until - GRACE, subscription.confirmed_at)
    return [
        t
        for t in tasks
        if t.published_at is not None and t.published_at > since and matches(subscription, t)
    ]


def _pair_key(subscription: AlertSubscription, task: Task) -> str:
    return f"alert:{subscription.public_id}:{task.public_id}"


def _queued_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(
            k for k in session.scalars(
                select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
            ) if k
        )  # fmt: skip
    return found


def _immediate_for(session: Session, batch: list[tuple[int, list[Task]]]) -> int:
    begin_write(session)
    ids = [subscription_id for subscription_id, _ in batch]
    # Read again inside the transaction: someone may have unsubscribed since the match.
    current = {
        s.id: s
        for s in session.scalars(
            select(AlertSubscription)
            .where(AlertSubscription.id.in_(ids))
            .execution_options(populate_existing=True)
        )
    }
    queued = 0
    for subscription_id, found in batch:
        subscription = current.get(subscription_id)
        if subscription is None:
            continue
        for task in found:
            message = enqueue_email(
                session,
                to=subscription.email,
                locale=subscription.locale,
                template="alert_task",
                context={
                    "subscription_id": subscription.public_id,
                    "org_name": scope_name(subscription, found),
                    "task": task_entry(task, task.organization, subscription.locale),
                    "task_title": task.text_for(subscription.locale).title,
                },
                organization_id=subscription.organization_id,
                dedupe_key=_pair_key(subscription, task),
            )
            queued += message is not None
    session.commit()
    return queued


def _cover(session: Session, subscription_ids: list[int], now: datetime) -> None:
    """Move the subscribers' watermark to now: older tasks have been looked at for them."""
    begin_write(session)
    for start in range(0, len(subscription_ids), 500):
        session.execute(
            update(AlertSubscription)
            .where(
                AlertSubscription.id.in_(subscription_ids[start : start + 500]),
                AlertSubscription.covered_until < now,
            )
            .values(covered_until=now)
            .execution_options(synchronize_session=False)
        )
    session.commit()
