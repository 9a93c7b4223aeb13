"""Other open tasks of an organization that suit a volunteer's skills."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from widget_server.models import Task, TaskStatus
from widget_server.services.catalog import search

MAX_SKILLS = 10


def matching_open_tasks(
    session: Session,
    organization_id: int,
    skills: list[str],
    *,
    today: date,
    exclude_task_id: int | None = None,
    limit: int = 3,
) -> list[Task]:
    """Up to `limit` open tasks (not past apply-by, with a free slot or a waitlist) that ask
    for at least one of the skills, newest first; none when no skill is given."""
    tags = [t for t in (search.normalise(s) for s in skills[:MAX_SKILLS]) if t]
    if not tags:
        return []
    query = select(Task).where(
        Task.organization_id == organization_id,
        Task.status == TaskStatus.OPEN,
        or_(Task.apply_by.is_(None), Task.apply_by >= today),
        or_(Task.capacity.is_(None), Task.taken < Task.capacity, Task.waitlist.is_(True)),
        or_(*(Task.skill_tags.like(search.like_pattern(f"|{tag}|"), escape="\\") for tag in tags)),
    )
    if exclude_task_id is not None:
        query = query.where(Task.id != exclude_task_id)
    order = (Task.published_at.desc(), Task.id.desc())
    return list(session.scalars(query.order_by(*order).limit(limit)))
