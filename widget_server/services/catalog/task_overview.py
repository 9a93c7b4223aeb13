"""The admin's task list: tasks with their sign-up counts, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.models import Organization, Signup, SignupStatus, Task, TaskStatus

# Sign-ups that still concern the organization (withdrawn volunteers, and sign-ups closed
# unanswered, are not counted).
_ACTIVE = [s for s in SignupStatus if s not in (SignupStatus.WITHDRAWN, SignupStatus.EXPIRED)]


@dataclass(frozen=True)
class TaskRow:
    task: Task
    signups: int
    spots_left: int | None  # None: unlimited


@dataclass(frozen=True)
class Overview:
    rows: list[TaskRow]
    status_counts: dict[str, int]  # every status, and "all" (all but archived)
    total: int  # tasks matching the filter
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def task_overview(
    session: Session,
    organization: Organization,
    *,
    status: TaskStatus | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Overview:
    """One page of tasks, newest first, counted with grouped queries rather than per row."""
    counts = dict(
        session.execute(
            select(Task.status, func.count())
            .where(Task.organization_id == organization.id)
            .group_by(Task.status)
        ).all()
    )
    status_counts = {s.value: counts.get(s, 0) for s in TaskStatus}
    # "all" is the everyday list: archived tasks leave it, and their own filter shows them.
    status_counts["all"] = sum(status_counts.values()) - status_counts[TaskStatus.ARCHIVED.value]
    total = status_counts[status.value] if status else status_counts["all"]

    query = select(Task).where(Task.organization_id == organization.id)
    if status is not None:
        query = query.where(Task.status == status)
    else:
        query = query.where(Task.status != TaskStatus.ARCHIVED)
    tasks = list(
        session.scalars(
            query.order_by(Task.id.desc()).limit(per_page).offset((page - 1) * per_page)
        )
    )
    signups = signup_counts(session, [t.id for t in tasks])
    rows = [TaskRow(t, signups.get(t.id, 0), t.spots_left) for t in tasks]
    return Overview(rows, status_counts, total, page, per_page)


def signup_counts(session: Session, task_ids: list[int]) -> dict[int, int]:
    """Sign-ups still in play per task, for many tasks in one grouped query."""
    if not task_ids:
        return {}
    return dict(
        session.execute(
            select(Signup.task_id, func.count())
            .where(Signup.task_id.in_(task_ids), Signup.status.in_(_ACTIVE))
            .group_by(Signup.task_id)
        ).all()
    )
