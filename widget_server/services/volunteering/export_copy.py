"""The CSV export on PostgreSQL: the server formats every cell and streams the rows with
`COPY … TO STDOUT`, byte for byte what export.py writes in Python on SQLite.

Each function call costs per row, so the common row takes a short path: one test over the
row's cells finds whether any cell needs a quote against formulas or holds a control
character, and only such rows take the exact, slower formatting cell by cell. Skills and
answers written by json.dumps are read as text; anything else goes through the JSON
functions. OFFSET 0 keeps PostgreSQL from merging the levels, which would repeat each
level's expressions in every test of the next.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Dialect, Select, Text, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB, distinct_on
from sqlalchemy.orm import Session, aliased

from widget_server.models import Organization, Signup, Task
from widget_server.models.task import TaskTranslation

_CHUNK_BYTES = 64 * 1024
# What without_control_chars removes that PostgreSQL text can hold (it holds no NUL and no
# lone surrogate): C0 controls but tab and line breaks, U+FFFE and U+FFFF. For translate()
# and for a regular expression's bracket.
_CONTROLS = r"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff"  # noqa: E501
_CONTROL_RANGE = r"\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
# export.neutralise's test: a formula start, or one behind spaces and line breaks.
_FORMULA = r"(?:[\t\r\n]|[ \t\r\n]*[=+@-])"
_CELL_NEEDS_CARE = rf"E'^{_FORMULA}|[{_CONTROL_RANGE}]'"
# U+E000 joins a row's cells for the one test: a cell's text can only add false alarms.
_ROW_NEEDS_CARE = rf"E'(?:^|\ue000){_FORMULA}|[{_CONTROL_RANGE}]'"
_TEXT_CELLS = (
    "public_id", "task_public_id", "title", "status", "name", "email", "skills_text",
    "availability", "message", "answers_text", "locale", "origin", "page_url",
    "consent_version",
)  # fmt: skip
_COLUMN_ORDER = (
    "public_id", "task_public_id", "title", "status", "name", "email", "phone", "skills_text",
    "availability", "message", "answers_text", "locale", "origin", "page_url",
    "consent_version", "consented_at", "created_at", "status_changed_at", "hours",
)  # fmt: skip


def _exact(cell: str) -> str:
    """export.neutralise(without_control_chars(cell)), NULL when empty (COPY writes NULL as
    nothing and quotes an empty string)."""
    clean = f"translate({cell}, E'{_CONTROLS}', '')"
    neutral = (
        f"CASE WHEN left({clean}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r', E'\\n')"
        f" OR left(ltrim({clean}, E' \\t\\r\\n'), 1) IN ('=', '+', '-', '@')"
        f" THEN '''' || {clean} ELSE {clean} END"
    )
    return f"CASE WHEN {cell} ~ {_CELL_NEEDS_CARE} THEN nullif({neutral}, '') ELSE nullif({cell}, '') END"  # noqa: E501


def _quotes(text: str) -> str:
    return f"(octet_length({text}) - octet_length(replace({text}, '\"', '')))"


def _occurrences(text: str, part: str) -> str:
    return f"((octet_length({text}) - octet_length(replace({text}, '{part}', ''))) / {len(part)})"


# ", ".join(skills): jsonb's text of an array of strings holding no backslash is
# ["a", "b"], and then has two quotes per `", "` and two more; else the JSON functions.
_SKILLS = f"""CASE WHEN skills_text = '[]' THEN ''
    WHEN strpos(skills_text, '\\') = 0 AND left(skills_text, 2) = '["'
        AND right(skills_text, 2) = '"]'
        AND {_quotes("skills_text")} = 2 + 2 * {_occurrences("skills_text", '", "')}
    THEN replace(left(right(skills_text, -2), -2), '", "', ', ')
    ELSE (SELECT string_agg(value, ', ' ORDER BY n)
          FROM json_array_elements_text(skills) WITH ORDINALITY AS items(value, n)) END"""  # noqa: S608
# "; ".join(f"{k}: {v}"), in the answers' order (jsonb would sort the keys): json.dumps
# wrote {"k": "v", "k2": true}; with true, false and null made "True", "False", "None",
# four quotes per `": "` and per `", "` and four more; else the JSON functions.
_ANSWERS = f"""CASE WHEN answers_text = '{{}}' THEN ''
    WHEN strpos(answers_text, '\\') = 0 AND left(answers_text, 2) = '{{"'
        AND right(answers_text, 2) = '"}}'
        AND {_quotes("answers_text")} = 4 + 4 * {_occurrences("answers_text", '", "')}
        AND {_occurrences("answers_text", '": "')} = 1 + {_occurrences("answers_text", '", "')}
    THEN replace(replace(left(right(answers_text, -2), -2), '", "', '; '), '": "', ': ')
    ELSE (SELECT string_agg(key || ': ' || CASE json_typeof(value)
                  WHEN 'string' THEN value #>> '{{}}'
                  WHEN 'boolean' THEN CASE WHEN value::text = 'true' THEN 'True' ELSE 'False' END
                  WHEN 'null' THEN 'None' ELSE value::text END,
              '; ' ORDER BY n)
          FROM json_each(answers) WITH ORDINALITY AS pairs(key, value, n)) END"""  # noqa: S608


def _iso(moment: str) -> str:
    """datetime.isoformat() of a UTC time from its text: microseconds, six digits, only
    when there are some (PostgreSQL drops trailing zeros)."""
    return (
        f"overlay(rpad({moment}, CASE WHEN octet_length({moment}) > 19 THEN 26 ELSE 19 END, '0')"
        f" placing 'T' from 11 for 1) || '+00:00'"
    )


# str(float) of hours: PostgreSQL writes 3 and Infinity where Python writes 3.0 and inf.
_HOURS = """CASE WHEN hours_contributed IS NULL THEN NULL
    WHEN hours_contributed = trunc(hours_contributed) AND abs(hours_contributed) < 1e15
        THEN hours_contributed::bigint::text || '.0'
    WHEN hours_contributed = 'Infinity' THEN 'inf'
    WHEN hours_contributed = '-Infinity' THEN '-inf'
    WHEN hours_contributed = 'NaN' THEN 'nan'
    ELSE hours_contributed::text END"""

_TEMPLATE = f"""SELECT __CELLS__
FROM (
    SELECT *, concat_ws(E'\\ue000', {", ".join(_TEXT_CELLS)}) ~ {_ROW_NEEDS_CARE} AS care
    FROM (
        SELECT id, public_id, task_public_id, title, status, name, email, phone,
            {_SKILLS} AS skills_text, availability, message, {_ANSWERS} AS answers_text,
            locale, origin, page_url, consent_version, {_iso("consented_at")} AS consented_at,
            {_iso("created_at")} AS created_at, {_iso("status_changed_at")} AS status_changed_at,
            {_HOURS} AS hours
        FROM (__ROWS__) AS stored ORDER BY id OFFSET 0
    ) AS formatted ORDER BY id OFFSET 0
) AS tested ORDER BY id"""  # noqa: S608 (constants only)


def _cells() -> str:
    cells = []
    for name in _COLUMN_ORDER:
        if name in _TEXT_CELLS:
            cells.append(f"CASE WHEN care THEN {_exact(name)} ELSE nullif({name}, '') END")
        elif name == "phone":
            cells.append(_exact(name))  # E.164 starts with + and is always quoted
        elif name == "hours":
            cells.append("CASE WHEN left(hours, 1) = '-' THEN '''' || hours ELSE hours END")
        else:
            cells.append(name)
    return ",\n    ".join(cells)


def stored_rows(
    organization: Organization, conditions: Sequence[ColumnElement[bool]] = ()
) -> Select[Any]:
    """The export's rows as stored, with each task's title in the organization's language,
    else the task's, else the first by locale (Task.text_for; "C" orders locales as Python
    compares them)."""
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
    statement = (
        select(
            Signup.id,
            Signup.public_id,
            Task.public_id.label("task_public_id"),
            titles.c.title,
            Signup.status,
            Signup.name,
            Signup.email,
            Signup.phone,
            Signup.skills,
            cast(cast(Signup.skills, JSONB), Text).label("skills_text"),
            Signup.availability,
            Signup.message,
            Signup.answers,
            func.replace(
                func.replace(
                    func.replace(cast(Signup.answers, Text), '": true', '": "True"'),
                    '": false',
                    '": "False"',
                ),
                '": null',
                '": "None"',
            ).label("answers_text"),
            Signup.locale,
            Signup.origin,
            Signup.page_url,
            Signup.consent_version,
            cast(func.timezone("UTC", Signup.consented_at), Text).label("consented_at"),
            cast(func.timezone("UTC", Signup.created_at), Text).label("created_at"),
            cast(func.timezone("UTC", Signup.status_changed_at), Text).label("status_changed_at"),
            Signup.hours_contributed,
        )  # fmt: skip
        .join(Task, Task.id == Signup.task_id)
        .join(titles, titles.c.task_id == Signup.task_id)
        .where(Signup.organization_id == organization.id, *conditions)
        .order_by(Signup.id)
        .offset(0)
    )
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


def export_sql(
    organization: Organization, conditions: Sequence[ColumnElement[bool]], dialect: Dialect
) -> tuple[str, dict[str, Any]]:
    """The SELECT whose rows are the export's CSV cells, and its parameters."""
    rows, params = _for_driver(stored_rows(organization, conditions), dialect)
    # The template has no % of its own: psycopg reads %(name)s in it as parameters.
    return _TEMPLATE.replace("__CELLS__", _cells()).replace("__ROWS__", rows), params


def copy_rows(
    session: Session,
    organization: Organization,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Iterator[bytes]:
    """The CSV rows (no header) in chunks of about 64 KiB, as PostgreSQL writes them, with
    Excel's CRLF line ends (COPY ends each row with LF and sends one row per message)."""
    connection = session.connection()
    sql, params = export_sql(organization, conditions, connection.dialect)
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        # The formatting makes the plan look costly enough to compile; compiling takes
        # longer than the whole export. SET LOCAL ends with the reading transaction.
        cursor.execute("SET LOCAL jit = off")
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
