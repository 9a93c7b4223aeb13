"""My volunteering in real Chromium, keyboard only: a volunteer with sign-ups in two
organizations asks for a link on a hosted page, gets it from a real SMTP server, opens
it, sees both, withdraws one and changes their time zone; in Arabic on a 360-px phone
and in English on a desktop, axe-clean at every step."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.factories import make_org, make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import Signup, SignupStatus
from widget_server.worker.worker_loop import Worker

TEST_URL = "http://widgets.test"  # the PUBLIC_URL of test apps, which links are made from
EMAIL = "layla@example.org"
TEXTS = {
    "ar": {"sent": "تحقق من بريدك الإلكتروني", "withdrawn": "سُحب تسجيلك", "zone": "حُفظت منطقتك"},
    "en": {"sent": "Check your email", "withdrawn": "is withdrawn", "zone": "time zone is saved"},
}


def _fits(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tab_to(page: object, test: str, limit: int = 120, key: str = "Tab") -> None:
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(function (el) {{ return {test}; }})(document.activeElement)"):
            return
    raise AssertionError(f"no element reached with Tab where {test}")


def _enter(page: object) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _check(page: object, name: str, width: int) -> None:
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, name)


@pytest.mark.parametrize(("locale", "width"), [("ar", 360), ("en", 1280)])
def test_a_volunteer_manages_sign_ups_of_two_organizations_by_keyboard(
    page: object,
    site: Site,
    session: Session,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
    locale: str,
    width: int,
) -> None:
    other = make_org(session, name="Nour Books", slug="nour-books")
    starts = (utcnow() + timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0)
    fixed = make_task(
        session, other, schedule="fixed", starts_at=starts.isoformat(),
        ends_at=(starts + timedelta(hours=2)).isoformat(), timezone="Europe/Paris",
        translations={"en": {"title": "Live Q&A"}, "ar": {"title": "جلسة أسئلة مباشرة"}},
    )  # fmt: skip
    ours = make_task(
        session, site.org,
        translations={"en": {"title": "Proofread our report"}, "ar": {"title": "تدقيق تقريرنا"}},
    )  # fmt: skip
    first = make_signup(session, site.org, ours, email=EMAIL, locale=locale)
    second = make_signup(session, other, fixed, email=EMAIL, locale=locale)
    someone = make_signup(session, other, fixed, email="someone@example.org")
    page.set_viewport_size({"width": width, "height": 800})

    # Asking on the organization's hosted page, with the keyboard alone.
    page.goto(f"{site.server}/o/sawa-aid?locale={locale}")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if locale == "ar" else "ltr")
    _check(page, f"my-hosted-ask-{locale}-{width}", width)
    _tab_to(page, "el.id === 'f-email'")
    page.keyboard.type(EMAIL)
    _tab_to(page, "el.type === 'submit'")
    _enter(page)
    assert TEXTS[locale]["sent"] in page.text_content("main")
    _check(page, f"my-sent-{locale}-{width}", width)

    # The link from the email a real SMTP server caught: its page, then its one button.
    mail_worker.run_once()
    [message] = [
        m for m in smtp_sink.to(EMAIL) if "/my/sign-in/" in m.get_body(("plain",)).get_content()
    ]
    text = message.get_body(("plain",)).get_content()
    found = re.search(re.escape(TEST_URL) + r"/my/sign-in/\S+", text)
    assert found, text
    link = found.group(0).replace(TEST_URL, site.server)
    page.goto(link)
    _check(page, f"my-sign-in-{locale}-{width}", width)
    _tab_to(page, "el.type === 'submit'")
    _enter(page)

    # Both organizations' sign-ups, and nobody else's.
    main = page.text_content("main")
    assert site.org.organization.name in main and "Nour Books" in main
    assert page.locator(".vw-card h3").count() == 2
    assert someone.public_id not in page.content()
    assert page.locator("h1").count() == 1
    _check(page, f"my-home-{locale}-{width}", width)

    # Withdraw from the first organization's task.
    title = first.task.text_for(locale).title
    _tab_to(page, f"el.type === 'submit' && el.textContent.indexOf({title!r}) >= 0")
    _enter(page)
    status = page.locator("#vw-done")
    assert TEXTS[locale]["withdrawn"] in status.inner_text()
    assert page.evaluate("document.activeElement.id") == "vw-done"  # read out first
    _check(page, f"my-withdrawn-{locale}-{width}", width)

    # A new time zone, found by typing a city in the zone list's filter field.
    _tab_to(page, "el.id === 'f-timezone-filter'")
    page.keyboard.type("Beirut")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-timezone"
    assert page.locator("#f-timezone").input_value() == "Asia/Beirut"
    _tab_to(page, "el.type === 'submit'")
    _enter(page)
    assert TEXTS[locale]["zone"] in page.locator("#vw-done").inner_text()
    # The fixed session is now shown in Beirut time (UTC+2 or +3), not Paris time.
    assert page.locator(".vw-card dd").filter(has_text=re.compile("Beirut|بيروت")).count() == 1
    _check(page, f"my-zone-{locale}-{width}", width)

    session.expire_all()
    rows = {
        s.id: s for s in session.scalars(select(Signup).where(Signup.email_normalized == EMAIL))
    }
    assert rows[first.id].status is SignupStatus.WITHDRAWN
    assert rows[second.id].status is not SignupStatus.WITHDRAWN
    assert {r.timezone for r in rows.values()} == {"Asia/Beirut"}
    assert session.get(Signup, someone.id).timezone is None  # type: ignore[union-attr]

    # Signing out ends the page; the link, used, now says so and offers a new one.
    # Back up from the status message (focused on arrival) to the button above it.
    sign_out = "el.type === 'submit' && el.form.action.indexOf('/my/sign-out') >= 0"
    _tab_to(page, sign_out, 5, "Shift+Tab")
    _enter(page)
    _check(page, f"my-signed-out-{locale}-{width}", width)
    page.goto(f"{site.server}/my?locale={locale}")
    assert page.locator("#f-email").count() == 1
    page.goto(link)
    assert page.locator("[role=alert]").count() == 1 and page.locator("#f-email").count() == 1
    _check(page, f"my-link-used-{locale}-{width}", width)
    # The one thing the console reports is that answer's status: 410 Gone, as it should be.
    assert [p for p in page.problems if "status of 410" not in p] == []


def test_the_widget_links_to_my_volunteering_in_a_new_tab(page: object, site: Site) -> None:
    page.goto(site.example("arabic-rtl"))
    page.wait_for_selector("[data-volunteer-tasks] >> css=a.vw-mine")
    link = page.locator("[data-volunteer-tasks] >> css=a.vw-mine").first

    assert link.get_attribute("href") == f"{site.server}/my?locale=ar"
    assert link.text_content() == "تطوّعي"
    assert link.get_attribute("target") == "_blank"
    assert violations(page, "[data-volunteer-tasks]") == []
    assert page.problems == []
