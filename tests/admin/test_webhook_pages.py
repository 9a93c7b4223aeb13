"""The webhooks page over HTTP: endpoints added with their secret shown once, events chosen,
paused, tested against a real receiver on loopback, rotated, deleted after asking; owners only."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys
from tests.webhook_receiver import running_receiver
from widget_server.models import AuditEntry, Role, WebhookDelivery, WebhookEndpoint

SECRET = re.compile(r'id="secret-value" readonly dir="ltr" value="(whsec_[^"]+)"')


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def _add(owner: FlaskClient, url: str, events: list[str] | None = None) -> str:
    page = owner.get("/admin/webhooks").get_data(as_text=True)
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', page)
    assert nonce
    data = {
        "url": url,
        "description": "CRM",
        "events": events or ["signup.created"],
        "form_nonce": nonce.group(1),
    }
    created = post(owner, "/admin/webhooks", data)
    assert created.status_code == 201, created.get_data(as_text=True)[:3000]
    secret = SECRET.search(created.get_data(as_text=True))
    assert secret
    return secret.group(1)


def test_an_endpoint_is_added_its_secret_shown_once_and_a_test_event_reaches_the_receiver(
    owner: FlaskClient, session: Session
) -> None:
    with running_receiver() as receiver:
        secret = _add(owner, receiver.url)
        receiver.secrets.append(secret)
        endpoint = session.scalars(select(WebhookEndpoint)).one()
        assert endpoint.event_types == ["signup.created"] and endpoint.secret == secret
        listing = owner.get("/admin/webhooks").get_data(as_text=True)
        assert secret not in listing and secret[:10] in listing
        sent = post(owner, f"/admin/webhooks/{endpoint.public_id}/test")
        assert sent.status_code == 303
        page = owner.get(sent.headers["Location"]).get_data(as_text=True)
        assert "The test event was delivered (HTTP 204)." in page
        assert [e["type"] for e in receiver.events()] == ["webhook.test"]
    assert "webhook.test" in page  # the delivery log
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["webhook.create", "webhook.test"]


def test_a_failed_test_event_says_why(owner: FlaskClient, session: Session) -> None:
    with running_receiver() as receiver:
        _add(owner, receiver.url)  # the receiver does not know this secret: it answers 401
        endpoint = session.scalars(select(WebhookEndpoint)).one()
        sent = post(owner, f"/admin/webhooks/{endpoint.public_id}/test")
    page = owner.get(sent.headers["Location"]).get_data(as_text=True)
    assert "The endpoint refused the test event (HTTP 401)." in page
    assert session.scalars(select(WebhookDelivery.succeeded)).all() == [False]


def test_bad_input_is_refused_per_field_keeping_what_was_typed_and_storing_nothing(
    owner: FlaskClient, session: Session
) -> None:
    page = owner.get("/admin/webhooks?locale=fr").get_data(as_text=True)
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', page)
    assert nonce
    refused = post(
        owner,
        "/admin/webhooks?locale=fr",
        {"url": "<b>ftp://nope</b>", "form_nonce": nonce.group(1)},
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'value="&lt;b&gt;ftp://nope&lt;/b&gt;"' in html and "<b>ftp" not in html
    assert "Choisissez au moins un événement." in html
    assert session.scalars(select(WebhookEndpoint)).all() == []
    # The corrected form goes through once, however often it is sent.
    fixed = {"url": "http://127.0.0.1:9/hooks", "events": ["task.closed"]}
    fixed["form_nonce"] = nonce.group(1)
    assert post(owner, "/admin/webhooks", fixed).status_code == 201
    again = post(owner, "/admin/webhooks", fixed)
    assert again.status_code == 303
    assert len(session.scalars(select(WebhookEndpoint)).all()) == 1


def test_events_are_chosen_deliveries_paused_the_secret_rotated_and_deletion_asks_first(
    owner: FlaskClient, session: Session
) -> None:
    first = _add(owner, "http://127.0.0.1:9/hooks")
    endpoint = session.scalars(select(WebhookEndpoint)).one()
    base = f"/admin/webhooks/{endpoint.public_id}"
    assert post(owner, f"{base}/events", {"events": []}).status_code == 422
    saved = post(owner, f"{base}/events", {"events": ["task.closed", "signup.created"]})
    assert saved.status_code == 303
    assert post(owner, f"{base}/enabled").status_code == 303
    session.refresh(endpoint)
    assert endpoint.event_types == ["signup.created", "task.closed"] and not endpoint.enabled
    assert post(owner, f"{base}/rotate", {"grace_hours": "5"}).status_code == 422
    rotated = post(owner, f"{base}/rotate", {"grace_hours": "24"})
    second = SECRET.search(rotated.get_data(as_text=True))
    assert second and second.group(1) != first
    session.refresh(endpoint)
    assert endpoint.previous_secret == first and endpoint.secret == second.group(1)
    asked = post(owner, f"{base}/delete")
    assert asked.status_code == 200 and "Delete the endpoint?" in asked.get_data(as_text=True)
    assert session.scalars(select(WebhookEndpoint)).all() == [endpoint]
    assert post(owner, f"{base}/delete", {"confirm": "yes"}).status_code == 303
    session.expire_all()
    assert session.scalars(select(WebhookEndpoint)).all() == []
    assert session.scalars(select(AuditEntry.action)).all().count("webhook.update") == 2


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_only_owners_see_webhooks(
    client: FlaskClient, session: Session, org: OrgWithKeys, role: Role
) -> None:
    sign_in(client, add_member(session, org, f"{role.value}@example.org", role))
    assert client.get("/admin/webhooks").status_code == 403
    page = client.get("/admin/dashboard").get_data(as_text=True)
    assert 'href="/admin/webhooks"' not in page and 'href="/admin/privacy"' not in page
    assert 'href="/admin/account/notifications"' in page
