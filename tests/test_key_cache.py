"""Publishable keys are trusted for KEY_CACHE_SECONDS per process, and no longer."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task
from widget_server.models import KeyKind
from widget_server.services import keys


@pytest.fixture
def cached_client(app: Flask) -> FlaskClient:
    app.config["KEY_CACHE_SECONDS"] = 0.5
    from widget_server.key_cache import KeyCache

    app.extensions["key_cache"] = KeyCache(0.5)
    return app.test_client()


def test_a_change_made_elsewhere_shows_within_the_cache_time(
    cached_client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).json["total"] == 0

    make_task(session, org)  # as another process would: straight to the database

    time.sleep(0.6)
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
    cached_client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).status_code == 200
    key = keys.authenticate(session, org.publishable, KeyKind.PUBLISHABLE)
    keys.revoke_key(session, org.organization, key.public_id)
    time.sleep(0.6)
    assert cached_client.get(url).status_code == 401
