"""Signing up through the widget's iframe form, end to end, with the keyboard alone."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.conftest import Site, screenshot
from widget_server.models import Signup

CARD = "[data-volunteer-tasks] >> css=.vw-card"
ACTIVE_IN_WIDGET = (
    "(() => { const a = document.querySelector('[data-volunteer-tasks]').shadowRoot"
    ".activeElement; return a ? (a.getAttribute('aria-label') || a.textContent) : null })()"
)


def _tab_until(page: object, check: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check):
            return
    raise AssertionError(f"keyboard focus never reached: {check}")


def _focused(frame: object, attribute: str) -> str | None:
    """An attribute of the element focused inside the iframe (locators time out, never hang)."""
    try:
        return frame.locator(":focus").first.get_attribute(attribute, timeout=1000)
    except PlaywrightTimeout:
        return None


def _tab_in_frame_until(
    page: object, frame: object, attribute: str, value: str, *, limit: int
) -> None:
    """Press Tab until the element focused inside the iframe has this attribute value."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(frame, attribute) == value:
            return
    raise AssertionError(f"keyboard focus never reached {attribute}={value} in the form")


def _frame(page: object) -> object:
    handle = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    return handle.content_frame()


def test_a_volunteer_signs_up_with_the_keyboard_alone(
    page: object, site: Site, session: Session
) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    _tab_until(page, f"{ACTIVE_IN_WIDGET} === 'Sign up: Enter survey results'")
    page.keyboard.press("Enter")

    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    assert page.evaluate(ACTIVE_IN_WIDGET) == "Close"  # focus moved into the dialog
    frame = _frame(page)
    frame.wait_for_selector("input[name=name]")
    # Until the cross-origin frame has drawn its form, Chromium's Tab passes over it: a
    # person sees the form before they tab into it.
    frame.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # Tab from Close goes to the form's first field. Focus enters the cross-origin frame
    # asynchronously in Chromium, hence the wait for it to arrive rather than more presses.
    page.keyboard.press("Tab")
    frame.wait_for_function("document.activeElement.name === 'name'")
    page.keyboard.type("Layla Haddad")
    page.keyboard.press("Tab")
    assert _focused(frame, "name") == "email"
    page.keyboard.type("layla@example.org")
    # past the zone list and the availability rows' time fields
    _tab_in_frame_until(page, frame, "name", "consent", limit=60)
    page.keyboard.press("Space")
    assert frame.locator("input[name=consent]").is_checked()
    _tab_in_frame_until(page, frame, "type", "submit", limit=10)
    page.keyboard.press("Enter")

    frame = _frame(page)
    frame.wait_for_selector("[data-signup-status], html[data-signup-status]")
    page.wait_for_function("window.vwEvents.some(e => e.name === 'volunteer:signup')")
    event = next(e for e in page.evaluate("window.vwEvents") if e["name"] == "volunteer:signup")
    assert event["detail"]["status"] == "pending"
    assert set(event["detail"]) == {"taskId", "status"}  # no personal data leaves the frame
    # The iframe shrinks from the form to the short confirmation.
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelector('dialog iframe').getBoundingClientRect().height < 400"
    )
    screenshot(page, "signup-done-en-desktop")

    # Escape is relayed from inside the iframe, whose keydown closes the dialog and removes
    # the iframe; the key goes up only after that, in the host page, as a person's would.
    page.keyboard.down("Escape")
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog", state="detached")
    page.keyboard.up("Escape")
    assert page.evaluate(ACTIVE_IN_WIDGET) == "Sign up: Enter survey results"
    row = session.scalars(select(Signup)).one()
    assert (row.name, row.email, row.origin) == ("Layla Haddad", "layla@example.org", site.examples)
    assert page.problems == []


def test_field_errors_show_in_arabic_inside_the_iframe(page: object, site: Site) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.example("arabic-rtl"))
    page.wait_for_selector(CARD)
    page.locator("[data-volunteer-tasks] >> css=.vw-card .vw-button").first.click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    frame = _frame(page)
    frame.wait_for_selector("input[name=email]")
    frame.fill("input[name=email]", "not-an-email")
    frame.locator("button[type=submit]").click()
    frame = _frame(page)
    frame.wait_for_selector("#vw-error-summary")
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert frame.locator("input[name=email]").get_attribute("aria-invalid") == "true"
    assert frame.locator("input[name=email]").input_value() == "not-an-email"
    assert "مطلوب" in frame.locator("#vw-error-summary").inner_text()
    height = page.locator("[data-volunteer-tasks] >> css=dialog iframe").evaluate(
        "f => f.getBoundingClientRect().height"
    )
    assert height > 640  # the iframe grew to its content through postMessage
    screenshot(page, "signup-errors-ar-phone")


def test_a_message_from_another_origin_is_ignored(page: object, site: Site) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.locator("[data-volunteer-tasks] >> css=.vw-card .vw-button").first.click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    # The host page itself (another origin than the server) posts a forged close message.
    # Messages arrive in the order they were posted: once a marker posted after it has
    # arrived, the widget has handled (and ignored) the forged one.
    page.evaluate("""() => new Promise(resolve => {
      window.addEventListener("message", function marker(event) {
        if (event.data === "vw-test-marker") { removeEventListener("message", marker); resolve(); }
      });
      window.postMessage({type: "vw:close", instance: "x"}, "*");
      window.postMessage("vw-test-marker", "*");
    })""")
    assert page.locator("[data-volunteer-tasks] >> css=dialog[open]").count() == 1
