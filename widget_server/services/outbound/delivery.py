"""Claiming outbox messages for a worker, and recording what became of each.

Several workers on several hosts may run at once. A worker claims a batch of due rows
in one short transaction (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite: the same
SELECT under BEGIN IMMEDIATE, which lets one writer at a time in), marks them `sending`
with its own name and a lease, and commits before any I/O. A row is only ever recorded
as sent, retried or failed by the worker that still holds it; a worker that dies leaves
its rows to be claimed again once their lease lapses. The attempt is counted at claim
time, so a message that kills its worker also ends up dead rather than looping forever.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Result, Table, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed
from widget_server.models import MessageStatus, OutboxMessage

# Documented in the README: after this many attempts a message is dead.
MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 30.0
BACKOFF_CAP_SECONDS = 3600.0
LEASE_SECONDS = 300.0
ERROR_MAX_LENGTH = 1000


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = MAX_ATTEMPTS
    base_seconds: float = BACKOFF_BASE_SECONDS
    cap_seconds: float = BACKOFF_CAP_SECONDS


def backoff_seconds(attempts: int, policy: RetryPolicy, rng: random.Random | None = None) -> float:
    """Delay before the next attempt: base·2^(attempts−1), capped, with "equal jitter"
    (half fixed, half random) so retries of many messages spread out yet never come early."""
    ceiling = min(policy.cap_seconds, policy.base_seconds * 2 ** max(attempts - 1, 0))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.lease_expires_at <= now),
    )


def claim_batch(
    session: Session,
    *,
    worker: str,
    now: datetime,
    limit: int = 50,
    lease_seconds: float = LEASE_SECONDS,
    kinds: frozenset[str] | None = None,
) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for `worker`, oldest first; committed on return.

    One statement picks the rows and marks them claimed, and returns them (UPDATE …
    RETURNING): one round trip and one commit for the batch."""
    begin_write(session)
    due = (
        select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if kinds is not None:
        due = due.where(OutboxMessage.kind.in_(sorted(kinds)))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()), _claimable(now))
        .values(
            status=MessageStatus.SENDING,
            claimed_by=worker,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    messages = sorted(claimed, key=lambda m: (m.next_attempt_at, m.id))
    session.commit()
    return messages


def _update_held(
    session: Session, message_ids: list[int], worker: str, **values: Any
) -> Result[Any]:
    """Change rows only while this worker still holds them: once its lease lapsed and another
    worker took a row, nothing of this worker's changes it."""
    return session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == MessageStatus.SENDING,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def extend_lease(
    session: Session, message_ids: list[int], *, worker: str, now: datetime, lease_seconds: float
) -> None:
    """Keep holding rows still waiting in a long batch."""
    if message_ids:
        _update_held(
            session, message_ids, worker, lease_expires_at=now + timedelta(seconds=lease_seconds)
        )
    session.commit()


def release(session: Session, message_ids: list[int], *, worker: str) -> None:
    """Hand back rows a stopping worker claimed but did not try; the claim is not counted."""
    if message_ids:
        _update_held(
            session,
            message_ids,
            worker,
            status=MessageStatus.PENDING,
            claimed_by=None,
            lease_expires_at=None,
            attempts=OutboxMessage.attempts - 1,
        )
    session.commit()


_table = cast(Table, OutboxMessage.__table__)
_outbox = _table.c
# Built once: a worker marks every message it sends, and building and compiling an ORM
# UPDATE each time cost more than the statement itself (README, "Benchmarks").
_MARK_SENT = (
    update(_table)
    .where(
        _outbox.id == bindparam("message_id"),
        _outbox.claimed_by == bindparam("worker"),
        _outbox.status == MessageStatus.SENDING,
    )
    .values(
        status=MessageStatus.SENT,
        sent_at=bindparam("now"),
        last_error=None,
        claimed_by=None,
        lease_expires_at=None,
    )
)


def mark_sent(session: Session, message_id: int, *, worker: str, now: datetime) -> bool:
    """Record a delivery; False if the worker's lease had lapsed and the row moved on."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # No wait for the WAL flush: if PostgreSQL itself crashed in the next instant, this
        # mark could be lost and the message sent again under the same Message-ID, which is
        # what a lost mark costs anyway; in exchange a worker is not held to disk speed.
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    values = {"message_id": message_id, "worker": worker, "now": now}
    result = connection.execute(_MARK_SENT, values)
    session.commit()
    return rows_changed(result) == 1


def mark_failed_attempt(
    session: Session,
    message: OutboxMessage,
    *,
    worker: str,
    now: datetime,
    error: str,
    permanent: bool,
    policy: RetryPolicy,
    rng: random.Random | None = None,
) -> MessageStatus:
    """Record a failed attempt: failed (permanent), dead (last attempt) or pending again."""
    if permanent:
        status, next_at = MessageStatus.FAILED, now
    elif message.attempts >= policy.max_attempts:
        status, next_at = MessageStatus.DEAD, now
    else:
        delay = backoff_seconds(message.attempts, policy, rng)
        status, next_at = MessageStatus.PENDING, now + timedelta(seconds=delay)
    _update_held(
        session,
        [message.id],
        worker,
        status=status,
        next_attempt_at=next_at,
        last_error=error[:ERROR_MAX_LENGTH],
        claimed_by=None,
        lease_expires_at=None,
    )
    session.commit()
    return status
