"""The public API, as a partner website's visitors' browsers use it."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ORIGIN, OrgWithKeys, make_org, make_task, signup_payload
from widget_server.models import Signup


def test_listing_shows_only_open_tasks_of_the_keys_organization(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    open_task = make_task(session, org)
    make_task(session, org, status="draft")
    make_task(session, org, status="paused")
    other = make_org(session)
    make_task(session, other)

    response = client.get(f"/api/v1/public/tasks?key={org.publishable}")

    assert response.status_code == 200
    assert [t["id"] for t in response.json["data"]] == [open_task.public_id]
    assert response.json["total"] == 1


def test_task_text_follows_locale_with_fallback(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    ar = client.get(f"/api/v1/public/tasks/{task.public_id}?key={org.publishable}&locale=ar")
    fr = client.get(f"/api/v1/public/tasks/{task.public_id}?key={org.publishable}&locale=fr")
    assert ar.json["data"]["title"] == "ترجمة نشرتنا الإخبارية"
    assert ar.json["direction"] == "rtl"
    assert fr.json["data"]["title"] == "Translate our newsletter"  # no French: task's default
    assert fr.json["data"]["locale"] == "en"


def test_cors_echoes_only_allowed_origins(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    allowed = client.get(f"/api/v1/public/tasks?key={org.publishable}", headers={"Origin": ORIGIN})
    foreign = client.get(
        f"/api/v1/public/tasks?key={org.publishable}", headers={"Origin": "https://evil.example"}
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in allowed.headers["Vary"]
    assert foreign.status_code == 403
    assert foreign.json["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_preflight_for_signup_from_allowed_origin(client: FlaskClient, org: OrgWithKeys) -> None:
    response = client.options(
        f"/api/v1/public/tasks/tsk_x/signups?key={org.publishable}",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, idempotency-key",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Idempotency-Key" in response.headers["Access-Control-Allow-Headers"]


def test_listing_answers_304_until_a_task_changes(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    url = f"/api/v1/public/tasks?key={org.publishable}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    make_task(session, org)

    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json["total"] == 2


def test_signup_is_created_and_same_email_makes_one_signup(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    payload = signup_payload(email="Layla@Example.org", phone="+961 3 123 456")

    first = client.post(url, json=payload)
    again = client.post(url, json={**payload, "email": "layla@example.ORG"})

    assert first.status_code == 201
    assert first.json["signup"]["status"] == "pending"
    assert again.status_code == 201  # as a new one: the caller may not be the person
    assert again.json["signup"]["id"] != first.json["signup"]["id"]
    rows = session.scalars(select(Signup)).all()
    assert len(rows) == 1
    assert rows[0].phone == "+9613123456"
    assert rows[0].consent_version


def test_idempotency_key_replays_first_answer(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    payload = signup_payload()
    headers = {"Idempotency-Key": "retry-123"}

    first = client.post(url, json=payload, headers=headers)
    replay = client.post(url, json=payload, headers=headers)
    reused = client.post(url, json=signup_payload(), headers=headers)

    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json == first.json
    assert reused.status_code == 422
    assert reused.json["error"]["code"] == "idempotency_key_reused"
    assert len(session.scalars(select(Signup)).all()) == 1


def test_bad_signup_names_each_field_in_the_visitors_language(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}&locale=fr",
        json={"name": "", "email": "not-an-email", "phone": "123", "colour": "red"},
    )
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert set(fields) == {"name", "email", "phone", "consent", "colour"}
    assert fields["name"] == "Ce champ est obligatoire."
    assert session.scalars(select(Signup)).all() == []


def test_signup_records_where_it_came_from_and_its_answers(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    question = {
        "id": "portfolio",
        "type": "url",
        "required": True,
        "label": {"en": "Portfolio", "ar": "معرض الأعمال"},
    }
    task = make_task(session, org, custom_questions=[question])
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}&locale=ar"

    missing = client.post(url, json=signup_payload(), headers={"Origin": ORIGIN})
    assert missing.status_code == 422
    assert set(missing.json["error"]["fields"]) == {"answers.portfolio"}

    response = client.post(
        url,
        json=signup_payload(
            answers={"portfolio": "https://me.example"}, page_url="https://ngo.example/volunteer"
        ),
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    row = session.scalars(select(Signup)).one()
    assert (row.origin, row.page_url, row.locale) == (ORIGIN, "https://ngo.example/volunteer", "ar")
    assert row.answers == {"portfolio": "https://me.example"}


def test_signup_without_page_url_stores_none(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    assert client.post(url, json=signup_payload()).status_code == 201
    row = session.scalars(select(Signup)).one()
    assert row.page_url is None and row.origin is None and row.phone is None
