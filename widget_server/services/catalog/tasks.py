"""Remote tasks: creating, changing and listing them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import (
    Commitment,
    Organization,
    Schedule,
    Signup,
    Task,
    TaskStatus,
    TaskTranslation,
)
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.catalog import search
from widget_server.services.catalog.markdown import render_markdown
from widget_server.services.catalog.task_input import SCALAR_FIELDS, read_task
from widget_server.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from widget_server.services.hooks import webhook_events
from widget_server.services.paging import Page
from widget_server.services.volunteering import slot_offers


@dataclass(frozen=True)
class PublicFilters:
    category: str | None = None
    skill: str | None = None
    q: str | None = None
    max_hours: int | None = None
    page: int = 1
    per_page: int = 20


def _record(session: Session, by: audit.Actor, action: str, task: Task, **details: Any) -> None:
    audit.record(
        session,
        organization_id=task.organization_id,
        by=by,
        action=action,
        target=task.public_id,
        details=details,
    )


def create_task(
    session: Session,
    organization: Organization,
    payload: Any,
    *,
    by: audit.Actor = audit.NOBODY,
) -> Task:
    """Create a task from an untrusted payload; by: who did (for the audit log), as in the
    changes below."""
    task = add_task(session, organization, read_task(payload, partial=False))
    session.flush()
    _record(session, by, "task.create", task)
    bump_content_version(session, organization)
    webhook_events.task_status_changed(session, task, None)
    session.commit()
    return task


def add_task(session: Session, organization: Organization, values: dict[str, Any]) -> Task:
    """Add a task from values read_task checked, in the caller's transaction."""
    task = Task(
        public_id=new_public_id("tsk"),
        organization_id=organization.id,
        status=TaskStatus.DRAFT,
        schedule=Schedule.FLEXIBLE,
        timezone=organization.timezone,
        waitlist=False,
        skills=[],
        languages=[],
        custom_questions=[],
        default_locale=next(iter(values["translations"])),
    )
    _apply(task, values)
    session.add(task)
    return task


def update_task(
    session: Session,
    organization: Organization,
    public_id: str,
    payload: Any,
    *,
    by: audit.Actor = audit.NOBODY,
) -> Task:
    """Change the fields a payload sends; a capacity below the slots taken is refused."""
    task = get_task(session, organization, public_id)
    values = read_task(payload, partial=True)
    capacity = values.get("capacity", task.capacity)
    if capacity is not None and capacity < task.taken:
        raise ValidationFailed({"capacity": FieldProblem("below_taken", {"taken": task.taken})})
    previous = task.status
    if set(values) == {"status"}:
        if values["status"] != task.status:
            change = {"from": previous.value, "to": str(values["status"])}
            _record(session, by, "task.status", task, **change)
    else:
        _record(session, by, "task.update", task, fields=sorted(values))
    _apply(task, values)
    bump_content_version(session, organization)
    webhook_events.task_status_changed(session, task, previous)
    session.commit()
    # More places, or open again: offer what is free to the waitlist.
    opened = task.status is TaskStatus.OPEN and task.capacity is not None
    if opened and slot_offers.fill_free_slots(session, task.id):
        session.refresh(task)
    return task


def delete_task(
    session: Session,
    organization: Organization,
    public_id: str,
    *,
    by: audit.Actor = audit.NOBODY,
) -> None:
    """Delete a task that nobody has signed up for (others are archived instead)."""
    task = get_task(session, organization, public_id)
    if session.scalar(select(Signup.id).where(Signup.task_id == task.id).limit(1)) is not None:
        raise Conflict("task_has_signups")
    title = task.text_for(task.default_locale).title
    _record(session, by, "task.delete", task, title=title)
    session.delete(task)
    bump_content_version(session, organization)
    session.commit()


def get_task(session: Session, organization: Organization, public_id: str) -> Task:
    task = session.scalar(
        select(Task).where(Task.organization_id == organization.id, Task.public_id == public_id)
    )
    if task is None:
        raise NotFound("task_not_found")
    return task


