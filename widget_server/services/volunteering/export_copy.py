"""The CSV export on PostgreSQL: the server formats the cells and writes the CSV with
`COPY … TO STDOUT`; this process looks at each row once. Byte for byte the export that
export.py writes in Python on SQLite.

Each function call costs per row, so the server does only what every row needs: skills
and answers as text (json.dumps's text read as text, anything else through the JSON
functions), times and hours as Python writes them, empty cells as NULL (COPY quotes an
empty string, and writes NULL as nothing). One regular expression over each row's bytes
finds the rare row with a cell that needs a quote against formulas or holds a control
character; that row is read back and written again with export.neutralise, the Python
rule itself. OFFSET 0 keeps PostgreSQL from merging the two levels, which would repeat
the lower level's expressions in every test of the upper one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Dialect, Select, Text, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB, distinct_on
from sqlalchemy.orm import Session, aliased

from widget_server.models import Organization, Signup, Task
from widget_server.models.task import TaskTranslation
from widget_server.services.volunteering.neutral_cells import neutralise, quoted_if_formula

_CHUNK_BYTES = 256 * 1024
# A cell that neutralise would quote (a formula start, perhaps behind blanks, perhaps
# quoted), or one that COPY wrote as "" (an empty string, not a NULL); at the row's start
# or after a comma. A comma inside a quoted cell can only raise a false alarm, which
# costs one row's rewriting. Patterns that start with a literal keep the search fast.
_CELL_START = rb'(?:"?[ \t\r\n]*[-=+@\t\r\n]|""(?:,|$))'
_FIRST_CELL = re.compile(_CELL_START)
_LATER_CELL = re.compile(b"," + _CELL_START)
# What without_control_chars removes (PostgreSQL holds no NUL and no lone surrogate).
_CONTROL_BYTES = bytes([*range(1, 9), 11, 12, *range(14, 32)])
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF
_WHOLE_SECOND = ".000000+00:00"
_TIMES = slice(15, 18)
_TEXT_CELLS = (
    "public_id", "task_public_id", "title", "status", "name", "email", "phone",
    "skills_text", "availability", "message", "answers_text", "locale", "origin",
    "page_url", "consent_version",
)  # fmt: skip


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
# four quotes per `": "`, one `", "` fewer than those; else the JSON functions.
_ANSWERS = f"""CASE WHEN answers_text = '{{}}' THEN ''
    WHEN strpos(answers_text, '\\') = 0 AND left(answers_text, 2) = '{{"'
        AND right(answers_text, 2) = '"}}'
        AND {_quotes("answers_text")} = 4 * {_occurrences("answers_text", '": "')}
        AND {_occurrences("answers_text", '": "')} = 1 + {_occurrences("answers_text", '", "')}
    THEN replace(replace(left(right(answers_text, -2), -2), '", "', '; '), '": "', ': ')
    ELSE (SELECT string_agg(key || ': ' || CASE json_typeof(value)
                  WHEN 'string' THEN value #>> '{{}}'
                  WHEN 'boolean' THEN CASE WHEN value::text = 'true' THEN 'True' ELSE 'False' END
                  WHEN 'null' THEN 'None' ELSE value::text END,
              '; ' ORDER BY n)
          FROM json_each(answers) WITH ORDINALITY AS pairs(key, value, n)) END"""  # noqa: S608


# str(float) of hours: PostgreSQL writes 3 and Infinity where Python writes 3.0 and inf.
_HOURS = """CASE WHEN hours_contributed IS NULL THEN NULL
    WHEN hours_contributed = trunc(hours_contributed) AND abs(hours_contributed) < 1e15
        THEN hours_contributed::bigint::text || '.0'
    WHEN hours_contributed = 'Infinity' THEN 'inf'
    WHEN hours_contributed = '-Infinity' THEN '-inf'
    WHEN hours_contributed = 'NaN' THEN 'nan'
    ELSE hours_contributed::text END"""

# A phone number as the input stores it (E.164: + and digits) gets its quote here, so
# that rows with a phone need no rewriting; neutralise leaves a quoted cell as it is.
_PHONE = (
    "CASE WHEN left(phone, 1) = '+' AND ltrim(phone, '+0123456789') = ''"
    " THEN '''' || phone ELSE nullif(phone, '') END"
)
# Cells that are often empty become NULL here; an empty required cell, which COPY writes
# as "", is rare enough to leave to the rewriting of its row.
_OFTEN_EMPTY = ("skills_text", "availability", "message", "answers_text", "origin", "page_url")
_CELLS = ", ".join(
    _PHONE if name == "phone" else f"nullif({name}, '')" if name in _OFTEN_EMPTY else name
    for name in _TEXT_CELLS
)
_TEMPLATE = f"""SELECT {_CELLS}, consented_at, created_at, status_changed_at, hours
FROM (
    SELECT id, public_id, task_public_id, title, status, name, email, phone,
        {_SKILLS} AS skills_text, availability, message, {_ANSWERS} AS answers_text,
        locale, origin, page_url, consent_version, consented_at, created_at,
        status_changed_at, {_HOURS} AS hours
    FROM (__ROWS__) AS stored ORDER BY id OFFSET 0
) AS formatted ORDER BY id"""  # noqa: S608 (constants only)


def _iso(moment: Any) -> ColumnElement[str]:
    """datetime.isoformat() of a UTC time, but with microseconds even when they are none
    (a row with .000000 is rewritten)."""
    return func.to_char(func.timezone("UTC", moment), 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')


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
            _iso(Signup.consented_at).label("consented_at"),
            _iso(Signup.created_at).label("created_at"),
            _iso(Signup.status_changed_at).label("status_changed_at"),
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
    return _TEMPLATE.replace("__ROWS__", rows), params


def copy_rows(
    session: Session,
    organization: Organization,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Iterator[bytes]:
    """The CSV rows (no header) in chunks of about 256 KiB, as PostgreSQL writes them, with
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
            line = bytes(row[:-1])
            if _needs_care(line):
                parts.append(_with_care(line))
            else:
                parts += (line, b"\r\n")
            size += len(row)
            if size >= _CHUNK_BYTES:
                yield b"".join(parts)
                parts.clear()
                size = 0
        if parts:
            yield b"".join(parts)


def _needs_care(line: bytes) -> bool:
    """Whether the row must be read back: a cell to neutralise or to write as nothing,
    a character to remove, or a time of a whole second."""
    return (
        _FIRST_CELL.match(line) is not None
        or _LATER_CELL.search(line) is not None
        or _has_controls(line)
        or _WHOLE_SECOND.encode() in line
    )


def _has_controls(line: bytes) -> bool:
    return len(line.translate(None, _CONTROL_BYTES)) != len(line) or (
        b"\xef\xbf" in line and _NONCHARACTER.search(line) is not None
    )


def _with_care(line: bytes) -> bytes:
    """A row read back and written again with neutralise on every cell, and its times
    as isoformat() writes them."""
    cells = next(csv.reader(io.StringIO(line.decode(), newline="")))
    # isoformat() leaves out microseconds that are zero.
    cells[_TIMES] = [t.replace(_WHOLE_SECOND, "+00:00") for t in cells[_TIMES]]
    # Without a control character in the row, neutralise would only add the quote.
    rule = neutralise if _has_controls(line) else quoted_if_formula
    buffer = io.StringIO()
    csv.writer(buffer).writerow([rule(cell) for cell in cells])
    return buffer.getvalue().encode()
