"""Mail reaches a real SMTP server: headers, both parts, the volunteer's language."""

from __future__ import annotations

from email.message import EmailMessage

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload
from tests.pages import press_the_button
from tests.smtp_sink import SmtpSink
from widget_server.models import MessageStatus, OutboxMessage, Signup, SignupStatus
from widget_server.worker.worker_loop import Worker


def _sign_up(client: FlaskClient, org: OrgWithKeys, task_id: str, **overrides: object) -> str:
    response = client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(**overrides),
    )
    assert response.status_code == 201, response.json
    return response.json["signup"]["id"]


def _link(message: EmailMessage, prefix: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if word.startswith(prefix))


def test_signup_in_arabic_gets_a_right_to_left_confirmation_email_with_both_parts(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org)
    _sign_up(client, org, task.public_id, email="layla@example.org", locale="ar")

    mail_worker.run_once()

    [message] = smtp_sink.to("layla@example.org")
    assert "ترجمة نشرتنا الإخبارية" in message["Subject"]
    assert message["Content-Language"] == "ar"
    assert message["Message-ID"].startswith("<outbox.")
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    text = message.get_body(("plain",)).get_content()
    assert "http://widgets.test/v/confirm/" in text
    assert "http://widgets.test/v/withdraw/" in text
    assert "http://widgets.test/v/erase/" in text


def test_confirm_link_from_the_email_confirms_the_signup_and_sends_the_receipt(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org)
    signup_id = _sign_up(client, org, task.public_id, email="sam@example.org")
    mail_worker.run_once()
    [confirmation] = smtp_sink.to("sam@example.org")

    page = press_the_button(client, _link(confirmation, "http://widgets.test/v/confirm/"))

    assert page.status_code == 200
    assert "Email confirmed" in page.text
    signup = session.scalar(select(Signup).where(Signup.public_id == signup_id))
    assert signup is not None and signup.status is SignupStatus.CONFIRMED
    mail_worker.run_once()
    receipt = smtp_sink.to("sam@example.org")[-1]
    assert receipt["Subject"] == "We received your sign-up for “Translate our newsletter”"


def test_owner_is_told_of_each_new_signup_by_email(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    org = make_org(session, admin_email="owner@ngo.example")
    task = make_task(session, org)
    _sign_up(client, org, task.public_id, name="Omar Khalil", email="omar@example.org")

    mail_worker.run_once()

    [notice] = smtp_sink.to("owner@ngo.example")
    assert notice["Subject"] == "New sign-up for “Translate our newsletter”"
    assert "Omar Khalil (omar@example.org)" in notice.get_body(("plain",)).get_content()


def test_every_message_is_marked_sent_once_the_server_took_it(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org)
    _sign_up(client, org, task.public_id)
    mail_worker.run_once()
    statuses = set(session.scalars(select(OutboxMessage.status)))
    assert statuses == {MessageStatus.SENT}
