"""The follow-up promise in real Chromium: the day shown on the widget form's success
screen, and the needs-a-reply badge appearing in the panel for an overdue sign-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.browser.test_admin_panel import _sign_in
from tests.factories import make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import Signup
from widget_server.services.follow_up import followup

CARD = "[data-volunteer-tasks] >> css=.vw-card"
EXAMPLES = {"en": "plain-english", "ar": "arabic-rtl"}


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("width", [360, 1280])
def test_success_screen_promises_when_the_volunteer_will_hear_back(
    page: object, site: Site, session: Session, locale: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.example(EXAMPLES[locale]))
    page.wait_for_selector(CARD)
    page.locator("[data-volunteer-tasks] >> css=.vw-card button.vw-button").first.click()
    handle = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    frame = handle.content_frame()
    frame.wait_for_selector("input[name=name]")
    frame.fill("input[name=name]", "Rania Aziz")
    frame.fill("input[name=email]", f"rania-{locale}-{width}@example.org")
    frame.check("input[name=consent]")
    frame.click("button[type=submit]")
    handle = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    frame = handle.content_frame()
    frame.wait_for_selector(".vw-promise")

    signup = session.scalars(select(Signup)).one()
    # In the volunteer's zone (the browser's), as the form shows it, not the task's.
    zone = followup.volunteer_zone(signup, signup.task, site.org.organization)
    day = followup.promise_date(followup.due_at(signup.created_at, 3), zone, locale)
    text = frame.locator(".vw-promise").inner_text()
    assert day in text and site.org.organization.name in text
    assert frame.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert violations(frame.page, "[data-volunteer-tasks]") == []
    screenshot(page, f"followup-promise-{locale}-{'phone' if width == 360 else 'desktop'}")
    assert page.problems == []


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_an_overdue_signup_raises_the_badge_which_leads_to_those_needing_a_reply(
    page: object, site: Site, session: Session, locale: str
) -> None:
    task = make_task(session, site.org, capacity=None)
    late = make_signup(session, site.org, task, name="Omar Khalil")
    late.created_at = utcnow() - timedelta(days=4)
    session.commit()
    make_signup(session, site.org, task, name="Rana Fresh")
    _sign_in(page, site, session, locale)

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{site.server}/admin/dashboard?locale={locale}")
        badge = page.locator("nav.ad-nav a.ad-badge")
        assert badge.get_attribute("data-needs-reply") == "1"
        assert violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        kind = "phone" if width == 360 else "desktop"
        screenshot(page, f"followup-badge-dashboard-{locale}-{kind}")

    page.goto(f"{site.server}/admin/dashboard?locale={locale}")
    for _ in range(30):  # the badge is reached and followed with the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ad-badge')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**needs_reply=1**")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Omar Khalil" in rows.first.inner_text()
    assert page.locator(".ad-due-overdue").count() == 1
    assert violations(page) == []
    screenshot(page, f"followup-needs-reply-{locale}-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"followup-needs-reply-{locale}-phone")
    page.goto(f"{site.server}/admin/follow-up?locale={locale}")
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"followup-settings-{locale}-phone")
    assert page.problems == []
