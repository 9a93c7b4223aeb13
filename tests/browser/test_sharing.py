"""Sharing a task and adding it to a calendar, from the widget and from the hosted page,
with a keyboard and a screen reader, in Arabic and English, on a phone and a desktop."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.factories import make_task

WIDGET = "[data-volunteer-tasks]"
FIXED = {
    "schedule": "fixed",
    "timezone": "Europe/Paris",
    "starts_at": "2027-03-27T09:00:00Z",
    "ends_at": "2027-03-29T08:00:00Z",
    "translations": {
        "en": {"title": "Live captioning of our webinar", "summary": "Two mornings."},
        "ar": {"title": "ترجمة فورية لندوتنا عبر الإنترنت", "summary": "صباحان."},
    },
}


def _shadow(page: object, script: str) -> object:
    return page.evaluate(f"(function (root) {{ {script} }})"
                         f"(document.querySelector('{WIDGET}').shadowRoot)")  # fmt: skip


def _open_fixed_task(page: object, site: Site, example: str, title: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.examples)
    page.goto(site.example(example))
    page.get_by_role("button", name=title, exact=True).click()
    page.wait_for_selector(f"{WIDGET} >> css=.vw-details")


@pytest.mark.parametrize(
    ("example", "locale", "title", "copied"),
    [
        ("plain-english", "en", "Live captioning of our webinar", "Link copied."),
        ("arabic-rtl", "ar", "ترجمة فورية لندوتنا عبر الإنترنت", "نُسخ الرابط."),
    ],
)
def test_widget_details_copy_the_hosted_link_and_announce_it(
    page: object, site: Site, session: Session, example: str, locale: str, title: str, copied: str
) -> None:
    task = make_task(session, site.org, **FIXED)
    _open_fixed_task(page, site, example, title)
    hosted = f"{site.server}/o/sawa-aid/tasks/{task.public_id}"

    share = page.locator(f"{WIDGET} >> css=.vw-share button")
    share.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelector('{WIDGET}').shadowRoot"
        f".querySelector('.vw-share [role=status]').textContent === {copied!r}"
    )
    assert page.evaluate("navigator.clipboard.readText()") == f"{hosted}?locale={locale}"

    calendar = page.locator(f"{WIDGET} >> css=.vw-facts a[href$='.ics?locale={locale}']")
    href = calendar.get_attribute("href")
    assert href == f"{hosted}/calendar.ics?locale={locale}"
    answer = httpx.get(href)
    assert answer.status_code == 200 and "TZID=Europe/Paris" in answer.text
    assert violations(page, WIDGET) == []
    assert page.problems == []


def test_widget_uses_the_system_share_sheet_where_there_is_one(
    page: object, site: Site, session: Session
) -> None:
    task = make_task(session, site.org, **FIXED)
    page.add_init_script(
        "navigator.share = function (data) { window.shared = data; return Promise.resolve(); };"
    )
    _open_fixed_task(page, site, "plain-english", "Live captioning of our webinar")
    page.locator(f"{WIDGET} >> css=.vw-share button").click()
    assert page.evaluate("window.shared") == {
        "title": "Live captioning of our webinar",
        "url": f"{site.server}/o/sawa-aid/tasks/{task.public_id}?locale=en",
    }


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_hosted_page_shares_by_network_or_copy_with_a_keyboard(
    page: object, site: Site, session: Session, locale: str, width: int
) -> None:
    task = make_task(session, site.org, **FIXED)
    page.set_viewport_size({"width": width, "height": 800})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.server)
    page.goto(f"{site.server}/o/sawa-aid/tasks/{task.public_id}?locale={locale}")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical.endswith(f"/o/sawa-aid/tasks/{task.public_id}?locale={locale}")

    share = page.locator("section.vw-share")
    links = {a.inner_text(): a.get_attribute("href") for a in share.locator("a").all()}
    assert parse_qs(urlsplit(links["WhatsApp"]).query)["text"][0].endswith(canonical)
    assert parse_qs(urlsplit(links["X"]).query)["url"] == [canonical]
    assert parse_qs(urlsplit(links["Facebook"]).query)["u"] == [canonical]
    assert parse_qs(urlsplit(links["LinkedIn"]).query)["url"] == [canonical]
    email = next(href for href in links.values() if href.startswith("mailto:"))
    assert canonical in parse_qs(urlsplit(email).query)["body"][0]

    copy = share.locator("button[data-copy]")
    assert copy.is_visible()
    copy.focus()
    page.keyboard.press("Enter")
    expected = "نُسخ الرابط." if locale == "ar" else "Link copied."
    expect(share.locator("[role=status]")).to_have_text(expected)
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    assert page.problems == []
    phone = "phone" if width == 360 else "desktop"
    share.scroll_into_view_if_needed()
    screenshot(page, f"hosted-task-share-{locale}-{phone}")


@pytest.mark.parametrize("example", ["plain-english", "arabic-rtl"])
def test_widget_details_with_share_and_calendar_on_a_phone(
    page: object, site: Site, session: Session, example: str
) -> None:
    make_task(session, site.org, **FIXED)
    page.set_viewport_size({"width": 360, "height": 800})
    title = FIXED["translations"]["ar" if example == "arabic-rtl" else "en"]["title"]
    _open_fixed_task(page, site, example, title)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page, WIDGET) == []
    screenshot(page, f"widget-details-share-{'ar' if example == 'arabic-rtl' else 'en'}-phone")


def test_a_flexible_task_has_a_share_button_but_no_calendar_link(page: object, site: Site) -> None:
    page.goto(site.example("plain-english"))
    page.get_by_role("button", name="Enter survey results", exact=True).click()
    page.wait_for_selector(f"{WIDGET} >> css=.vw-details")
    assert page.locator(f"{WIDGET} >> css=.vw-share button").inner_text() == "Share this task"
    assert page.locator(f"{WIDGET} >> css=.vw-details a[href*='.ics']").count() == 0
