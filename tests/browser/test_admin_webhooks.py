"""The webhooks and privacy pages in real Chromium: an owner adds an endpoint for a real
receiver on loopback, copies its secret, sends a test event and sees it arrive; erasing a
person and deleting an endpoint ask first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site, screenshot
from tests.browser.test_admin_panel import _sign_in
from tests.factories import make_signup, make_task
from tests.webhook_receiver import running_receiver
from widget_server.models import Signup, WebhookEndpoint
from widget_server.services.hooks import webhooks


def test_an_owner_adds_an_endpoint_and_a_test_event_reaches_the_receiver(
    page: object, site: Site, session: Session
) -> None:
    _sign_in(page, site, session)
    with running_receiver() as receiver:
        page.goto(f"{site.server}/admin/webhooks?locale=en")
        page.get_by_label("Address (URL)").fill(receiver.url)
        page.get_by_label("Description (optional)").fill("Our CRM")
        page.get_by_label("A task is closed").uncheck()
        page.get_by_role("button", name="Add the endpoint").press("Enter")
        secret = page.locator("#secret-value").input_value()
        assert secret.startswith("whsec_")
        receiver.secrets.append(secret)
        page.set_viewport_size({"width": 360, "height": 800})
        assert violations(page) == []
        page.get_by_role("button", name="Send test event").click()
        page.wait_for_selector(".ad-flash")
        assert "The test event was delivered (HTTP 204)." in page.locator(".ad-flash").inner_text()
        assert [event["type"] for event in receiver.events()] == ["webhook.test"]
    assert page.locator("#secret-value").count() == 0  # shown once
    assert "webhook.test" in page.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
    screenshot(page, "admin-webhook-tested-en-phone")
    assert page.problems == []


def test_erasing_a_person_and_deleting_an_endpoint_ask_first_in_arabic_on_a_phone(
    page: object, site: Site, session: Session
) -> None:
    make_signup(session, site.org, make_task(session, site.org), email="rania@example.org")
    hook = {"url": "http://127.0.0.1:9/hooks", "description": "<b>CRM</b>"}
    webhooks.create_endpoint(session, site.org.organization, hook, allow_private=True)
    _sign_in(page, site, session, "ar")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site.server}/admin/privacy?locale=ar")
    page.get_by_label("البريد الإلكتروني المراد محوه").fill("rania@example.org")
    page.get_by_role("button", name="محو…").click()
    page.wait_for_selector("h1:has-text('محو هذا الشخص؟')")
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="امحُ كل شيء").click()
    page.wait_for_selector(".ad-flash")
    assert session.scalars(select(Signup)).all() == []

    page.goto(f"{site.server}/admin/webhooks?locale=ar")
    assert page.get_by_text("<b>CRM</b>").count() == 1  # shown as text
    page.get_by_role("button", name="حذف").click()
    page.wait_for_selector("h1:has-text('حذف نقطة الاستقبال؟')")
    assert violations(page) == []
    page.get_by_role("button", name="احذف نقطة الاستقبال").click()
    page.wait_for_selector(".ad-flash")
    assert session.scalars(select(WebhookEndpoint)).all() == []
