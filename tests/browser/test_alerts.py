"""Task alerts in real Chromium: subscribing from the hosted page with the keyboard alone,
confirming from the email a real SMTP server caught, then unsubscribing in one click."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import ARTIFACTS, Site, screenshot
from tests.browser.test_volunteer_pages import _press_the_button
from tests.factories import make_task
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import AlertSubscription
from widget_server.services.task_alerts import alert_matching
from widget_server.worker.worker_loop import Worker

TEST_URL = "http://widgets.test"  # the PUBLIC_URL of test apps, which links are made from
TEXTS = {
    "ar": {"sent": "تحقق من بريدك الإلكتروني", "on": "تنبيهاتك مفعّلة", "off": "أُلغي اشتراكك"},
    "en": {"sent": "Check your email", "on": "Your alerts are on", "off": "You are unsubscribed"},
}


def _fits(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tab_to(page: object, test: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(function (el) {{ return {test}; }})(document.activeElement)"):
            return
    raise AssertionError(f"no element reached with Tab where {test}")


def _link(text: str, prefix: str) -> str:
    found = re.search(re.escape(prefix) + r"\S+", text)
    assert found, text
    return found.group(0)


def _show_email(page: object, message: EmailMessage, name: str, width: int) -> None:
    """The HTML part as a mail client shows it: it fits the width; screenshot it."""
    view = page.context.new_page()  # about:blank: no page policy, as in a mail client
    view.set_viewport_size({"width": width, "height": 800})
    view.set_content(message.get_body(("html",)).get_content())
    _fits(view, width)
    screenshot(view, name)
    view.close()


def _subscriptions(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AlertSubscription)) or 0


@pytest.mark.parametrize(
    ("locale", "width"), [("ar", 360), ("en", 360), ("ar", 1280), ("en", 1280)]
)
def test_subscribe_confirm_and_unsubscribe_in_one_click(
    page: object,
    site: Site,
    session: Session,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
    locale: str,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.server}/o/sawa-aid?locale={locale}")
    screenshot(page, f"alerts-hosted-link-{locale}-{width}")
    page.get_by_role("link", name=re.compile("email|البريد")).first.click()
    page.wait_for_url(re.compile("/o/sawa-aid/alerts"))
    assert page.evaluate("document.documentElement.dir") == ("rtl" if locale == "ar" else "ltr")
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"alerts-subscribe-{locale}-{width}")

    # The keyboard alone: the address, one kind of task, one frequency, then send.
    _tab_to(page, "el.id === 'f-email'")
    page.keyboard.type("reader@example.org")
    _tab_to(page, "el.value === 'translation'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'frequency'")
    page.keyboard.press("ArrowUp")  # from "weekly" (the default) to "immediate"
    assert page.evaluate("document.activeElement.value") == "immediate"
    _tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert TEXTS[locale]["sent"] in page.text_content("main")
    assert violations(page) == []
    _fits(page, width)
    assert _subscriptions(session) == 0  # nothing kept until the address is confirmed

    mail_worker.run_once()
    [confirmation] = smtp_sink.to("reader@example.org")
    text = confirmation.get_body(("plain",)).get_content()
    _show_email(page, confirmation, f"alerts-email-confirm-{locale}-{width}", width)
    page.goto(_link(text, "http://widgets.test/alerts/confirm/").replace(TEST_URL, site.server))
    assert violations(page) == []  # the link's page: one button, nothing done yet
    _fits(page, width)
    assert _subscriptions(session) == 0
    _press_the_button(page)
    assert TEXTS[locale]["on"] in page.text_content("main")
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"alerts-confirmed-{locale}-{width}")
    assert _subscriptions(session) == 1

    # A new translation task is published: the alert comes, with one-click unsubscribe.
    task = make_task(session, site.org, category="translation")
    task.published_at = utcnow()
    session.commit()
    alert_matching.enqueue_immediate(session, now=utcnow() + timedelta(seconds=1))
    mail_worker.run_once()
    alert = smtp_sink.to("reader@example.org")[-1]
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(alert["List-Unsubscribe"])[1:-1].replace(TEST_URL, site.server)
    _show_email(page, alert, f"alerts-email-{locale}-{width}", width)

    # The link in the body asks first, and changes nothing by being opened.
    page.goto(unsubscribe)
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"alerts-unsubscribe-{locale}-{width}")
    assert _subscriptions(session) == 1

    # What a mail client's button does (RFC 8058): one POST, no cookie, no page.
    answer = httpx.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert _subscriptions(session) == 0

    _tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert TEXTS[locale]["off"] in page.text_content("main")
    assert violations(page) == []
    assert page.problems == []


def test_the_widget_links_to_the_alert_page_in_its_language(page: object, site: Site) -> None:
    page.goto(site.example("arabic-rtl"))
    page.wait_for_selector("[data-volunteer-tasks] >> css=.vw-card")
    link = page.locator("[data-volunteer-tasks] >> css=a.vw-alerts").first

    assert link.get_attribute("href") == f"{site.server}/o/sawa-aid/alerts?locale=ar"
    assert link.text_content() == "تلقَّ تنبيهات بالمهام الجديدة"
    assert link.get_attribute("target") == "_blank"
    assert violations(page, "[data-volunteer-tasks]") == []
    page.set_viewport_size({"width": 360, "height": 800})
    link.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "alerts-widget-link-ar-360.png"))
    assert page.problems == []
