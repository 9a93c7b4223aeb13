"""Publishable keys are trusted for KEY_CACHE_SECONDS per process, and no longer."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.clocks import Clock
from tests.factories import OrgWithKeys, make_task
from widget_server.models import KeyKind
from widget_server.services.access import keys


def test_a_change_made_elsewhere_shows_within_the_cache_time(
    cached_client: FlaskClient, clock: Clock, session: Session, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).json["total"] == 0

    make_task(session, org)  # as another process would: straight to the database

    clock.now += 1.9
    assert cached_client.get(url).json["total"] == 0  # still the cached version
    clock.now += 0.2
    assert cached_client.get(url).json["total"] == 1


def test_a_change_made_through_this_process_shows_at_once(
    cached_client: FlaskClient, org: OrgWithKeys
) -> None:
    from tests.factories import task_payload

    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).json["total"] == 0
    created = cached_client.post("/api/v1/tasks", json=task_payload(), headers=org.auth)
    assert created.status_code == 201
    assert cached_client.get(url).json["total"] == 1


def test_a_revoked_key_stops_within_the_cache_time(
    cached_client: FlaskClient, clock: Clock, session: Session, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).status_code == 200
    key = keys.authenticate(session, org.publishable, KeyKind.PUBLISHABLE)
    keys.revoke_key(session, org.organization, key.public_id)
    clock.now += 2.1
    assert cached_client.get(url).status_code == 401


def test_every_organization_column_is_in_the_snapshot_and_comes_back_unchanged(
    session: Session, org: OrgWithKeys
) -> None:
    from widget_server.models import Organization
    from widget_server.web.key_cache import SNAPSHOT_COLUMNS, OrgSnapshot

    organization = org.organization
    organization.retention_days, organization.close_after_days = 45, 9  # not the defaults
    organization.working_days = [1, 3]
    session.commit()
    assert {column.name for column in Organization.__table__.columns} <= set(SNAPSHOT_COLUMNS)

    snapshot = OrgSnapshot.of(organization)
    first = snapshot.organization()
    for key in SNAPSHOT_COLUMNS:
        assert getattr(first, key) == getattr(organization, key), key
    first.allowed_origins.append("https://elsewhere.example")
    first.working_days.append(5)
    second = snapshot.organization()
    assert second.allowed_origins == organization.allowed_origins
    assert second.working_days == [1, 3]


def test_a_signup_keeps_the_cached_key_and_shows_its_taken_slot_at_once(
    app: Flask, cached_client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    from tests.admin.query_count import counting_queries
    from tests.factories import ORIGIN, signup_payload

    task = make_task(session, org, capacity=5)
    listing = f"/api/v1/public/tasks?key={org.publishable}"
    signups = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    assert cached_client.get(listing).json["data"][0]["spots_left"] == 5
    headers = {"Origin": ORIGIN}
    assert cached_client.post(signups, json=signup_payload(), headers=headers).status_code == 201
    assert cached_client.get(listing).json["data"][0]["spots_left"] == 4
    with counting_queries(app) as statements:
        response = cached_client.post(signups, json=signup_payload(), headers=headers)
    assert response.status_code == 201
    assert not [s for s in statements if "api_key" in s]  # the key came from the cache


def test_a_revoked_key_stops_within_the_cache_time_however_busy_with_signups(
    cached_client: FlaskClient, clock: Clock, session: Session, org: OrgWithKeys
) -> None:
    from tests.factories import ORIGIN, signup_payload

    task = make_task(session, org, capacity=None)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    headers = {"Origin": ORIGIN}
    assert cached_client.post(url, json=signup_payload(), headers=headers).status_code == 201
    key = keys.authenticate(session, org.publishable, KeyKind.PUBLISHABLE)
    keys.revoke_key(session, org.organization, key.public_id)
    for _ in range(3):
        clock.now += 0.7  # each sign-up refreshes the entry's organization, not its expiry
        cached_client.post(url, json=signup_payload(), headers=headers)
    assert cached_client.post(url, json=signup_payload(), headers=headers).status_code == 401
