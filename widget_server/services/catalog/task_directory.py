"""The server's directory: open tasks of every organization listed in it, found as in the widget.

A page costs three statements whatever it holds: the count, the tasks joined with their
organization, and the tasks' translations (selectin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, contains_eager

from widget_server.models import Organization, Task
from widget_server.services.catalog.tasks import PublicFilters, filter_public, is_public
from widget_server.services.paging import Page

# The codes a task's languages are checked against (services/catalog/task_input.py).
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor narrows the directory by: the widget's filters and a language."""

    task: PublicFilters = field(default_factory=PublicFilters)
    language: str | None = None


def is_language_code(value: str) -> bool:
    return bool(_LANGUAGE_CODE.match(value))


def list_directory(session: Session, filters: DirectoryFilters, today: date) -> Page[Task]:
    """Open tasks of listed organizations that match the filters, newest first, each with
    its organization loaded."""
    query = (
        select(Task)
        .join(Task.organization)
        .where(is_public(today), Organization.in_directory.is_(True))
    )
    query = filter_public(query, filters.task)
    if filters.language:
        if not is_language_code(filters.language):
            raise ValueError(f"not a language code: {filters.language!r}")
        # Languages are stored as a JSON list of checked codes: '["ar", "en"]'.
        query = query.where(cast(Task.languages, String).like(f'%"{filters.language}"%'))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    per_page = filters.task.per_page
    items = session.scalars(
        query.options(contains_eager(Task.organization))
        .order_by(Task.published_at.desc(), Task.id.desc())
        .limit(per_page)
        .offset((filters.task.page - 1) * per_page)
    )
    return Page(list(items.unique()), total, filters.task.page, per_page)
