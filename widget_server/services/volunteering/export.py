"""CSV export of sign-ups that Excel opens correctly and cannot be tricked by."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from widget_server.models import Organization, Signup, Task
from widget_server.services.volunteering import export_copy
from widget_server.services.volunteering.neutral_cells import neutralise

COLUMNS = (
    "signup_id", "task_id", "task_title", "status", "name", "email", "phone", "skills",
    "availability", "message", "answers", "locale", "origin", "page_url",
    "consent_version", "consented_at", "created_at", "status_changed_at", "hours_contributed",
)  # fmt: skip
# Excel reads a file as UTF-8 (Arabic included) only when it starts with a byte order mark.
BOM = "\ufeff"
_BATCH = 500


def _row(signup: Signup, task_id: str, title: str) -> list[str]:
    answers = "; ".join(f"{k}: {v}" for k, v in signup.answers.items())
    values = (
        signup.public_id, task_id, title, signup.status.value, signup.name, signup.email,
        signup.phone, ", ".join(signup.skills), signup.availability, signup.message, answers,
        signup.locale, signup.origin, signup.page_url, signup.consent_version,
        signup.consented_at.isoformat(), signup.created_at.isoformat(),
        signup.status_changed_at.isoformat(), signup.hours_contributed,
    )  # fmt: skip
    return [neutralise(v) for v in values]


def export_signups(
    session: Session,
    organization: Organization,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Iterator[bytes]:
    """The organization's sign-ups (those matching conditions) as CSV chunks of UTF-8, in
    constant memory: formatted by PostgreSQL itself there, in Python on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        yield _header().encode()
        yield from export_copy.copy_rows(session, organization, conditions)
    else:
        for chunk in python_csv(session, organization, conditions):
            yield chunk.encode()


def _header() -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer).writerow(COLUMNS)
    return buffer.getvalue()


def python_csv(
    session: Session,
    organization: Organization,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Iterator[str]:
    """The export formatted in Python, on any database (export_copy.py matches it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(_header())
    titles: dict[int, tuple[str, str]] = {}
    last_id = 0
    while True:
        # Keyset batches: each query is an index range scan, however large the table.
        batch = list(
            session.scalars(
                select(Signup)
                .where(Signup.organization_id == organization.id, Signup.id > last_id, *conditions)
                .order_by(Signup.id)
                .limit(_BATCH)
            )
        )
        if not batch:
            break
        missing = {s.task_id for s in batch} - titles.keys()
        if missing:
            for task in session.scalars(select(Task).where(Task.id.in_(missing))):
                titles[task.id] = (task.public_id, task.text_for(organization.default_locale).title)
        for signup in batch:
            writer.writerow(_row(signup, *titles[signup.task_id]))
        last_id = batch[-1].id
        session.expunge_all()
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
