"""Task slots, exact under concurrency.

A slot is taken by one conditional UPDATE (taken < capacity) in the same transaction as
the sign-up it is for: the database serialises competing writers on the task row, so N
slots never yield N+1 holders, on SQLite and on PostgreSQL alike. The CHECK constraint
taken <= capacity makes the database refuse anything that would get this wrong.
"""

from __future__ import annotations

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from widget_server.db import rows_changed
from widget_server.models import Task, TaskStatus


def take_slot(session: Session, task_id: int) -> bool:
    """Take one slot of an open task; False when it is full (or no longer open)."""
    result = session.execute(
        update(Task)
        .where(
            Task.id == task_id,
            Task.status == TaskStatus.OPEN,
            or_(Task.capacity.is_(None), Task.taken < Task.capacity),
        )
        .values(taken=Task.taken + 1)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def take_slot_any_status(session: Session, task_id: int) -> bool:
    """Take a slot for an admin's decision, which may come after the task closed."""
    result = session.execute(
        update(Task)
        .where(Task.id == task_id, or_(Task.capacity.is_(None), Task.taken < Task.capacity))
        .values(taken=Task.taken + 1)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def release_slot(session: Session, task_id: int) -> None:
    session.execute(
        update(Task)
        .where(Task.id == task_id, Task.taken > 0)
        .values(taken=Task.taken - 1)
        .execution_options(synchronize_session=False)
    )
