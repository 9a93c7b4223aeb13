"""The webhooks page in real Chromium: an owner adds an endpoint for a real receiver on
loopback, copies its secret, sends a test event and sees it arrive, keyboard first."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.browser.conftest import Site, screenshot
from tests.browser.test_admin_panel import _sign_in, _violations
from tests.webhook_receiver import running_receiver


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
        assert _violations(page) == []
        page.get_by_role("button", name="Send test event").click()
        page.wait_for_selector(".ad-flash")
        assert "The test event was delivered (HTTP 204)." in page.locator(".ad-flash").inner_text()
        assert [event["type"] for event in receiver.events()] == ["webhook.test"]
    assert page.locator("#secret-value").count() == 0  # shown once
    assert "webhook.test" in page.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _violations(page) == []
    screenshot(page, "admin-webhook-tested-en-phone")
    assert page.problems == []
