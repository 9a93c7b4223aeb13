"""axe-core finds no WCAG 2.1 AA violation on the widget, the form, the board and the
hosted pages, in Arabic and English, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site

CARD = "[data-volunteer-tasks] >> css=.vw-card"


@pytest.mark.parametrize("example", ["plain-english", "arabic-rtl"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_widget_list_and_details(page: object, site: Site, example: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.example(example))
    page.wait_for_selector(CARD)
    assert violations(page, "[data-volunteer-tasks]") == []
    page.locator("[data-volunteer-tasks] >> css=.vw-title").first.click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=.vw-details")
    assert violations(page, "[data-volunteer-tasks]") == []


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_the_form_board_and_hosted_pages(page: object, site: Site, locale: str) -> None:
    key = site.org.publishable
    page.goto(f"{site.server}/embed/v1/board?key={key}&locale={locale}")
    assert violations(page) == []
    task_link = page.locator("a[href*='/signup']").first.get_attribute("href")
    page.goto(task_link if task_link.startswith("http") else site.server + task_link)
    assert violations(page) == []
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#vw-error-summary")
    assert violations(page) == []  # the form with its field errors
    page.goto(f"{site.server}/o/sawa-aid?locale={locale}")
    assert violations(page) == []
    details = page.locator("main a[href*='/tasks/']").first.get_attribute("href")
    page.goto(details if details.startswith("http") else site.server + details)
    assert violations(page) == []
