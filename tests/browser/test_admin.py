"""The admin panel in real Chromium: signing in with the keyboard alone, creating a task that
then shows in the widget, the live preview, and axe-core on every page in Arabic and English
at 360 px and on a desktop (screenshots in artifacts/screenshots/admin-*)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member
from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from widget_server.models import Role

EMAIL = "owner@sawa-aid.example"


@pytest.fixture
def owner(site: Site, session: Session) -> str:
    return add_member(session, site.org, EMAIL, Role.OWNER)


def _sign_in(page: object, site: Site, locale: str = "en") -> None:
    page.goto(f"{site.server}/admin/sign-in")
    with page.expect_navigation():  # the switch posts, then comes back to this page
        page.locator(f"button[name=locale][value={locale}]").click()
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/dashboard$"))  # where the panel opens
    page.goto(f"{site.server}/admin/tasks")


def test_signing_in_with_the_keyboard_alone(page: object, site: Site, owner: str) -> None:
    page.goto(f"{site.server}/admin/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "ad-skip"
    assert page.locator(".ad-skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/dashboard$"))
    page.goto(f"{site.server}/admin/tasks")
    assert page.locator("table a[href*='/admin/tasks/tsk_']").count() == 3
    assert page.problems == []


def test_a_new_task_shows_in_the_widget_on_the_partners_site(
    page: object, site: Site, owner: str
) -> None:
    _sign_in(page, site)
    page.get_by_role("link", name="New task").click()
    page.fill("#f-title_en", "Proofread our <em>grant</em> letter")
    page.fill("#f-summary_en", "Two pages, this month.")
    page.fill("#f-description_en", "Check **spelling** and tone.")
    # The live preview shows the server's own rendering while typing.
    page.wait_for_selector("#preview-en strong")
    assert page.locator("#preview-en strong").inner_text() == "spelling"
    page.select_option("#f-status", "open")
    page.select_option("#f-category", "writing")
    page.fill("#f-hours_per_week", "2")
    page.locator("form.ad-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/tasks/tsk_"))
    assert page.locator("h1").inner_text() == "Proofread our <em>grant</em> letter"
    screenshot(page, "admin-task-view-en-desktop")

    page.goto(site.example("plain-english"))
    card = page.locator("[data-volunteer-tasks] >> css=.vw-card", has_text="Proofread our")
    card.first.wait_for()
    assert "<em>grant</em>" in card.first.inner_text()
    assert page.problems == []


def test_a_refused_form_keeps_what_was_typed_and_leads_to_each_error(
    page: object, site: Site, owner: str
) -> None:
    _sign_in(page, site)
    page.goto(f"{site.server}/admin/tasks/new")
    page.fill("#f-title_en", "Half a task")
    page.fill("#f-hours_per_week", "many")
    page.locator("form.ad-form button[type=submit]").click()
    page.wait_for_selector("#ad-error-summary")
    assert page.evaluate("document.activeElement.id") == "ad-error-summary"
    assert page.input_value("#f-title_en") == "Half a task"
    assert page.input_value("#f-hours_per_week") == "many"
    page.locator("#ad-error-summary a[href='#f-hours_per_week']").click()
    assert page.evaluate("location.hash") == "#f-hours_per_week"


def _admin_pages(site: Site, page: object) -> dict[str, str]:
    task_link = page.locator("table a[href*='/admin/tasks/tsk_']").first.get_attribute("href")
    return {
        "tasks": "/admin/tasks",
        "task-view": task_link,
        "task-new": "/admin/tasks/new",
        "task-edit": task_link + "/edit",
        "task-import": "/admin/tasks/import",
        "not-found": "/admin/tasks/tsk_doesnotexist",
    }


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_admin_page_passes_axe_and_fits_the_screen(
    page: object, site: Site, owner: str, locale: str, width: int
) -> None:
    device = "phone" if width == 360 else "desktop"
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.server}/admin/sign-in")
    with page.expect_navigation():  # the switch posts, then comes back to this page
        page.locator(f"button[name=locale][value={locale}]").click()
    assert violations(page) == [], "sign-in"
    screenshot(page, f"admin-signin-{locale}-{device}")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/dashboard$"))
    page.goto(f"{site.server}/admin/tasks")
    assert page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr")
    for name, path in _admin_pages(site, page).items():
        page.goto(site.server + path)
        assert violations(page) == [], name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
        screenshot(page, f"admin-{name}-{locale}-{device}")
    page.goto(site.server + "/admin/tasks/new")
    page.fill("#f-hours_per_week", "x")
    page.locator("form.ad-form button[type=submit]").click()
    page.wait_for_selector("#ad-error-summary")
    assert violations(page) == [], "task form with errors"
    screenshot(page, f"admin-task-errors-{locale}-{device}")
    # The 404 page and the refused form answer with their status on purpose.
    assert [p for p in page.problems if "Failed to load resource" not in p] == []
