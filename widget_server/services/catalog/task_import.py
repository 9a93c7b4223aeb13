"""Importing many tasks from a CSV file: all of them, or none when any row is wrong."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from widget_server.models import Organization, Task
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.catalog.task_fields import (
    CSV_COLUMNS,
    field_for_problem,
    payload_from_fields,
)
from widget_server.services.catalog.task_input import read_task
from widget_server.services.catalog.tasks import add_task
from widget_server.services.errors import DomainError, FieldProblem, ValidationFailed

MAX_ROWS = 1000


@dataclass(frozen=True)
class RowProblem:
    row: int  # the line in the file, counting the header as line 1
    column: str
    problem: FieldProblem


class ImportRefused(DomainError):
    """The file has problems; nothing was imported."""

    status = 422
    code = "import_refused"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__()
        self.problems = problems


def read_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Numbered rows of a UTF-8 CSV file (Excel's byte order mark allowed), by column name."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([RowProblem(1, "", FieldProblem("not_utf8"))]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if not header or unknown:
        column = unknown[0] if unknown else ""
        raise ImportRefused([RowProblem(1, column, FieldProblem("unknown_column"))])
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:  # more cells than the header names
            raise ImportRefused([RowProblem(number, "", FieldProblem("extra_cells"))])
        if any((value or "").strip() for value in row.values()):
            rows.append((number, {k: v or "" for k, v in row.items()}))
        if len(rows) > MAX_ROWS:
            raise ImportRefused([RowProblem(1, "", FieldProblem("too_many", {"max": MAX_ROWS}))])
    if not rows:
        raise ImportRefused([RowProblem(1, "", FieldProblem("empty_file"))])
    return rows


def import_tasks(
    session: Session, organization: Organization, data: bytes, *, user_id: int | None = None
) -> list[Task]:
    """Create a task per row in one transaction; ImportRefused lists every bad row."""
    rows = read_csv(data)
    problems: list[RowProblem] = []
    checked = []
    for number, row in rows:
        try:
            checked.append((number, read_task(payload_from_fields(row), partial=False)))
        except ValidationFailed as refused:
            default_locale = (row.get("default_locale") or organization.default_locale).strip()
            problems.extend(
                RowProblem(number, field_for_problem(key, default_locale), problem)
                for key, problem in refused.fields.items()
            )
    if problems:
        raise ImportRefused(problems)
    created = []
    try:
        for number, values in checked:
            try:
                created.append(add_task(session, organization, values))
            except ValidationFailed as refused:
                problems.extend(
                    RowProblem(number, field_for_problem(key), problem)
                    for key, problem in refused.fields.items()
                )
        if problems:
            raise ImportRefused(problems)
        session.flush()
        audit.record(
            session,
            organization_id=organization.id,
            by=audit.Actor.member(user_id),
            action="task.import",
            target=f"{len(created)}",
            details={"tasks": [task.public_id for task in created][:200]},
        )
        bump_content_version(session, organization)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return created
