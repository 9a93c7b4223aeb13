"""The front page in Chromium: Arabic on a 360-px phone and English on a desktop, searched
with a keyboard alone, with nothing for axe-core to find."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.factories import make_org, make_task
from widget_server.demo.demo_guide import Printed


def _tab_to(page: object, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _other_organization(session: Session) -> None:
    other = make_org(session, name="جمعية النور للتعليم", default_locale="ar")
    make_task(
        session,
        other,
        category="writing",
        skills=["كتابة"],
        languages=["ar"],
        translations={
            "ar": {
                "title": "كتابة قصص نجاح المستفيدين لموقعنا",
                "summary": "مقالتان قصيرتان في الشهر، من أي مكان.",
            }
        },
        default_locale="ar",
    )


def test_arabic_on_a_phone_searched_with_the_keyboard_alone(
    page: object, site: Site, session: Session
) -> None:
    _other_organization(session)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site.server}/?locale=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("article").count() == 4
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "front-page-ar-360")

    # Without diacritics and with haa for taa marbuta, as people type on phones.
    _tab_to(page, "#flt-q")
    page.keyboard.type("قصص نجاح")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("article").count() == 1
    assert page.locator("article h2").inner_text() == "كتابة قصص نجاح المستفيدين لموقعنا"
    assert "q=" in page.url and "locale=ar" in page.url

    # Clear the words, choose a category with the arrow keys, send with the button.
    _tab_to(page, "#flt-q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    _tab_to(page, "#flt-category")
    page.keyboard.press("ArrowDown")  # the first category after "all"
    _tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "category=web_design" in page.url
    assert page.locator("[role=status]").inner_text() == "لم يُعثر على أي مهمة"

    # The organization's name leads to its hosted page, reached by keyboard.
    page.goto(f"{site.server}/?locale=ar&language=ar&category=writing")
    _tab_to(page, "article .vw-org a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/o/" in page.url and page.locator("h1").inner_text().endswith("جمعية النور للتعليم")
    assert page.problems == []


def test_english_on_a_desktop(page: object, site: Site, session: Session) -> None:
    _other_organization(session)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site.server}/?locale=en")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator("h1").inner_text() == "Remote volunteer tasks"
    assert violations(page) == []
    screenshot(page, "front-page-en-1280")
    # The language switch keeps the filters.
    page.goto(f"{site.server}/?locale=en&category=graphic_design")
    with page.expect_navigation():
        page.get_by_role("link", name="Français").click()
    assert "category=graphic_design" in page.url and "locale=fr" in page.url
    assert page.locator("article").count() == 1
    # A task's details, on its hosted page.
    with page.expect_navigation():
        page.locator("article a[href^='/o/sawa-aid/tasks/']").first.click()
    assert "/o/sawa-aid/tasks/" in page.url and violations(page) == []
    assert page.problems == []


def test_the_demo_guide_in_arabic_on_a_phone(page: object, site: Site, app: Flask) -> None:
    app.config["DEMO"] = True
    app.config["DEMO_PRINTED"] = [
        Printed("front_page", "Front page", f"{site.server}/"),
        Printed("feeds", "Feeds (ar)", f"{site.server}/feed.atom  {site.server}/feed.json"),
        Printed("publishable_key", "Publishable key", site.org.publishable),
        Printed("secret_key", "Secret key", "", secret=True),
        Printed("owner", "Owner account", "admin@sawa-aid.example / demo-password-2026"),
    ]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site.server}/?locale=ar")
    with page.expect_navigation():
        page.get_by_role("link", name="شرح ما يطبعه العرض التجريبي").click()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("dt").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "demo-guide-ar-360")
    assert page.problems == []
