"""The volunteer's pages from their emails, in real Chromium: axe-clean in Arabic and
English, usable with the keyboard alone, and fitting a 360-px-wide phone."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.factories import make_task, signup_payload
from widget_server.services.volunteering import volunteer_links

SECRET = "test-secret-key"


def _fits(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _press_the_button(page: object) -> None:
    """Reach the form's button with Tab alone, then press Enter."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_confirm_withdraw_and_erase_pages(
    page: object, site: Site, app: Flask, session: object, locale: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    task = make_task(session, site.org, capacity=None)
    response = app.test_client().post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={site.org.publishable}",
        json=signup_payload(locale=locale),
    )
    signup_id = response.json["signup"]["id"]

    def link(action: str) -> str:
        token = volunteer_links.make_token(SECRET, action, signup_id)
        return f"{site.server}/v/{action}/{token}?locale={locale}"

    expected_dir = "rtl" if locale == "ar" else "ltr"
    page.goto(link("confirm"))
    assert page.evaluate("document.documentElement.dir") == expected_dir
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"volunteer-confirm-{locale}-{width}")
    _press_the_button(page)
    assert page.locator("[role=status] h1").count() == 1
    assert violations(page) == []

    page.goto(link("withdraw"))
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"volunteer-withdraw-{locale}-{width}")
    _press_the_button(page)
    assert page.locator("[role=status] h1").count() == 1
    assert violations(page) == []

    page.goto(link("erase"))
    assert violations(page) == []
    _press_the_button(page)
    assert violations(page) == []
    _fits(page, width)

    page.goto(link("confirm").replace("/confirm/", "/confirm/x"))
    assert page.locator("[role=alert]").count() == 1
    assert violations(page) == []
    _fits(page, width)
