"""Importing tasks from CSV: every row or none, with each bad row explained."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys
from widget_server.models import Organization, Role, Task

HEADER = ["title_en", "title_ar", "category", "hours_per_week", "commitment", "status", "skills"]


@pytest.fixture
def editor(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "editor@example.org", Role.EDITOR))
    return client


def _csv(rows: list[list[str]], header: list[str] = HEADER, bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _upload(client: FlaskClient, data: bytes):  # noqa: ANN202
    return post(
        client,
        "/admin/tasks/import",
        {"file": (io.BytesIO(data), "tasks.csv")},
        content_type="multipart/form-data",
    )


def _count(session: Session, org: OrgWithKeys) -> int:
    session.expire_all()
    query = select(Task).where(Task.organization_id == org.organization.id)
    return len(session.scalars(query).all())


def _version(session: Session, org: OrgWithKeys) -> int:
    session.expire_all()
    return session.get(Organization, org.organization.id).content_version


def test_a_good_file_imports_every_row_at_once(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    before = _version(session, org)
    rows = [
        ["Translate a leaflet", "ترجمة منشور", "translation", "2", "one_off", "open", "Arabic"],
        ["Write a blog post", "", "writing", "3", "ongoing", "draft", "Writing, SEO"],
        ["", "إدخال بيانات", "data_entry", "1", "ongoing", "open", ""],
    ]
    response = _upload(editor, _csv(rows))
    assert response.status_code == 303
    assert _count(session, org) == 3
    assert _version(session, org) == before + 1
    listing = editor.get(f"/api/v1/public/tasks?key={org.publishable}&locale=ar").get_json()
    assert {t["title"] for t in listing["data"]} == {"ترجمة منشور", "إدخال بيانات"}
    assert "3 tasks were imported." in editor.get("/admin/tasks").get_data(as_text=True)


def test_a_file_with_bad_rows_imports_nothing_and_names_each_problem_in_arabic(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    post(editor, "/admin/language", {"locale": "ar"})
    rows = [
        ["Fine row", "", "translation", "2", "one_off", "open", ""],
        ["<b>Bad hours</b>", "", "translation", "lots", "one_off", "open", ""],
        ["Fine again", "", "writing", "1", "ongoing", "open", ""],
        ["", "", "astrology", "2", "forever", "open", ""],
    ]
    response = _upload(editor, _csv(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _count(session, org) == 0
    cells = r'<td data-label="[^"]+">([^<]+)</td>\s*<td data-label="[^"]+"><code>(\w+)'
    found = re.findall(cells, html)
    problems = {(int(row), column) for row, column in found}  # int() reads Arabic-Indic digits
    assert problems == {(3, "hours_per_week"), (5, "category"), (5, "commitment"), (5, "title_en")}
    assert "لم يُستورد أي شيء" in html
    assert "<b>Bad hours</b>" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_csv([["x", "", "writing", "1", "ongoing", "", ""]], header=[*HEADER[:-1], "colour"]),
         "This column is not one of the template"),
        ("title_en,category\nCafé,writing\n".encode("latin-1"), "Save the file as CSV UTF-8"),
        (_csv([]), "The file has no tasks in it."),
        (b"title_en,category\nA,writing,extra\n", "more cells than the header"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_task_table_is_refused_in_words(
    editor: FlaskClient, session: Session, org: OrgWithKeys, data: bytes, message: str
) -> None:
    response = _upload(editor, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(session, org) == 0


def test_the_template_file_imports_as_it_is(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    template = editor.get("/admin/tasks/import/template.csv")
    assert template.mimetype == "text/csv"
    assert template.data.startswith("\ufeff".encode())
    assert _upload(editor, template.data).status_code == 303
    assert _count(session, org) == 1


def test_a_file_larger_than_the_api_body_limit_is_accepted(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    rows = [[f"Task {n}", "", "research", "1", "ongoing", "draft", "x" * 40] for n in range(900)]
    data = _csv(rows)
    assert len(data) > 64 * 1024
    assert _upload(editor, data).status_code == 303
    assert _count(session, org) == 900
