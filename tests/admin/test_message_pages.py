"""Messages from the panel over HTTP: to one volunteer, to a task's accepted volunteers
after a preview, saved replies, the conversation and the answers' badge."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, csrf_token, post, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import Message, OutboxMessage, Role, Signup, Task
from widget_server.services import audit
from widget_server.services.messaging import answers, recipients, saved_replies
from widget_server.services.volunteering import signups


@pytest.fixture
def editor(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "editor@ngo.example", Role.EDITOR))
    return client


def _accepted(session: Session, org: OrgWithKeys, task: Task, name: str) -> Signup:
    signup = make_signup(session, org, task, name=name)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def _messages(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Message)) or 0


def test_an_editor_writes_to_one_volunteer_from_their_page(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, make_task(session, org), "Layla Haddad")
    page = f"/admin/volunteers/{signup.public_id}"
    response = post(
        editor, f"{page}/messages", {"message": "Hello {name}, see https://ngo.example"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{page}#conversation")
    html = editor.get(page).get_data(as_text=True)
    assert "Hello Layla Haddad, see" in html and '<a href="https://ngo.example"' in html
    email = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert email is not None and email.payload["context"]["reply_to"] == "editor@ngo.example"


def test_an_empty_message_is_refused_in_the_readers_language_and_nothing_is_stored(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, make_task(session, org), "Layla Haddad")
    editor.post(
        "/admin/language", data={"locale": "ar", "next": "", "csrf_token": csrf_token(editor)}
    )
    response = post(editor, f"/admin/volunteers/{signup.public_id}/messages", {"message": "  "})
    assert response.status_code == 422
    assert "هذا الحقل مطلوب" in response.get_data(as_text=True)
    assert _messages(session) == 0


def test_a_tasks_accepted_volunteers_are_previewed_then_written_to(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    for name in ("Layla Haddad", "Omar Khalil"):
        _accepted(session, org, task, name)
    make_signup(session, org, task, name="Sam Pending")
    query = f"task={task.public_id}&status=accepted"
    preview = editor.get(f"/admin/messages/new?{query}").get_data(as_text=True)
    assert "This message goes to 2 volunteers." in preview
    assert "Layla Haddad" in preview and "Omar Khalil" in preview
    assert "Sam Pending" not in preview
    # Someone else accepted a third volunteer meanwhile: the preview is shown again.
    _accepted(session, org, task, "Rana Late")
    changed = post(editor, f"/admin/messages/new?{query}", {"message": "Hi", "expected": "2"})
    assert changed.status_code == 409 and _messages(session) == 0
    assert "This message goes to 3 volunteers." in changed.get_data(as_text=True)
    sent = post(editor, f"/admin/messages/new?{query}", {"message": "Hi {name}", "expected": "3"})
    assert sent.status_code == 303 and _messages(session) == 3


def test_a_set_with_no_one_to_write_to_offers_no_form(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task)  # pending: not written to
    page = editor.get(f"/admin/messages/new?task={task.public_id}").get_data(as_text=True)
    assert "No one to write to" in page and 'name="message"' not in page
    response = post(editor, f"/admin/messages/new?task={task.public_id}", {"message": "Hi"})
    assert response.status_code == 422 and _messages(session) == 0


def test_a_saved_reply_starts_the_message(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, make_task(session, org), "Layla Haddad")
    response = post(
        editor, "/admin/messages/replies", {"title": "Welcome", "body": "Welcome, {name}!"}
    )
    assert response.status_code == 303
    [reply] = saved_replies.list_replies(session, org.organization.id)
    page = editor.get(f"/admin/volunteers/{signup.public_id}?reply={reply.public_id}")
    assert "Welcome, {name}!</textarea>" in page.get_data(as_text=True)
    assert post(editor, f"/admin/messages/replies/{reply.public_id}/delete").status_code == 303
    assert saved_replies.list_replies(session, org.organization.id) == []


def test_an_answer_shows_as_a_badge_until_a_member_opens_the_conversation(
    editor: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, make_task(session, org), "Layla Haddad")
    saved_replies.save_reply(session, org.organization, "Unused", "Text", by=audit.NOBODY)
    answers.receive_answer(session, signup.public_id, "Can I start on Monday?")
    listing = editor.get("/admin/volunteers").get_data(as_text=True)
    assert 'data-new-answers="1"' in listing and "1 new answer" in listing
    unread = editor.get("/admin/volunteers?unread=1").get_data(as_text=True)
    assert "Layla Haddad" in unread
    page = editor.get(f"/admin/volunteers/{signup.public_id}").get_data(as_text=True)
    assert "Can I start on Monday?" in page
    assert "data-new-answers" not in editor.get("/admin/volunteers").get_data(as_text=True)


def test_a_set_larger_than_the_limit_is_refused_with_the_limit_and_nothing_is_sent(
    editor: FlaskClient, session: Session, org: OrgWithKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recipients, "MAX_RECIPIENTS", 2)
    task = make_task(session, org, capacity=None)
    for name in ("Layla Haddad", "Omar Khalil", "Rana Saleh"):
        _accepted(session, org, task, name)
    query = f"task={task.public_id}&status=accepted"
    preview = editor.get(f"/admin/messages/new?{query}")
    assert "At most 2 items are allowed." in preview.get_data(as_text=True)
    response = post(editor, f"/admin/messages/new?{query}", {"message": "Hi"})
    assert response.status_code == 422 and "At most 2 items" in response.get_data(as_text=True)
    assert _messages(session) == 0
