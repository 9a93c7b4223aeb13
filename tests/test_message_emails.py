"""A message to volunteers reaches a real SMTP server: the team's words in each
volunteer's frame and language, Reply-To the member who wrote, the conversation link."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.models import Role
from widget_server.services import audit
from widget_server.services.messaging import answers, sending
from widget_server.services.volunteering import signups
from widget_server.worker.worker_loop import Worker


def test_a_message_is_sent_in_each_volunteers_language_with_reply_to_the_member(
    session: Session, org: OrgWithKeys, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    task = make_task(session, org)
    ids = []
    for address, locale in (("layla@example.org", "ar"), ("sam@example.org", "en")):
        signup = make_signup(session, org, task, email=address, locale=locale)
        signups.change_status(session, org.organization, signup.public_id, "accepted")
        ids.append(signup.public_id)
    member = make_member(session, org, Role.EDITOR, "editor@ngo.example")
    sending.send_message(
        session,
        org.organization,
        ids,
        "Dear {name}, the brief is at https://ngo.example/brief.\n<b>Thanks</b>",
        by=audit.Actor.member(member.id),
        reply_to="editor@ngo.example",
    )
    mail_worker.run_once()
    arabic = smtp_sink.to("layla@example.org")[-1]
    english = smtp_sink.to("sam@example.org")[-1]
    assert arabic["Reply-To"] == "editor@ngo.example"
    assert "ترجمة نشرتنا الإخبارية" in arabic["Subject"]
    html = arabic.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html
    assert '<a href="https://ngo.example/brief"' in html and "&lt;b&gt;Thanks" in html
    text = english.get_body(("plain",)).get_content()
    assert (
        english["Subject"]
        == f"A message from {org.organization.name} about “Translate our newsletter”"
    )
    assert "Dear Layla Haddad, the brief is at https://ngo.example/brief." in text
    assert "http://widgets.test/v/conversation/" in text
    assert "You can also reply to this email." in text


def test_a_members_notice_of_an_answer_links_to_the_conversation(
    session: Session, org: OrgWithKeys, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    make_member(session, org, Role.EDITOR, "editor@ngo.example")
    signup = make_signup(session, org, make_task(session, org), name="Omar")
    signups.change_status(session, org.organization, signup.public_id, "accepted")
    answers.receive_answer(session, signup.public_id, "Can I start tomorrow?")
    mail_worker.run_once()
    notice = smtp_sink.to("editor@ngo.example")[-1]
    assert notice["Subject"] == "A volunteer answered about “Translate our newsletter”"
    text = notice.get_body(("plain",)).get_content()
    assert "Can I start tomorrow?" in text
    assert f"http://widgets.test/admin/volunteers/{signup.public_id}#conversation" in text
