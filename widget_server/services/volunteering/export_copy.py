"""The CSV export on PostgreSQL: the server formats every cell and streams the rows with
`COPY … TO STDOUT`, byte for byte what export.py writes in Python on SQLite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Dialect,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on
from sqlalchemy.orm import Session, aliased

from widget_server.models import Organization, Signup, Task
from widget_server.models.task import TaskTranslation

# What without_control_chars removes and PostgreSQL text can hold (it holds no NUL and no
# lone surrogate): C0 controls but tab and line breaks, and U+FFFE and U+FFFF.
_CONTROLS = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32))) + "\ufffe\uffff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_CHUNK_BYTES = 64 * 1024


def _clean(value: Any) -> ColumnElement[str]:
    return func.translate(func.coalesce(value, ""), _CONTROLS, "")


def _neutralised(text: ColumnElement[str]) -> ColumnElement[str]:
    """export.neutralise in SQL: a quote before a formula, even behind spaces and line
    breaks; NULL for an empty cell, which COPY writes as nothing (it quotes "")."""
    first = func.left(text, 1)
    after_blanks = func.left(func.ltrim(text, " \t\r\n"), 1)
    formula = or_(first.in_(_FORMULA_STARTS), after_blanks.in_(_FORMULA_STARTS[:4]))
    return func.nullif(case((formula, literal("'") + text), else_=text), "")


def _iso(moment: Any) -> ColumnElement[str]:
    """datetime.isoformat() of a UTC time: microseconds only when there are some."""
    utc = func.timezone("UTC", moment)
    whole = func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
    fraction = func.to_char(utc, '"."US')
    return whole + case((utc == func.date_trunc("second", utc), ""), else_=fraction) + "+00:00"


def _hours(hours: Any) -> ColumnElement[str]:
    """str(float): PostgreSQL writes 3 where Python writes 3.0; both write 2.5."""
    whole = and_(hours == func.trunc(hours), func.abs(hours) < 1e15)
    return case(
        (hours.is_(None), ""),
        (whole, cast(cast(hours, BigInteger()), String) + ".0"),
        else_=cast(hours, String),
    )


def _skills() -> ColumnElement[str]:
    """ ", ".join(signup.skills), in the list's order."""
    items = (
        func.json_array_elements_text(Signup.skills)
        .table_valued("value", with_ordinality="n")
        .render_derived()
    )
    return (
        select(func.string_agg(items.c.value, aggregate_order_by(literal(", "), items.c.n)))
        .select_from(items)
        .scalar_subquery()
    )


def _answers() -> ColumnElement[str]:
    """ "; ".join(f"{k}: {v}") over the answers, in their order; a checkbox's answer is a
    Python bool (True/False)."""
    pairs = (
        func.json_each(Signup.answers)
        .table_valued("key", "value", with_ordinality="n")
        .render_derived()
    )
    kind = func.json_typeof(pairs.c.value)
    shown = case(
        (kind == "string", pairs.c.value.op("#>>")(literal_column("'{}'"))),
        (kind == "boolean", case((cast(pairs.c.value, String) == "true", "True"), else_="False")),
        (kind == "null", "None"),
        else_=cast(pairs.c.value, String),
    )
    return (
        select(
            func.string_agg(
                pairs.c.key + ": " + shown, aggregate_order_by(literal("; "), pairs.c.n)
            )
        )
        .select_from(pairs)
        .scalar_subquery()
    )


def export_statement(
    organization: Organization, conditions: Sequence[ColumnElement[bool]] = ()
) -> Select[Any]:
    """The export's rows with each cell formatted as export.py formats it."""
    # Each task's title in the organization's language, else the task's, else the first
    # by locale (Task.text_for); "C" orders locales as Python compares them.
    other = aliased(TaskTranslation)
    titles = (
        select(other.task_id, other.title)
        .join(Task, Task.id == other.task_id)
        .where(Task.organization_id == organization.id)
        .order_by(
            other.task_id,
            (other.locale == organization.default_locale).desc(),
            (other.locale == Task.default_locale).desc(),
            other.locale.collate("C"),
        )
        .ext(distinct_on(other.task_id))
        .cte("titles")
    )
    text_cells = (
        Signup.public_id, Task.public_id, titles.c.title, Signup.status, Signup.name,
        Signup.email, Signup.phone, _skills(), Signup.availability, Signup.message, _answers(),
        Signup.locale, Signup.origin, Signup.page_url, Signup.consent_version,
    )  # fmt: skip
    # OFFSET 0 keeps PostgreSQL from merging the two levels, which would repeat each
    # cleaned cell (subqueries included) in every test of _neutralised.
    cleaned = (
        select(
            Signup.id,
            *(_clean(cast(cell, String)).label(f"c{n}") for n, cell in enumerate(text_cells)),
            _iso(Signup.consented_at).label("consented_at"),
            _iso(Signup.created_at).label("created_at"),
            _iso(Signup.status_changed_at).label("status_changed_at"),
            _hours(Signup.hours_contributed).label("hours"),
        )
        .join(Task, Task.id == Signup.task_id)
        .join(titles, titles.c.task_id == Signup.task_id)
        .where(Signup.organization_id == organization.id, *conditions)
        .order_by(Signup.id)
        .offset(0)
        .subquery("cleaned")
    )
    columns = cleaned.c
    cells: list[ColumnElement[Any]] = [
        _neutralised(columns[f"c{n}"]) for n in range(len(text_cells))
    ]
    cells += [columns.consented_at, columns.created_at, columns.status_changed_at]
    cells.append(_neutralised(columns.hours))
    statement = select(*cells).order_by(columns.id)
    return statement


def _for_driver(statement: Select[Any], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """The statement's SQL and its parameters as the driver takes them (enums as their
    values, times in UTC), for a COPY, which SQLAlchemy does not run itself."""
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = dict(compiled.construct_params())
    for name, bind in compiled.binds.items():
        if name in params:
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                params[name] = processor(params[name])
    return str(compiled), params


def copy_rows(
    session: Session,
    organization: Organization,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Iterator[bytes]:
    """The CSV rows (no header) in chunks of about 64 KiB, as PostgreSQL writes them, with
    Excel's CRLF line ends (COPY ends each row with LF and sends one row per message)."""
    connection = session.connection()
    sql, params = _for_driver(export_statement(organization, conditions), connection.dialect)
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER false)", params) as copy,
    ):
        parts: list[Any] = []
        size = 0
        for row in copy:
            parts += (row[:-1], b"\r\n")
            size += len(row)
            if size >= _CHUNK_BYTES:
                yield b"".join(parts)
                parts.clear()
                size = 0
        if parts:
            yield b"".join(parts)
