"""A volunteer's data: exported whole, erased everywhere, and kept no longer than allowed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload
from tests.test_cli import _run
from tests.test_openapi import assert_matches_document, send
from tests.webhook_receiver import Receiver, deliver_queued_messages, running_receiver
from widget_server.db import utcnow
from widget_server.models import OutboxMessage, Signup, Task, WebhookDelivery
from widget_server.services.hooks import webhooks
from widget_server.services.personal_data import privacy, retention

CANARY_EMAIL = "Canary.Q7x@Example.org"
CANARY_NAME = "Zubaida Canaryova"
CANARY_PHONE = "+961 3 987 654"
# How each canary value may be stored: as typed, normalised, or in JSON.
NEEDLES = ("canary.q7x@example.org", "zubaida canaryova", "canaryova", "9613987654", "3 987 654")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _subscribe(session: Session, org: OrgWithKeys, receiver: Receiver) -> None:
    issued = webhooks.create_endpoint(
        session, org.organization, {"url": receiver.url}, allow_private=True
    )
    receiver.secrets = [issued.secret]


def _sign_up(client: FlaskClient, org: OrgWithKeys, task: Task, **fields: Any) -> str:
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(**fields),
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.json
    return response.json["signup"]["id"]


def _canary_signup(client: FlaskClient, org: OrgWithKeys, task: Task) -> str:
    return _sign_up(
        client,
        org,
        task,
        email=CANARY_EMAIL,
        name=CANARY_NAME,
        phone=CANARY_PHONE,
        message=f"Write to {CANARY_NAME} at {CANARY_EMAIL}",
    )


def canaries_in_database(database_url: str) -> list[str]:
    """Every table.column of the whole database holding a canary value, found by reading
    every row of every table (whatever its type) as text."""
    engine = sa.create_engine(database_url)
    found = []
    try:
        with engine.connect() as connection:
            for table_name in sa.inspect(connection).get_table_names():
                table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
                for row in connection.execute(sa.select(table)).mappings():
                    for column, value in row.items():
                        text = json.dumps(value, default=str, ensure_ascii=False).casefold()
                        text += json.dumps(value, default=str).casefold()
                        if any(needle in text for needle in NEEDLES):
                            found.append(f"{table_name}.{column}")
    finally:
        engine.dispose()
    return found


def test_erasure_leaves_no_canary_value_in_any_table_outbox_row_or_log(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    receiver: Receiver,
    database_url: str,
) -> None:
    # A member hears of each sign-up by email, and an endpoint by webhook.
    org = make_org(session, admin_email="owner@ngo.example")
    _subscribe(session, org, receiver)
    first, second = make_task(session, org), make_task(session, org, capacity=None)
    kept_id = _sign_up(client, org, first, email="someone.else@example.org")
    canary_ids = {_canary_signup(client, org, first), _canary_signup(client, org, second)}
    deliver_queued_messages(app)
    assert {e["data"]["email"] for e in receiver.events("signup.created")} >= {
        "Canary.Q7x@example.org"
    }
    assert session.scalar(select(sa.func.count()).select_from(WebhookDelivery)) >= 3
    assert set(canaries_in_database(database_url)) >= {
        "signup.name", "signup.email", "signup.phone", "signup.message", "outbox_message.payload"
    }  # fmt: skip

    erased = privacy.erase_person(
        session, organization_id=org.organization.id, email="canary.q7x@EXAMPLE.org"
    )

    assert erased.signups == 2
    # Per sign-up: signup.created, the volunteer's confirmation email, the member's notice.
    assert erased.outbox_messages >= 6
    assert erased.webhook_deliveries == 2
    assert erased.idempotency_records == 2
    assert canaries_in_database(database_url) == []
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for file in (path, Path(f"{path}-wal")):
            if file.exists():
                data = file.read_bytes().lower()
                assert not any(n.encode() in data for n in NEEDLES), file.name
    # The other volunteer is untouched, and the organization's systems are told to erase.
    session.expire_all()
    assert [s.public_id for s in session.scalars(select(Signup))] == [kept_id]
    assert session.get(Task, first.id).taken == 1
    deliver_queued_messages(app)
    withdrawn = receiver.events("signup.withdrawn")
    assert {e["data"]["id"] for e in withdrawn} == canary_ids
    assert {e["data"]["reason"] for e in withdrawn} == {"erased"}
    assert canaries_in_database(database_url) == []


def test_export_holds_every_signup_message_and_delivery_of_one_email(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys, receiver: Receiver
) -> None:
    _subscribe(session, org, receiver)
    task = make_task(session, org)
    signup_id = _canary_signup(client, org, task)
    _sign_up(client, org, task, email="someone.else@example.org")
    make_org(session)
    deliver_queued_messages(app)

    request, response = send(
        client, "POST", "/api/v1/privacy/export", json={"email": CANARY_EMAIL}, headers=org.auth
    )

    assert_matches_document(request, response)
    data = response.json["data"]
    assert data["email"] == "canary.q7x@example.org"
    [signup] = data["signups"]
    assert signup["id"] == signup_id
    assert signup["name"] == CANARY_NAME
    assert signup["phone"] == "+9613987654"
    assert signup["task"] == {"id": task.public_id, "title": "Translate our newsletter"}
    assert signup["consent"]["version"] == "builtin-2026-11-01"
    webhook_messages = [m for m in data["messages"] if m["kind"] == "webhook"]
    assert [m["payload"]["body"]["type"] for m in webhook_messages] == ["signup.created"]
    assert {m["payload"]["to"] for m in data["messages"] if m["kind"] == "email"} == {
        "Canary.Q7x@example.org"
    }
    assert [d["subject_id"] for d in data["webhook_deliveries"]] == [signup_id]
    assert "someone.else" not in json.dumps(data)


def test_erase_through_the_admin_api_is_documented_and_frees_the_slot(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1)
    _canary_signup(client, org, task)

    request, response = send(
        client, "POST", "/api/v1/privacy/erase", json={"email": CANARY_EMAIL}, headers=org.auth
    )

    assert_matches_document(request, response)
    assert response.json["data"]["signups"] == 1
    session.expire_all()
    assert session.get(Task, task.id).taken == 0
    again = client.post("/api/v1/privacy/erase", json={"email": CANARY_EMAIL}, headers=org.auth)
    assert again.json["data"] == {
        "signups": 0, "outbox_messages": 0, "webhook_deliveries": 0, "idempotency_records": 0,
        "alert_subscriptions": 0,
    }  # fmt: skip


def test_another_organization_cannot_export_or_erase_a_volunteer(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    _canary_signup(client, org, task)
    other = make_org(session)

    exported = client.post(
        "/api/v1/privacy/export", json={"email": CANARY_EMAIL}, headers=other.auth
    )
    erased = client.post("/api/v1/privacy/erase", json={"email": CANARY_EMAIL}, headers=other.auth)

    assert exported.json["data"]["signups"] == []
    assert erased.json["data"]["signups"] == 0
    assert session.scalar(select(sa.func.count()).select_from(Signup)) == 1


def test_export_and_erase_refuse_a_missing_or_malformed_email(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    for body in ({}, {"email": "not an address"}, {"email": 7}):
        request, response = send(
            client, "POST", "/api/v1/privacy/erase", json=body, headers=org.auth
        )
        assert response.status_code == 422
        assert "email" in response.json["error"]["fields"]


def test_purge_erases_signups_unchanged_for_longer_than_the_retention_period(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    request, response = send(
        client, "PATCH", "/api/v1/privacy/settings", json={"retention_days": 30}, headers=org.auth
    )
    assert_matches_document(request, response)
    assert response.json["data"] == {"retention_days": 30}
    patient = make_org(session)  # keeps the default two years
    task, other_task = make_task(session, org), make_task(session, patient)
    old_id = _canary_signup(client, org, task)
    recent_id = _sign_up(client, org, task, email="recent@example.org")
    _sign_up(client, patient, other_task, email="old.but.kept@example.org")
    session.execute(
        sa.update(Signup)
        .where(Signup.public_id != recent_id)
        .values(status_changed_at=utcnow() - timedelta(days=31))
    )
    session.commit()
    session.expire_all()

    erased = retention.purge(session)

    assert erased.signups == 1
    session.expire_all()
    assert sorted(s.email for s in session.scalars(select(Signup))) == [
        "old.but.kept@example.org",
        "recent@example.org",
    ]
    assert not any(old_id in json.dumps(m.payload) for m in session.scalars(select(OutboxMessage)))


def test_retention_settings_are_read_and_refused_out_of_range(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    request, response = send(client, "GET", "/api/v1/privacy/settings", headers=org.auth)
    assert_matches_document(request, response)
    assert response.json["data"] == {"retention_days": 730}
    request, response = send(
        client, "PATCH", "/api/v1/privacy/settings", json={"retention_days": 0}, headers=org.auth
    )
    assert response.status_code == 422
    assert_matches_document(request, response, document_accepts_request=False)


def test_purge_command_erases_old_signups_and_says_how_many(
    client: FlaskClient, session: Session, org: OrgWithKeys, database_url: str
) -> None:
    task = make_task(session, org)
    _canary_signup(client, org, task)
    _sign_up(client, org, task, email="recent@example.org")
    session.execute(
        sa.update(Signup)
        .where(Signup.email_normalized == "canary.q7x@example.org")
        .values(status_changed_at=utcnow() - timedelta(days=731))
    )
    session.commit()

    result = _run(database_url, "purge")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Erased 1 sign-ups, ")
    assert canaries_in_database(database_url) == []
