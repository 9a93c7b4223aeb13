"""The admin panel in real Chromium: a sign-up from the widget reaches the volunteers page,
is accepted and exported; a key is rotated; every page passes axe-core in Arabic and
English, fits 360 px and works with the keyboard alone."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member
from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.factories import make_signup, make_task
from widget_server.models import ApiKey, KeyKind, Role, Signup, SignupStatus
from widget_server.services.hooks import webhooks

CARD = "[data-volunteer-tasks] >> css=.vw-card"
OWNER = "owner@sawa.example"


def _sign_in(page: object, site: Site, session: Session, locale: str = "en") -> None:
    add_member(session, site.org, OWNER, Role.OWNER)
    page.goto(f"{site.server}/admin/sign-in?locale=en")
    page.fill("input[name=email]", OWNER)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    with page.expect_navigation():  # the panel's own language switch posts, then comes back
        page.click(f"button[name=locale][value={locale}]")
    page.wait_for_selector(f"html[lang={locale}]", state="attached")


def _sign_up_through_the_widget(page: object, site: Site) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.locator("[data-volunteer-tasks] >> css=.vw-card button.vw-button").first.click()
    handle = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    frame = handle.content_frame()
    frame.wait_for_selector("input[name=name]")
    frame.fill("input[name=name]", "Rania Aziz")
    frame.fill("input[name=email]", "rania@example.org")
    frame.check("input[name=consent]")
    frame.click("button[type=submit]")
    frame = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    frame.content_frame().wait_for_selector("html[data-signup-status]")


def test_a_signup_from_the_widget_is_accepted_exported_and_a_key_rotated(
    page: object, site: Site, session: Session, tmp_path: Path
) -> None:
    _sign_up_through_the_widget(page, site)
    _sign_in(page, site, session)

    page.goto(f"{site.server}/admin/volunteers?locale=en")
    page.get_by_role("link", name="Rania Aziz").click()
    page.select_option("#f-status", "accepted")
    page.click("text=Save the decision")
    page.wait_for_selector(".ad-flash")
    assert "accepted" in page.locator(".ad-flash").inner_text()
    signup = session.scalars(select(Signup)).one()
    session.refresh(signup)
    assert signup.status is SignupStatus.ACCEPTED

    page.goto(f"{site.server}/admin/volunteers?locale=en")
    with page.expect_download() as download:
        page.click("text=Export these as CSV")
    saved = tmp_path / "volunteers.csv"
    download.value.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["name"], r["status"]) for r in rows] == [("Rania Aziz", "accepted")]

    page.goto(f"{site.server}/admin/embed?locale=en")
    secret = session.scalars(select(ApiKey).where(ApiKey.kind == KeyKind.SECRET)).one()
    page.locator(f"form[action$='/{secret.public_id}/rotate'] button").click()
    token = page.locator("#secret-value").input_value()
    assert token.startswith("vw_sk_") and token != site.org.secret
    screenshot(page, "admin-key-rotated-en-desktop")
    page.reload()  # the secret is shown once; a reload sends nothing twice
    assert (
        page.locator("#secret-value").count() == 0
        or page.locator("#secret-value").input_value() == token
    )
    assert session.scalars(select(ApiKey).where(ApiKey.kind == "secret")).all().__len__() == 2
    assert page.problems == []


PAGES = {
    "dashboard": "/admin/dashboard",
    "volunteers": "/admin/volunteers",
    "volunteer": "/admin/volunteers/{signup}",
    "embed": "/admin/embed",
    "team": "/admin/team",
    "audit": "/admin/audit",
    "webhooks": "/admin/webhooks",
    "privacy": "/admin/privacy",
    "notifications": "/admin/account/notifications",
}


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_passes_axe_and_fits_the_screen(
    page: object, site: Site, session: Session, locale: str, width: int
) -> None:
    signup = make_signup(session, site.org, make_task(session, site.org), name="أسامة الخطيب")
    hook = {
        "url": "http://127.0.0.1:9/hooks/a-rather-long-path/for-volunteers",
        "description": "CRM",
    }
    webhooks.create_endpoint(session, site.org.organization, hook, allow_private=True)
    _sign_in(page, site, session, locale)
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in PAGES.items():
        page.goto(f"{site.server}{path.format(signup=signup.public_id)}?locale={locale}")
        if name == "embed":
            page.wait_for_selector(CARD)  # the live preview is the real widget
        assert violations(page) == [], name
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, (name, overflow)
        screenshot(page, f"admin-{name}-{locale}-{'phone' if width == 360 else 'desktop'}")
    # (axe-core itself sets inline styles while it measures, which the strict CSP reports;
    # the other tests check that the pages alone log no problem.)


def test_volunteers_are_accepted_in_bulk_with_the_keyboard_alone(
    page: object, site: Site, session: Session
) -> None:
    task = make_task(session, site.org, capacity=None)
    first, second = make_signup(session, site.org, task), make_signup(session, site.org, task)
    _sign_in(page, site, session)
    page.goto(f"{site.server}/admin/volunteers?locale=en")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ad-pick')"):
            break
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # past the first name link
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ad-pick')"):
            break
    page.keyboard.press("Space")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id === 'bulk-status'"):
            break
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Apply to selected"
    page.keyboard.press("Enter")
    page.wait_for_selector(".ad-flash")
    for signup in (first, second):
        session.refresh(signup)
        assert signup.status is SignupStatus.ACCEPTED
    assert page.problems == []
