"""Taking an offered place from the email's link, in real Chromium: with the keyboard
alone, axe-clean in Arabic and English, fitting a 360-px-wide phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.browser.test_admin_panel import _sign_in
from tests.browser.test_volunteer_pages import _fits, _press_the_button
from tests.factories import make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.models import Signup, SignupStatus
from widget_server.services.volunteering import signups
from widget_server.worker.worker_loop import Worker


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_waitlisted_volunteer_takes_the_offered_place_from_the_email(
    page: object,
    site: Site,
    session: Session,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
    locale: str,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    task = make_task(session, site.org, capacity=1, waitlist=True)
    holder = make_signup(session, site.org, task)
    waiting = make_signup(session, site.org, task, locale=locale, email="wait@example.org")
    signups.change_status(session, site.org.organization, holder.public_id, "withdrawn")
    mail_worker.run_once()
    text = smtp_sink.to("wait@example.org")[-1].get_body(("plain",)).get_content()
    link = next(w for w in text.split() if w.startswith("http://widgets.test/v/accept/"))

    page.goto(link.replace("http://widgets.test", site.server))
    assert page.evaluate("document.documentElement.dir") == ("rtl" if locale == "ar" else "ltr")
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"waitlist-offer-{locale}-{width}")
    _press_the_button(page)

    assert page.locator("[role=status] h1").inner_text() == (
        "المكان لك" if locale == "ar" else "The place is yours"
    )
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"waitlist-offer-taken-{locale}-{width}")
    session.expire_all()
    row = session.scalar(select(Signup).where(Signup.id == waiting.id))
    assert row is not None and row.status is SignupStatus.CONFIRMED


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_team_sees_the_open_offer_and_its_expiry(
    page: object, site: Site, session: Session, locale: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    task = make_task(session, site.org, capacity=1, waitlist=True)
    holder = make_signup(session, site.org, task)
    waiting = make_signup(session, site.org, task, name="ريم منتظرة")
    signups.change_status(session, site.org.organization, holder.public_id, "withdrawn")
    _sign_in(page, site, session, locale)

    page.goto(f"{site.server}/admin/volunteers?status=waitlisted")
    assert violations(page) == []
    _fits(page, width)
    page.goto(f"{site.server}/admin/volunteers/{waiting.public_id}")
    assert page.locator(".ad-offer-open").count() == 1
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"waitlist-offer-admin-{locale}-{width}")
