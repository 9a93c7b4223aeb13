"""Messages in real Chromium, keyboard only, in Arabic on a 360-px phone and in English on
a desktop, axe-clean at every step: an admin writes to a task's accepted volunteers after
a preview, a volunteer answers from the link in the email a real SMTP server caught, and
the admin sees the answer's badge and follows it to the conversation."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from tests.browser.conftest import Site
from tests.browser.test_admin_panel import OWNER, _sign_in
from tests.browser.test_my_volunteering import _check, _enter, _tab_to
from tests.factories import make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.services.volunteering import signups
from widget_server.worker.worker_loop import Worker

TEST_URL = "http://widgets.test"  # the PUBLIC_URL of test apps, which links are made from
TEXTS = {
    "ar": {
        "count": "تُرسَل هذه الرسالة إلى متطوعَين (2).",
        "message": "مرحبا {name}، نبدأ يوم الاثنين: https://ngo.example/brief",
        "answer": "شكرا، سأكون هناك",
        "sent": "أُرسلت رسالتك",
    },
    "en": {
        "count": "This message goes to 2 volunteers.",
        "message": "Hello {name}, we start on Monday: https://ngo.example/brief",
        "answer": "Thank you, I will be there",
        "sent": "Your message is sent",
    },
}


@pytest.mark.parametrize(("locale", "width"), [("ar", 360), ("en", 1280)])
def test_an_admin_writes_to_accepted_volunteers_and_sees_the_answer(
    page: object,
    site: Site,
    session: Session,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
    locale: str,
    width: int,
) -> None:
    texts = TEXTS[locale]
    task = make_task(session, site.org, capacity=None)
    volunteer = f"layla-{locale}@example.org"
    for name, email in (("Layla Haddad", volunteer), ("Omar Khalil", f"omar-{locale}@example.org")):
        signup = make_signup(session, site.org, task, name=name, email=email, locale=locale)
        signups.change_status(session, site.org.organization, signup.public_id, "accepted")
    make_signup(session, site.org, task, name="Sam Pending")
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, site, session, locale)

    # From the task's page: write to its accepted volunteers, after the preview.
    page.goto(f"{site.server}/admin/tasks/{task.public_id}?locale={locale}")
    _check(page, f"messages-task-{locale}-{width}", width)
    _tab_to(page, "el.id === 'write-status'")
    assert page.locator("#write-status").input_value() == "accepted"
    page.keyboard.press("Tab")
    _enter(page)
    assert texts["count"] in page.text_content("main")
    assert "Sam Pending" not in page.text_content("main")
    _tab_to(page, "el.id === 'f-message'")
    page.keyboard.type(texts["message"])
    _check(page, f"messages-compose-{locale}-{width}", width)
    _tab_to(page, "el.type === 'submit' && el.closest('form').method === 'post'")
    _enter(page)
    assert page.locator(".ad-flash-info").count() == 1
    _check(page, f"messages-sent-{locale}-{width}", width)

    # The volunteer's email, caught by a real SMTP server, leads to the conversation.
    mail_worker.run_once()
    # The one the team wrote, among the status emails: it answers to the member who wrote.
    [email] = [m for m in smtp_sink.to(volunteer) if m["Reply-To"] == OWNER]
    text = email.get_body(("plain",)).get_content()
    found = re.search(re.escape(TEST_URL) + r"/v/conversation/\S+", text)
    assert found, text
    page.goto(found.group(0).replace(TEST_URL, site.server))
    assert page.locator("html").get_attribute("lang") == locale
    assert "Layla Haddad" in page.text_content("main")
    assert page.locator(".vw-message a[href='https://ngo.example/brief']").count() == 1
    _check(page, f"messages-conversation-{locale}-{width}", width)
    _tab_to(page, "el.id === 'f-message'")
    page.keyboard.type(texts["answer"])
    _tab_to(page, "el.type === 'submit'")
    _enter(page)
    assert texts["sent"] in page.text_content("main")
    assert texts["answer"] in page.text_content("main")
    _check(page, f"messages-answered-{locale}-{width}", width)

    # The admin sees the answer's badge and follows it, by keyboard, to the conversation.
    page.goto(f"{site.server}/admin/dashboard?locale={locale}")
    badge = page.locator("nav.ad-nav a.ad-badge-answers")
    assert badge.get_attribute("data-new-answers") == "1"
    _check(page, f"messages-badge-{locale}-{width}", width)
    page.keyboard.press("Escape")
    _tab_to(page, "el.classList.contains('ad-badge-answers')")
    _enter(page)
    assert page.locator("main table tbody tr").count() == 1
    _tab_to(page, "el.getAttribute('href') && el.getAttribute('href').endsWith('#conversation')")
    _enter(page)
    assert texts["answer"] in page.text_content("#conversation + ol")
    assert page.locator(".ad-message-in .ad-due").count() == 1  # marked new as it is shown
    _check(page, f"messages-admin-conversation-{locale}-{width}", width)
    page.goto(f"{site.server}/admin/dashboard?locale={locale}")
    assert page.locator("nav.ad-nav a.ad-badge-answers").count() == 0

    # A saved reply, written by keyboard, then offered when writing to one volunteer.
    page.goto(f"{site.server}/admin/messages/replies?locale={locale}")
    _tab_to(page, "el.id === 'f-title'")
    page.keyboard.type("Welcome")
    _tab_to(page, "el.id === 'f-body'")
    page.keyboard.type(texts["message"])
    _tab_to(page, "el.type === 'submit' && el.form.action.endsWith('/admin/messages/replies')")
    _enter(page)
    assert page.locator(".ad-reply-title").count() == 1
    _check(page, f"messages-saved-replies-{locale}-{width}", width)
    assert page.problems == []
