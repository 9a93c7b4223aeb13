"""Tasks in the admin panel: the list and its counts, the form with every field, actions."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, csrf_token, post, sign_in
from tests.admin.query_count import counting_queries
from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server.models import Organization, Role, Task, TaskStatus
from widget_server.services.volunteering import signups


@pytest.fixture
def editor(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "editor@example.org", Role.EDITOR))
    return client


def _sign_up(session: Session, org: OrgWithKeys, task: Task, n: int) -> None:
    for _ in range(n):
        signups.create_signup(
            session,
            org.organization,
            task.public_id,
            signup_payload(),
            default_locale="en",
            origin=None,
            today=date.today(),
        )


def _version(session: Session, org: OrgWithKeys) -> int:
    session.expire_all()
    return session.get(Organization, org.organization.id).content_version


def _tasks(session: Session, org: OrgWithKeys) -> list[Task]:
    session.expire_all()
    return list(
        session.scalars(
            select(Task).where(Task.organization_id == org.organization.id).order_by(Task.id)
        )
    )


FULL_FORM = {
    "title_en": "Design our <b>annual</b> report",
    "summary_en": "Twelve pages, from home.",
    "description_en": "Use **our** colours.\n\n- cover\n- charts",
    "accessibility_notes_en": "Screen-reader friendly tools are fine.",
    "title_ar": "تصميم التقرير السنوي",
    "summary_ar": "اثنتا عشرة صفحة من المنزل.",
    "title_fr": "Concevoir notre rapport annuel",
    "default_locale": "en",
    "status": "open",
    "category": "graphic_design",
    "hours_per_week": "٤",  # Arabic-Indic digits are read as 4
    "skills": "Canva, Illustrator، Typography",
    "languages": "ar, EN",
    "commitment": "fixed_term",
    "duration_weeks": "6",
    "schedule": "fixed",
    "timezone": "Asia/Beirut",
    "starts_at": "2030-03-01T09:30",
    "ends_at": "2030-04-12T17:00",
    "apply_by": "2030-02-20",
    "capacity": "3",
    "waitlist": "on",
    "q0_type": "select",
    "q0_id": "tool",
    "q0_required": "on",
    "q0_label_en": "Your favourite tool",
    "q0_label_ar": "أداتك المفضلة",
    "q0_options_en": "Canva\nFigma",
    "q0_options_ar": "كانفا\nفيغما",
    "q1_type": "url",
    "q1_label_en": "Portfolio",
}


def test_the_list_counts_signups_and_free_places_and_filters_by_status(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    busy = make_task(session, org, capacity=5, translations={"en": {"title": "Busy task"}})
    make_task(session, org, capacity=None, translations={"en": {"title": "Open-ended task"}})
    make_task(session, org, status="paused", translations={"en": {"title": "Paused task"}})
    _sign_up(session, org, busy, 2)
    html = editor.get("/admin/tasks").get_data(as_text=True)
    row = html[html.index("Busy task") :].split("</tr>")[0]
    assert re.findall(r'class="ad-num">([^<]+)<', row) == ["2", "3"]
    assert "Unlimited" in html[html.index("Open-ended task") :].split("</tr>")[0]
    assert "All but archived (3)" in html and "Paused (1)" in html and "Open (2)" in html
    paused = editor.get("/admin/tasks?status=paused").get_data(as_text=True)
    assert "Paused task" in paused and "Busy task" not in paused


def test_the_list_runs_the_same_number_of_queries_for_3_tasks_or_30(
    app: Flask, editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    for _ in range(3):
        _sign_up(session, org, make_task(session, org, capacity=None), 2)
    with counting_queries(app) as few:
        assert editor.get("/admin/tasks").status_code == 200
    for _ in range(27):
        _sign_up(session, org, make_task(session, org, capacity=None), 2)
    with counting_queries(app) as many:
        html = editor.get("/admin/tasks").get_data(as_text=True)
    assert html.count("<tr>") == 31  # header and 30 tasks
    assert len(many) == len(few) <= 6, many


def test_creating_a_task_stores_every_field_and_publishes_it(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    before = _version(session, org)
    page = editor.get("/admin/tasks/new").get_data(as_text=True)
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', page).group(1)
    response = post(editor, "/admin/tasks/new", {**FULL_FORM, "form_nonce": nonce})
    assert response.status_code == 303, response.get_data(as_text=True)
    (task,) = _tasks(session, org)
    assert response.location == f"/admin/tasks/{task.public_id}"
    assert task.status is TaskStatus.OPEN and task.category == "graphic_design"
    assert task.hours_per_week == 4 and task.duration_weeks == 6 and task.capacity == 3
    assert task.skills == ["Canva", "Illustrator", "Typography"]
    assert task.languages == ["ar", "en"]
    assert task.waitlist is True and task.apply_by == date(2030, 2, 20)
    assert task.starts_at == datetime(2030, 3, 1, 7, 30, tzinfo=UTC)  # 09:30 in Beirut
    assert {t.locale for t in task.translations} == {"ar", "en", "fr"}
    english = task.text_for("en")
    assert english.title == "Design our <b>annual</b> report"
    assert "<strong>our</strong>" in english.description_html
    assert english.accessibility_notes == "Screen-reader friendly tools are fine."
    tool, portfolio = task.custom_questions
    assert tool["id"] == "tool" and tool["required"] is True
    assert tool["options"][1] == {"value": "2", "label": {"en": "Figma", "ar": "فيغما"}}
    assert portfolio["id"] == "q2" and portfolio["type"] == "url"
    assert _version(session, org) == before + 1
    public = editor.get(f"/api/v1/public/tasks?key={org.publishable}").get_json()
    assert [t["id"] for t in public["data"]] == [task.public_id]


def test_the_edit_form_shows_the_task_as_it_is_and_saves_it_unchanged(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    post(editor, "/admin/tasks/new", {**FULL_FORM, "form_nonce": "n" * 24})
    (task,) = _tasks(session, org)
    form = editor.get(f"/admin/tasks/{task.public_id}/edit").get_data(as_text=True)
    assert 'value="Design our &lt;b&gt;annual&lt;/b&gt; report"' in form
    assert 'value="2030-03-01T09:30"' in form
    assert 'name="waitlist" value="on" checked' in form
    assert "Canva\nFigma</textarea>" in form
    response = post(editor, f"/admin/tasks/{task.public_id}/edit", FULL_FORM)
    assert response.status_code == 303
    (again,) = _tasks(session, org)
    assert again.starts_at == task.starts_at and again.custom_questions == task.custom_questions
    assert again.skills == task.skills


def test_a_bad_form_names_each_problem_in_the_admins_language_and_keeps_what_was_typed(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    post(editor, "/admin/language", {"locale": "fr"})
    before = _version(session, org)
    typed = {
        "title_en": "<script>alert(1)</script>",
        "summary_en": "x" * 501,
        "category": "translation",
        "hours_per_week": "three",
        "commitment": "fixed_term",
        "capacity": "0",
        "timezone": "Mars/Olympus",
        "form_nonce": "m" * 24,
    }
    response = post(editor, "/admin/tasks/new", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce champ doit être un nombre entier." in html  # hours_per_week
    assert 'id="f-summary_en-error"' in html and 'id="f-capacity-error"' in html
    assert 'id="f-timezone-error"' in html and 'id="f-duration_weeks-error"' not in html
    assert 'href="#f-hours_per_week"' in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="three"' in html and 'value="Mars/Olympus"' in html
    assert _tasks(session, org) == [] and _version(session, org) == before
    # Corrected and sent again with the same form, it is created once.
    fixed = {**typed, "summary_en": "ok", "hours_per_week": "3", "capacity": "", "timezone": ""}
    fixed["duration_weeks"] = "4"
    assert post(editor, "/admin/tasks/new", fixed).status_code == 303
    assert len(_tasks(session, org)) == 1


def test_a_double_submitted_form_creates_one_task(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    form = {**FULL_FORM, "form_nonce": "d" * 24}
    first = post(editor, "/admin/tasks/new", form)
    second = post(editor, "/admin/tasks/new", form)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert len(_tasks(session, org)) == 1


def test_duplicate_makes_one_draft_copy_per_click(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    _sign_up(session, org, task, 1)
    form = {"form_nonce": "c" * 24}
    first = post(editor, f"/admin/tasks/{task.public_id}/duplicate", form)
    again = post(editor, f"/admin/tasks/{task.public_id}/duplicate", form)
    assert first.location == again.location != f"/admin/tasks/{task.public_id}"
    original, copy = _tasks(session, org)
    assert copy.status is TaskStatus.DRAFT and copy.taken == 0
    assert copy.text_for("ar").title == original.text_for("ar").title
    assert copy.skills == original.skills and copy.capacity == original.capacity


@pytest.mark.parametrize("status", ["paused", "closed", "archived"])
def test_pausing_closing_or_archiving_takes_the_task_off_the_public_listing(
    editor: FlaskClient, session: Session, org: OrgWithKeys, status: str
) -> None:
    task = make_task(session, org)
    listing = f"/api/v1/public/tasks?key={org.publishable}"
    assert editor.get(listing).get_json()["total"] == 1
    before = _version(session, org)
    response = post(editor, f"/admin/tasks/{task.public_id}/status", {"status": status})
    assert response.status_code == 303
    assert _version(session, org) == before + 1
    assert editor.get(listing).get_json()["total"] == 0
    assert _tasks(session, org)[0].status == status


def test_a_capacity_below_the_places_taken_is_refused_in_words(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=5)
    _sign_up(session, org, task, 3)
    form = editor.get(f"/admin/tasks/{task.public_id}/edit").get_data(as_text=True)
    fields = dict(re.findall(r'name="([a-z_0-9]+)" value="([^"]*)"', form))
    fields["capacity"] = "2"
    response = post(editor, f"/admin/tasks/{task.public_id}/edit", fields)
    assert response.status_code == 422
    assert "3 places are already taken" in response.get_data(as_text=True)
    assert _tasks(session, org)[0].capacity == 5


def test_the_preview_is_the_servers_sanitised_markdown(
    editor: FlaskClient, session: Session
) -> None:
    token = csrf_token(editor, "/admin/tasks")
    response = editor.post(
        "/admin/tasks/preview",
        data={"text": "**Hi** <script>alert(1)</script> [x](javascript:alert(1))"},
        headers={"X-CSRFToken": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<strong>Hi</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert editor.post("/admin/tasks/preview", data={"text": "x"}).status_code == 400


def test_admin_pages_are_private_and_framed_by_nobody(editor: FlaskClient) -> None:
    response = editor.get("/admin/tasks")
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_counts_come_from_one_grouped_query(session: Session, org: OrgWithKeys) -> None:
    from widget_server.services.catalog.task_overview import task_overview

    first, second = make_task(session, org), make_task(session, org, capacity=None)
    _sign_up(session, org, first, 2)
    _sign_up(session, org, second, 1)
    session.expire_all()
    overview = task_overview(session, org.organization)
    assert [(r.signups, r.spots_left) for r in overview.rows] == [(1, None), (2, 3)]
    assert session.scalar(select(func.count()).select_from(Task)) == 2
