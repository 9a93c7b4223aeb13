"""A far-away volunteer's own time, in real Chromium with its time zone set: the widget's
details and the iframe form show a fixed session in Kolkata's or St John's time beside
Riyadh's, and the form's new fields work with the keyboard and pass axe in Arabic at 360 px."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import ARTIFACTS, Site, screenshot
from tests.factories import make_signup, make_task
from widget_server.models import Signup, Task
from widget_server.services.times.working_hours import WorkingHours, save_working_hours

WIDGET = "[data-volunteer-tasks]"
SESSION = {
    "category": "expert_advice",
    "schedule": "fixed",
    "timezone": "Asia/Riyadh",
    "starts_at": "2027-01-14T19:00:00+03:00",
    "ends_at": "2027-01-14T21:00:00+03:00",
    "translations": {
        "en": {"title": "Live Q&A with our accountant"},
        "ar": {"title": "جلسة أسئلة مباشرة مع محاسبنا"},
    },
}
# The session (16:00–18:00 UTC) on each volunteer's clock.
LOCAL = {
    "Asia/Kolkata": ("21:30", "23:30", "Kolkata"),
    "America/St_Johns": ("12:30", "14:30", "St. John’s"),
}


def _plain(text: str) -> str:
    """Text without the invisible marks that keep Arabic clock spans left to right."""
    return text.translate({0x2060: None, 0x2066: None, 0x2069: None})


@pytest.fixture
def fixed_task(site: Site, session: Session) -> str:
    save_working_hours(
        session,
        site.org.organization,
        WorkingHours((7, 1, 2, 3, 4), time(9), time(17)),
        user_id=None,
    )
    return make_task(session, site.org, **SESSION).public_id


def _context_page(browser: object, zone: str, width: int = 1280, locale: str = "en-GB") -> object:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id=zone, locale=locale
    )
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


@pytest.mark.parametrize("zone", sorted(LOCAL))
def test_widget_and_form_show_the_session_in_the_volunteers_own_time(
    browser: object, site: Site, fixed_task: str, zone: str
) -> None:
    start, end, city = LOCAL[zone]
    page = _context_page(browser, zone)
    page.goto(site.example("plain-english"))
    page.locator(f"{WIDGET} >> css=.vw-title", has_text="Live Q&A").click()
    details = page.locator(f"{WIDGET} >> css=.vw-details")
    details.wait_for()
    text = details.inner_text()
    assert "Riyadh time" in text and "19:00–21:00" in text
    assert f"{start}–{end}" in text  # the same session on the volunteer's clock
    assert "Overlaps your day" in text
    screenshot(page, f"local-time-widget-{zone.split('/')[1].lower()}-en-desktop")

    # A flexible task: the organization's working hours on the volunteer's clock.
    page.get_by_role("button", name="Back to all tasks").click()
    page.locator(f"{WIDGET} >> css=.vw-title", has_text="Enter survey results").click()
    hours = _plain(page.locator(f"{WIDGET} >> css=.vw-details").inner_text())
    assert "Working hours in Beirut" in hours and "09:00–17:00" in hours
    assert "Your time" in hours and "Overlaps your day" in hours
    page.get_by_role("button", name="Back to all tasks").click()
    page.locator(f"{WIDGET} >> css=.vw-title", has_text="Live Q&A").click()

    details.locator(".vw-button").click()
    handle = page.locator(f"{WIDGET} >> css=dialog iframe").element_handle()
    frame = handle.content_frame()
    frame.wait_for_selector(".vw-your-time")
    assert "tz=" in frame.url
    assert f"Your time ({city}): Thursday 14 January 2027" not in frame.content()  # en, not en-GB
    assert f"{start}\u2009–\u2009{end}" in frame.locator(".vw-your-time").inner_text()
    assert "Riyadh time" in frame.locator("#vw-when").inner_text()
    chosen = frame.locator("#f-timezone").input_value()
    assert chosen in (zone, "Asia/Calcutta")  # Chromium may name Kolkata by its old alias
    assert page.problems == []
    page.context.close()


def test_arabic_form_on_a_phone_asks_the_browsers_zone_and_works_by_keyboard(
    browser: object, site: Site, fixed_task: str, session: Session
) -> None:
    page = _context_page(browser, "Asia/Kolkata", width=360, locale="ar")
    page.goto(
        f"{site.server}/embed/v1/tasks/{fixed_task}/signup?key={site.org.publishable}&locale=ar"
    )
    page.wait_for_selector(".vw-your-time")  # the frame script asked again with the zone
    assert "tz=" in page.url
    assert "21:30–23:30" in _plain(page.locator(".vw-your-time").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "local-time-form-ar-phone")
    page.locator("#vw-when").screenshot(path=str(ARTIFACTS / "local-time-when-ar-phone.png"))

    # The zone list's filter field hears Arabic typed as Arabic speakers type it (here
    # without the hamza that the label "أبيدجان" has), selects the match, and tabs on to it.
    zone_filter = page.locator("#f-timezone-filter")
    zone_filter.focus()
    page.keyboard.type("ابيدجان")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-timezone"
    assert page.locator("#f-timezone").input_value() == "Africa/Abidjan"
    zone_filter.fill("كالكتا")
    assert page.locator("#f-timezone").input_value() in ("Asia/Kolkata", "Asia/Calcutta")
    assert violations(page) == []

    # The zone list, then each window row's fields, in reading order by Tab (a time
    # input takes one Tab per part: hours, minutes, and AM/PM where the locale has it).
    page.locator("#f-timezone").focus()
    order: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if not order or order[-1] != focused:
            order.append(focused)
    assert order[:4] == ["f-w0_days", "f-w0_from", "f-w0_to", "f-w1_days"]
    page.locator("#f-w0_days").focus()
    page.keyboard.press("ArrowDown")  # the first choice: every day
    assert page.locator("#f-w0_days").input_value() == "1,2,3,4,5,6,7"

    page.fill("#f-name", "ليلى حداد")
    page.fill("#f-email", "layla.kolkata@example.org")
    page.fill("#f-w1_from", "09:00")  # a row without days: refused beside the field
    page.check("#f-consent")
    page.locator("button[type=submit]").press("Enter")
    page.wait_for_selector("#vw-error-summary")
    assert page.locator("#f-w1_days").get_attribute("aria-invalid") == "true"
    assert "اختر يومًا واحدًا على الأقل." in page.locator("#vw-error-summary").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "local-time-form-errors-ar-phone")

    page.locator("#f-w0_days").select_option("1,2,3,4,5,6,7")
    page.fill("#f-w0_from", "18:30")
    page.fill("#f-w0_to", "21:00")
    page.fill("#f-w1_from", "")
    page.check("#f-consent")
    page.locator("button[type=submit]").press("Enter")
    page.wait_for_selector(".vw-done")
    assert "21:30–23:30" in _plain(page.locator(".vw-done").inner_text())
    screenshot(page, "local-time-done-ar-phone")
    session.expire_all()
    signup = session.scalars(
        select(Signup).where(Signup.email == "layla.kolkata@example.org")
    ).one()
    assert signup.timezone in ("Asia/Kolkata", "Asia/Calcutta")
    assert signup.availability_windows == [
        {"days": [1, 2, 3, 4, 5, 6, 7], "from": "18:30", "to": "21:00"}
    ]
    assert page.problems == []
    page.context.close()


def test_english_form_on_a_desktop_in_st_johns(
    browser: object, site: Site, fixed_task: str
) -> None:
    page = _context_page(browser, "America/St_Johns")
    page.goto(
        f"{site.server}/embed/v1/tasks/{fixed_task}/signup?key={site.org.publishable}&locale=en"
    )
    page.wait_for_selector(".vw-your-time")
    assert "12:30\u2009–\u200914:30" in page.locator(".vw-your-time").inner_text()
    assert violations(page) == []
    screenshot(page, "local-time-form-en-desktop")
    page.context.close()


@pytest.mark.parametrize(("locale", "width"), [("ar", 360), ("en", 1280)])
def test_panel_time_zone_page_and_a_volunteers_windows(
    page: object, site: Site, fixed_task: str, session: Session, locale: str, width: int
) -> None:
    from tests.browser.test_admin_panel import _sign_in

    signup = make_signup(
        session,
        site.org,
        session.scalars(select(Task).where(Task.public_id == fixed_task)).one(),
        timezone="Asia/Kolkata",
        availability_windows=[{"days": [1, 2, 3, 4, 5], "from": "18:30", "to": "21:00"}],
    )
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, site, session, locale)
    page.goto(f"{site.server}/admin/time-zones")
    # The zone list by keyboard: its filter field takes a city in the reader's script or
    # in Latin letters, keeps the zones that match, selects the first and says so.
    zone_filter = page.locator("#f-timezone-filter")
    zone_filter.focus()
    if locale == "ar":
        page.keyboard.type("Kolk")  # the Latin name answers in an Arabic list too
        assert page.locator("#f-timezone").input_value() == "Asia/Kolkata"
        zone_filter.fill("")
        page.keyboard.type("ابيدجان")  # typed without the hamza the label has (أبيدجان)
        assert page.locator("#f-timezone").input_value() == "Africa/Abidjan"
        assert "أبيدجان" in page.locator("#f-timezone-filter-status").inner_text()
        zone_filter.fill("")
    page.keyboard.type("Riy" if locale == "en" else "كالك")
    page.keyboard.press("Tab")
    chosen = "Asia/Riyadh" if locale == "en" else "Asia/Kolkata"
    assert page.evaluate("document.activeElement.id") == "f-timezone"
    assert page.locator("#f-timezone").input_value() == chosen
    page.locator("#mine-title ~ form button[type=submit]").press("Enter")
    page.wait_for_selector("#f-timezone")
    assert page.locator("#f-timezone").input_value() == chosen
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    screenshot(page, f"admin-time-zones-{locale}-{'phone' if width == 360 else 'desktop'}")

    page.goto(f"{site.server}/admin/volunteers/{signup.public_id}")
    facts = _plain(page.locator(".ad-windows").inner_text())
    seen = "16:00–18:30" if locale == "en" else "18:30–21:00"  # on a Riyadh / Kolkata clock
    assert "18:30–21:00" in facts and seen in facts
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    screenshot(page, f"admin-volunteer-windows-{locale}-{'phone' if width == 360 else 'desktop'}")
    page.locator(".ad-windows").screenshot(path=str(ARTIFACTS / f"admin-windows-{locale}.png"))


def test_arabic_widget_on_a_phone_shows_the_session_on_a_kolkata_clock(
    browser: object, site: Site, fixed_task: str
) -> None:
    page = _context_page(browser, "Asia/Kolkata", width=360, locale="ar")
    page.goto(site.example("arabic-rtl"))
    page.locator(f"{WIDGET} >> css=.vw-title", has_text="جلسة أسئلة مباشرة").click()
    details = page.locator(f"{WIDGET} >> css=.vw-details")
    details.wait_for()
    text = _plain(details.inner_text())
    assert "توقيت الرياض" in text and "19:00–21:00" in text
    assert "بتوقيتك" in text and "21:30–23:30" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "local-time-widget-kolkata-ar-phone")
    assert page.problems == []
    page.context.close()
