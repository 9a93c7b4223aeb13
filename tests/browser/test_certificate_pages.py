"""The certificate page a volunteer reaches from the "completed" email, and the public
verification page, in real Chromium: axe-clean in Arabic and English, the PDF reached
with the keyboard alone, and fitting a 360-px-wide phone."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.browser.test_volunteer_pages import _press_the_button
from tests.factories import make_signup, make_task
from widget_server.services.volunteering import certificates, signups, volunteer_links

SECRET = "test-secret-key"
LONG_NAME = "عبد الرحمن بن محمد بن إبراهيم الهاشمي Abd al-Rahman Al-Hashimi"


def _fits(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("locale", ["ar", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_certificate_and_verification_pages(
    page: object, site: Site, app: Flask, session: object, locale: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    organization = site.org.organization
    signup = make_signup(session, site.org, make_task(session, site.org), name=LONG_NAME)
    signups.change_status(session, organization, signup.public_id, "accepted")
    signups.change_status(session, organization, signup.public_id, "completed", hours=37.5)
    code = certificates.current(session, signup.id).code
    token = volunteer_links.make_token(SECRET, "certificate", signup.public_id)
    expected_dir = "rtl" if locale == "ar" else "ltr"

    page.goto(f"{site.server}/v/certificate/{token}?locale={locale}")
    assert page.evaluate("document.documentElement.dir") == expected_dir
    assert violations(page) == []
    _fits(page, width)
    _press_the_button(page)  # the link's page shows one button; the certificate follows
    assert page.evaluate("document.documentElement.dir") == expected_dir
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"certificate-page-{locale}-{width}")
    for _ in range(10):
        page.keyboard.press("Tab")
        action = page.evaluate("document.activeElement.form?.getAttribute('action') || ''")
        if action.endswith(".pdf"):
            break
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(f"{site.server}/c/{code}?locale={locale}")
    assert page.locator("[role=status] h1").count() == 1
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"certificate-verify-{locale}-{width}")

    signups.change_status(session, organization, signup.public_id, "accepted")
    page.reload()
    assert violations(page) == []
    _fits(page, width)
    screenshot(page, f"certificate-withdrawn-{locale}-{width}")

    page.goto(f"{site.server}/c/NoSuchCode?locale={locale}")
    assert page.locator("[role=alert]").count() == 1
    assert violations(page) == []
