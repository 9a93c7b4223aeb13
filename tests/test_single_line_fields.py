"""Single-line fields (titles, summaries, names, labels, skills, question labels…) refuse
line breaks and other control characters where they are typed, with the field named in
the caller's language: they would otherwise reach email headers, calendar files and CSV
cells. Multi-line fields (descriptions, messages) keep their line breaks."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.admin.test_task_import import HEADER, _csv
from tests.factories import OrgWithKeys, make_signup, make_task, signup_payload, task_payload
from tests.pages import element
from tests.test_frames import form_data, signup_url
from widget_server.models import MessageStatus, OutboxMessage, Role, Signup, Task
from widget_server.services.outbound.notifications import volunteer_context
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.worker.worker_loop import Worker

BREAKS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "tab": "\t", "nul": "\x00", "nel": "\x85"}
FRENCH = "Écrivez ceci sur une seule ligne"


def _tasks(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Task)) or 0


@pytest.mark.parametrize("brk", BREAKS.values(), ids=BREAKS.keys())
def test_the_admin_api_refuses_a_title_summary_skill_or_question_label_on_two_lines(
    client: FlaskClient, session: Session, org: OrgWithKeys, brk: str
) -> None:
    payload = task_payload(
        translations={"en": {"title": f"Design{brk}Bcc: x", "summary": f"a{brk}b"}},
        skills=[f"Canva{brk}X"],
        custom_questions=[
            {"id": "q", "type": "text", "label": {"en": f"Why{brk}?"}, "required": False}
        ],
    )
    response = client.post("/api/v1/tasks?locale=fr", json=payload, headers=org.auth)

    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    for name in ("translations.en.title", "translations.en.summary", "skills"):
        assert fields[name].startswith(FRENCH), name
    assert fields["custom_questions.0.label"].startswith(FRENCH)
    assert _tasks(session) == 0


def test_a_description_keeps_its_line_breaks(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    payload = task_payload(translations={"en": {"title": "T", "description": "a\r\n\tb\nc"}})
    response = client.post("/api/v1/tasks", json=payload, headers=org.auth)
    assert response.status_code == 201


@pytest.fixture
def editor(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "editor@example.org", Role.EDITOR))
    post(client, "/admin/language", {"locale": "fr"})
    return client


def test_the_panel_task_form_names_the_title_on_two_lines(
    editor: FlaskClient, session: Session
) -> None:
    typed = {
        "title_en": "Design\r\nour report",
        "category": "translation",
        "hours_per_week": "3",
        "commitment": "ongoing",
        "form_nonce": "n" * 24,
    }
    response = post(editor, "/admin/tasks/new", typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-title_en-error"' in html and FRENCH in html
    assert _tasks(session) == 0


def test_a_csv_import_names_the_row_whose_title_is_on_two_lines(
    editor: FlaskClient, session: Session
) -> None:
    rows = [["Design\nour report", "", "translation", "2", "one_off", "open", ""]]
    response = post(
        editor,
        "/admin/tasks/import",
        {"file": (io.BytesIO(_csv(rows, HEADER)), "tasks.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert FRENCH in response.get_data(as_text=True)
    assert _tasks(session) == 0


@pytest.mark.parametrize("brk", BREAKS.values(), ids=BREAKS.keys())
def test_the_public_api_refuses_a_name_or_skill_on_two_lines_and_keeps_a_multi_line_message(
    client: FlaskClient, session: Session, org: OrgWithKeys, brk: str
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"

    refused = client.post(
        f"{url}&locale=fr",
        json=signup_payload(name=f"Layla{brk}Bcc: x", skills=[f"a{brk}b"], availability=f"x{brk}y"),
    )
    kept = client.post(url, json=signup_payload(message="Hello\r\n\tthere"))

    assert refused.status_code == 422
    fields = refused.json["error"]["fields"]
    assert {"name", "skills", "availability"} <= fields.keys()
    assert fields["name"].startswith(FRENCH)
    assert kept.status_code == 201


def test_the_iframe_form_names_the_name_field_in_the_visitors_language(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)

    response = client.post(
        signup_url(org, task, locale="fr"), data=form_data(org, task, name="Layla\r\nHaddad")
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element(html, "input", name="name")["aria-invalid"] == "true"
    assert element(html, "p", id="f-name-error") and FRENCH in html
    assert session.scalar(select(func.count()).select_from(Signup)) == 0


def test_an_email_that_cannot_be_built_fails_at_once_with_its_reason_and_shows_in_the_panel(
    client: FlaskClient, session: Session, org: OrgWithKeys, mail_worker: Worker
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    mail_worker.run_once()  # the confirmation request goes
    context = {**volunteer_context(signup, signup.task, org.organization), "starts_at": "soon"}
    enqueue_email(
        session,
        to=signup.email,
        locale="en",
        template="accepted",
        context=context,
        organization_id=org.organization.id,
    )
    session.commit()

    mail_worker.run_once()

    session.expire_all()
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert message.status is MessageStatus.FAILED and message.attempts == 1
    assert message.last_error.startswith("the message cannot be built: ValueError")
    sign_in(client, add_member(session, org, "viewer@example.org", Role.VIEWER))
    page = client.get(f"/admin/volunteers/{signup.public_id}").get_data(as_text=True)
    assert "Emails that could not be sent" in page
    assert "the message cannot be built" in page