def list_tasks(
    session: Session,
    organization: Organization,
    *,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Task], str | None]:
    """The organization's tasks, newest first, a page at a time by cursor."""
    query = select(Task).where(Task.organization_id == organization.id)
    if status:
        query = query.where(Task.status == status)
    if cursor:
        query = query.where(Task.id < decode_cursor(cursor))
    tasks = list(session.scalars(query.order_by(Task.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor(tasks[limit - 1].id) if len(tasks) > limit else None
    return tasks[:limit], next_cursor


# A value, or a bound parameter in a statement built once and run many times.
DateArg = date | ColumnElement[date]


def is_public(today: DateArg) -> ColumnElement[bool]:
    """What makes a task visible to the public: open, and its apply-by date not passed."""
    return and_(
        Task.status == TaskStatus.OPEN, or_(Task.apply_by.is_(None), Task.apply_by >= today)
    )


def _public_query(organization_id: int | ColumnElement[int], today: DateArg) -> Select[Any]:
    return select(Task).where(Task.organization_id == organization_id, is_public(today))


def filter_public(query: Select[Any], filters: PublicFilters) -> Select[Any]:
    """query narrowed by the filters a visitor sets (the widget's, the directory's)."""
    if filters.category:
        query = query.where(Task.category == filters.category)
    if filters.skill:
        tag = "|" + search.normalise(filters.skill) + "|"
        query = query.where(Task.skill_tags.like(search.like_pattern(tag), escape="\\"))
    if filters.max_hours is not None:
        query = query.where(Task.hours_per_week <= filters.max_hours)
    for term in search.terms(filters.q or ""):
        query = query.where(Task.search_text.like(search.like_pattern(term), escape="\\"))
    return query


def list_public_tasks(
    session: Session, organization: Organization, filters: PublicFilters, today: date
) -> Page[Task]:
    """The organization's open tasks that match the filters, newest first."""
    query = filter_public(_public_query(organization.id, today), filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Task.published_at.desc(), Task.id.desc())
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    )
    return Page(list(items), total, filters.page, filters.per_page)


def public_task_query(
    organization_id: int | ColumnElement[int], public_id: str | ColumnElement[str], today: DateArg
) -> Select[Any]:
    """The statement that finds an open task of the organization by its public id."""
    return _public_query(organization_id, today).where(Task.public_id == public_id)


def get_public_task(
    session: Session, organization: Organization, public_id: str, today: date
) -> Task:
    """An open task of the organization; anything else is not found."""
    task = session.scalar(public_task_query(organization.id, public_id, today))
    if task is None:
        raise NotFound("task_not_found")
    return task


def _apply(task: Task, values: dict[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        if name in values:
            setattr(task, name, values[name])
    if "custom_questions" in values:
        task.custom_questions = values["custom_questions"]
    if "translations" in values:
        _apply_translations(task, values["translations"])
    if "default_locale" not in values and task.default_locale not in {
        t.locale for t in task.translations
    }:
        task.default_locale = task.translations[0].locale
    _check_consistency(task)
    if task.status is TaskStatus.OPEN and task.published_at is None:
        task.published_at = utcnow()
    task.skill_tags = "|" + "|".join(search.normalise(s) for s in task.skills) + "|"
    task.search_text = search.normalise(
        " ".join(
            [*task.skills] + [f"{t.title} {t.summary} {t.description}" for t in task.translations]
        )
    )


def _apply_translations(task: Task, translations: dict[str, dict[str, str]]) -> None:
    existing = {t.locale: t for t in task.translations}
    for locale, text in translations.items():
        row = existing.get(locale) or TaskTranslation(locale=locale)
        row.title = text["title"]
        row.summary = text["summary"]
        row.description = text["description"]
        row.description_html = render_markdown(text["description"])
        row.accessibility_notes = text["accessibility_notes"]
        if locale not in existing:
            task.translations.append(row)
    # A PATCH that sends translations replaces the set of languages.
    for locale, row in existing.items():
        if locale not in translations:
            task.translations.remove(row)


def _check_consistency(task: Task) -> None:
    problems: dict[str, FieldProblem] = {}
    if task.commitment is Commitment.FIXED_TERM and task.duration_weeks is None:
        problems["duration_weeks"] = FieldProblem("required")
    if task.schedule is Schedule.FIXED and task.starts_at is None:
        problems["starts_at"] = FieldProblem("required")
    if task.starts_at and task.ends_at and task.ends_at <= task.starts_at:
        problems["ends_at"] = FieldProblem("ends_before_start")
    if task.default_locale not in {t.locale for t in task.translations}:
        problems["default_locale"] = FieldProblem("no_translation")
    if problems:
        raise ValidationFailed(problems)


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(str(row_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode("ascii")
        if text.isascii() and text.isdigit() and 0 < int(text) < 2**62:
            return int(text)
    except (ValueError, UnicodeDecodeError):
        pass
    raise ValidationFailed({"cursor": FieldProblem("invalid_cursor")})
