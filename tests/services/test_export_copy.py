"""The CSV export as the server sends it (COPY on PostgreSQL) is byte for byte the export
formatted in Python, on data that tries every corner: formulas behind blanks, quotes,
line breaks, control characters, Arabic and emoji, empty and missing cells, answers,
hours, times with and without microseconds, and titles in the organization's language,
the task's, or neither."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, literal_column, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import Organization, Signup, SignupStatus
from widget_server.models.task import TaskTranslation
from widget_server.services.follow_up import followup
from widget_server.services.volunteering import export, export_copy

CELLS = [
    "=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =cmd|' /C calc'!A0",
    " \t\r\n@x", " ", "", "'quoted", 'say "hi", then go', "a,b", "line one\nline two",
    "crlf\r\nend", "\x01=hidden\x07", "tab\there", "\ufffeodd\uffff", "ليلى حداد",
    "مرحبا، \"عالم\"", "emoji 🙂 𝔘", "back\\slash \\N", "\\.", "NULL", "-", "é\u0301",
    "\x7f\x85 C1 kept", "  leading and trailing  ",
]  # fmt: skip
HOURS = [None, 2.5, 3.0, 0.25, 10000.0, 1234.75, -1.0, 0.1, float("inf"), 1e-05, 123456789.5]
MOMENTS = [
    datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 12, 0, 0, 1, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 7, 1, 3, 4, 5, 120000, tzinfo=UTC),
]


def _task_with_titles(session: Session, org: OrgWithKeys, titles: dict[str, str], own: str) -> Any:
    task = make_task(session, org, capacity=None)
    for translation in list(task.translations):
        session.delete(translation)
    session.flush()
    for locale, title in titles.items():
        session.add(TaskTranslation(task_id=task.id, locale=locale, title=title))
    task.default_locale = own
    session.commit()
    session.refresh(task)
    return task


def varied_signups(session: Session, org: OrgWithKeys) -> None:
    """Sign-ups whose every cell is stored past the input checks, as old rows may be."""
    tasks = [
        # The organization's language (fr) wins, then the task's own, then the first locale.
        _task_with_titles(session, org, {"ar": "=عنوان", "fr": "Titre, «fr»", "en": "En"}, "en"),
        _task_with_titles(session, org, {"ar": "ترجمة", "en": "-Own language"}, "en"),
        _task_with_titles(session, org, {"en": "English", "ar": "عربي\nسطر"}, "de"),
    ]
    statuses = list(SignupStatus)
    for n, cell in enumerate(CELLS):
        signup = make_signup(session, org, tasks[n % 3], email=f"v{n}@example.org")
        other = CELLS[(n + 7) % len(CELLS)]
        signup.name = cell
        signup.email = other
        signup.phone = None if n % 4 == 0 else cell[:32]
        signup.skills = [] if n % 5 == 0 else [cell, "Canva", other]
        signup.availability = other
        signup.message = cell + "\n" + other
        signup.answers = (
            {}
            if n % 6 == 0
            else {"q1": cell, "agree": n % 2 == 0, "q: 2; x": other, "nothing": None, "": ""}
        )
        signup.locale = ("ar", "en", "fr")[n % 3]
        signup.origin = None if n % 3 == 0 else cell
        signup.page_url = None if n % 2 == 0 else other
        signup.consent_version = cell[:32]
        signup.status = statuses[n % len(statuses)]
        signup.hours_contributed = HOURS[n % len(HOURS)]
        signup.consented_at = MOMENTS[n % len(MOMENTS)]
        signup.created_at = MOMENTS[(n + 1) % len(MOMENTS)] - timedelta(days=n)
        signup.status_changed_at = MOMENTS[(n + 2) % len(MOMENTS)]
        session.commit()
    # JSON that json.dumps did not write: other spacing, escapes, an Arabic answer.
    for n, (skills, answers) in enumerate(
        [
            ('[ "a","b" ,"c, d"]', '{"q1":"x","agree":true}'),
            ('["\\u062a\\u0635\\u0645\\u064a\\u0645", "x\\"y"]', '{"q1": "\\u0644\\u0627"}'),
            ('[""]', '{"q1": "", "q2": "a\\", \\"b"}'),
        ]
    ):
        signup = make_signup(session, org, tasks[n], email=f"json{n}@example.org")
        session.execute(
            update(Signup)
            .where(Signup.id == signup.id)
            .values(skills=literal_column(f"'{skills}'"), answers=literal_column(f"'{answers}'"))
        )
        session.commit()
    # Another organization's sign-up stays out of the export.
    stranger = make_org(session)
    make_signup(session, stranger, make_task(session, stranger), name="=not ours")


def _both(
    session: Session, organization: Organization, where: list[ColumnElement[bool]]
) -> tuple[bytes, bytes]:
    served = b"".join(export.export_signups(session, organization, where))
    session.rollback()
    python = "".join(export.python_csv(session, organization, where)).encode()
    session.rollback()
    return served, python


@pytest.mark.parametrize(
    "where",
    ["all", "status", "needs_reply", "nothing"],
)
def test_served_export_is_byte_for_byte_the_python_export(session: Session, where: str) -> None:
    org = make_org(session, default_locale="fr")
    varied_signups(session, org)
    organization = org.organization
    conditions: dict[str, list[ColumnElement[bool]]] = {
        "all": [],
        "status": [Signup.status == SignupStatus.ACCEPTED],
        "needs_reply": [followup.needs_reply(organization, utcnow() + timedelta(days=400))],
        "nothing": [Signup.name == "nobody"],
    }
    served, python = _both(session, organization, conditions[where])
    assert served == python
    assert served.startswith(b"\xef\xbb\xbfsignup_id,task_id,")
    rows = python.count(b"\r\n")
    assert rows > 1 if where != "nothing" else rows == 1
    assert b"=not ours" not in served


@pytest.mark.postgresql
def test_postgresql_formats_the_export_itself(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_org(session, default_locale="fr")
    varied_signups(session, org)
    python = "".join(export.python_csv(session, org.organization)).encode()
    session.rollback()

    def refuse(*_: Any) -> None:
        raise AssertionError("the export was formatted in Python")

    monkeypatch.setattr(export, "python_csv", refuse)
    assert b"".join(export.export_signups(session, org.organization)) == python


@pytest.mark.postgresql
def test_an_export_left_half_read_gives_its_connection_back_usable(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_org(session, default_locale="fr")
    varied_signups(session, org)
    monkeypatch.setattr(export_copy, "_CHUNK_BYTES", 1)  # a chunk per row
    chunks = export.export_signups(session, org.organization)
    assert [next(chunks) for _ in range(3)][-1].endswith(b"\r\n")
    chunks.close()  # the reader went away: the COPY is ended, the transaction with it
    session.rollback()
    total = session.scalar(select(func.count()).select_from(Signup))
    assert total is not None and total > 30
