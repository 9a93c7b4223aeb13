"""The webhook admin API, checked against the OpenAPI document, with a real receiver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org
from tests.test_openapi import assert_matches_document, send
from tests.webhook_receiver import Receiver, running_receiver
from widget_server.db import utcnow
from widget_server.services.hooks import webhooks

BASE = "/api/v1/webhooks/endpoints"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _create(client: FlaskClient, org: OrgWithKeys, receiver: Receiver, **fields: object) -> dict:
    request, response = send(
        client, "POST", BASE, json={"url": receiver.url, **fields}, headers=org.auth
    )
    assert response.status_code == 201, response.json
    assert_matches_document(request, response)
    receiver.secrets = [response.json["secret"]]
    return response.json


def test_endpoint_is_created_listed_changed_and_deleted_as_documented(
    client: FlaskClient, org: OrgWithKeys, receiver: Receiver
) -> None:
    created = _create(client, org, receiver, description="CRM", event_types=["signup.created"])
    endpoint = created["data"]
    assert created["secret"].startswith("whsec_")
    assert endpoint["secret_hint"] == created["secret"][:10] + "…"
    assert endpoint["event_types"] == ["signup.created"]
    url = f"{BASE}/{endpoint['id']}"

    request, listed = send(client, "GET", BASE, headers=org.auth)
    assert_matches_document(request, listed)
    assert [e["id"] for e in listed.json["data"]] == [endpoint["id"]]
    assert "secret" not in listed.json["data"][0]

    request, patched = send(
        client,
        "PATCH",
        url,
        json={"enabled": False, "event_types": ["task.closed", "signup.created"]},
        headers=org.auth,
    )
    assert_matches_document(request, patched)
    assert patched.json["data"]["enabled"] is False
    assert patched.json["data"]["event_types"] == ["signup.created", "task.closed"]

    request, deleted = send(client, "DELETE", url, headers=org.auth)
    assert deleted.status_code == 204
    assert_matches_document(request, deleted)
    request, gone = send(client, "GET", url, headers=org.auth)
    assert gone.status_code == 404
    assert gone.json["error"]["code"] == "endpoint_not_found"
    assert_matches_document(request, gone)


def test_bad_endpoints_are_refused_field_by_field_as_documented(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    request, response = send(
        client,
        "POST",
        BASE,
        json={"url": "ftp://x.example/", "event_types": ["signup.eaten"], "colour": "red"},
        headers=org.auth,
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"url", "event_types", "colour"}
    assert_matches_document(request, response, document_accepts_request=False)

    request, response = send(
        client, "POST", BASE, json={"url": "ftp://x.example/"}, headers=org.auth
    )
    assert response.status_code == 422
    assert "http" in response.json["error"]["fields"]["url"]
    assert_matches_document(request, response)


def test_private_addresses_are_refused_outside_testing(
    session: Session, org: OrgWithKeys, client: FlaskClient
) -> None:
    client.application.testing = False
    try:
        response = client.post(BASE, json={"url": "http://127.0.0.1:9/x"}, headers=org.auth)
    finally:
        client.application.testing = True
    assert response.status_code == 422
    assert response.json["error"]["fields"]["url"].startswith("This address does not lead")


def test_another_organizations_endpoint_is_not_found(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver
) -> None:
    endpoint = _create(client, org, receiver)["data"]
    other = make_org(session)

    for method in ("GET", "PATCH", "DELETE"):
        response = client.open(
            f"{BASE}/{endpoint['id']}", method=method, json={}, headers=other.auth
        )
        assert response.status_code == 404


def test_send_test_event_reaches_the_receiver_signed_and_is_logged(
    client: FlaskClient, org: OrgWithKeys, receiver: Receiver
) -> None:
    endpoint = _create(client, org, receiver)["data"]

    request, response = send(client, "POST", f"{BASE}/{endpoint['id']}/test", headers=org.auth)

    assert_matches_document(request, response)
    delivery = response.json["data"]
    assert delivery["succeeded"] is True
    assert delivery["status_code"] == 204
    assert delivery["event_type"] == "webhook.test"
    [received] = receiver.processed
    assert received.message_id == delivery["message_id"]
    assert received.body["type"] == "webhook.test"
    assert received.body["data"]["endpoint_id"] == endpoint["id"]
    assert received.headers["content-type"] == "application/json"

    request, log = send(client, "GET", f"{BASE}/{endpoint['id']}/deliveries", headers=org.auth)
    assert_matches_document(request, log)
    assert log.json["data"] == [delivery]


def test_a_failed_test_event_says_why_and_the_log_pages_newest_first(
    client: FlaskClient, org: OrgWithKeys, receiver: Receiver
) -> None:
    endpoint = _create(client, org, receiver)["data"]
    receiver.script = ["fail", "ok", "fail"]
    for _ in range(3):
        client.post(f"{BASE}/{endpoint['id']}/test", headers=org.auth)

    request, first = send(
        client, "GET", f"{BASE}/{endpoint['id']}/deliveries?limit=2", headers=org.auth
    )
    assert_matches_document(request, first)
    assert [d["succeeded"] for d in first.json["data"]] == [False, True]
    assert first.json["data"][0]["status_code"] == 500
    assert first.json["data"][0]["error"] == "HTTP 500"
    second = client.get(
        f"{BASE}/{endpoint['id']}/deliveries?limit=2&cursor={first.json['next_cursor']}",
        headers=org.auth,
    )
    assert [d["succeeded"] for d in second.json["data"]] == [False]
    assert second.json["next_cursor"] is None


def test_rotation_signs_with_both_secrets_during_the_grace_period_then_the_new_one_only(
    client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver
) -> None:
    endpoint_id = _create(client, org, receiver)["data"]["id"]
    old_secret = receiver.secrets[0]

    request, rotated = send(
        client,
        "POST",
        f"{BASE}/{endpoint_id}/rotate-secret",
        json={"grace_hours": 2},
        headers=org.auth,
    )
    assert_matches_document(request, rotated)
    new_secret = rotated.json["secret"]
    assert new_secret != old_secret
    assert rotated.json["data"]["previous_secret_expires_at"] is not None

    # During the grace period a receiver that still holds the old secret, and one that
    # already holds the new one, both accept the same delivery.
    for held in ([old_secret], [new_secret]):
        receiver.secrets = held
        assert client.post(f"{BASE}/{endpoint_id}/test", headers=org.auth).json["data"]["succeeded"]
    signatures = receiver.processed[-1].headers["webhook-signature"].split(" ")
    assert len(signatures) == 2

    # Once the grace period is over, only the new secret signs.
    endpoint = webhooks.get_endpoint(session, org.organization, endpoint_id)
    endpoint.previous_secret_expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    receiver.secrets = [old_secret]
    refused = client.post(f"{BASE}/{endpoint_id}/test", headers=org.auth).json["data"]
    assert refused["succeeded"] is False
    assert refused["status_code"] == 401
    receiver.secrets = [new_secret]
    accepted = client.post(f"{BASE}/{endpoint_id}/test", headers=org.auth).json["data"]
    assert accepted["succeeded"] is True
    assert len(receiver.processed[-1].headers["webhook-signature"].split(" ")) == 1


def test_rotation_without_grace_stops_the_old_secret_at_once(
    client: FlaskClient, org: OrgWithKeys, receiver: Receiver
) -> None:
    endpoint_id = _create(client, org, receiver)["data"]["id"]
    old_secret = receiver.secrets[0]

    rotated = client.post(
        f"{BASE}/{endpoint_id}/rotate-secret", json={"grace_hours": 0}, headers=org.auth
    )
    assert rotated.json["data"]["previous_secret_expires_at"] is None
    receiver.secrets = [old_secret]
    assert (
        client.post(f"{BASE}/{endpoint_id}/test", headers=org.auth).json["data"]["status_code"]
        == 401
    )

    request, bad = send(
        client,
        "POST",
        f"{BASE}/{endpoint_id}/rotate-secret",
        json={"grace_hours": 10_000},
        headers=org.auth,
    )
    assert bad.status_code == 422
    assert_matches_document(request, bad, document_accepts_request=False)


def test_a_slow_receiver_times_out_and_the_log_says_so(
    client: FlaskClient, org: OrgWithKeys, receiver: Receiver
) -> None:
    client.application.config["WEBHOOK_TIMEOUT_SECONDS"] = 1
    endpoint_id = _create(client, org, receiver)["data"]["id"]
    receiver.script = ["slow"]

    delivery = client.post(f"{BASE}/{endpoint_id}/test", headers=org.auth).json["data"]
    receiver.release.set()

    assert delivery["succeeded"] is False
    assert delivery["status_code"] is None
    assert delivery["error"] == "timed out after 1 s"
