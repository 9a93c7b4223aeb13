"""Task slots, exact under concurrency.

A slot is taken by one conditional UPDATE (taken < capacity) in the same transaction as
the sign-up it is for: the database serialises competing writers on the task row, so N
slots never yield N+1 holders, on SQLite and on PostgreSQL alike. The CHECK constraint
taken <= capacity makes the database refuse anything that would get this wrong.

The statements are built once, on the table rather than the mapped class: a sign-up pays
for running its UPDATE, not for composing it or for the ORM's bulk-update bookkeeping.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, Table, bindparam, or_, update
from sqlalchemy.orm import Session

from widget_server.db import rows_changed
from widget_server.models import Task, TaskStatus

_TABLE = cast(Table, Task.__table__)
_task = _TABLE.c
_ID = bindparam("task_id", type_=Integer)
_ROOM = or_(_task.capacity.is_(None), _task.taken < _task.capacity)
_TAKE = update(_TABLE).where(_task.id == _ID, _ROOM).values(taken=_task.taken + 1)
_TAKE_IF_OPEN = _TAKE.where(_task.status == TaskStatus.OPEN)
_RELEASE = update(_TABLE).where(_task.id == _ID, _task.taken > 0).values(taken=_task.taken - 1)


def take_slot(session: Session, task_id: int) -> bool:
    """Take one slot of an open task; False when it is full (or no longer open)."""
    return rows_changed(session.execute(_TAKE_IF_OPEN, {"task_id": task_id})) == 1


def take_slot_any_status(session: Session, task_id: int) -> bool:
    """Take a slot for an admin's decision, which may come after the task closed."""
    return rows_changed(session.execute(_TAKE, {"task_id": task_id})) == 1


def release_slot(session: Session, task_id: int) -> None:
    session.execute(_RELEASE, {"task_id": task_id})
