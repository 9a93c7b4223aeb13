"""Bad input gets a clear JSON error with the right status, and writes nothing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server.models import IdempotencyRecord, Signup, Task


@pytest.fixture
def signup_url(session: Session, org: OrgWithKeys) -> str:
    task = make_task(session, org)
    return f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"


def _nothing_written(session: Session) -> bool:
    session.expire_all()
    signups = session.scalar(select(func.count()).select_from(Signup))
    records = session.scalar(select(func.count()).select_from(IdempotencyRecord))
    return signups == 0 and records == 0


def _assert_error(response, status: int, code: str) -> None:  # noqa: ANN001
    assert response.status_code == status, response.data
    assert response.is_json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]
    assert b"Traceback" not in response.data


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"name": ', "application/json", 400, "invalid_json"),
        (b"\xff\xfe not utf-8", "application/json", 400, "invalid_json"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400, "invalid_json"),
        (b"name=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'"just a string"', "application/json", 422, "validation_failed"),
        (
            b'{"name": 5, "email": ["a"], "consent": "yes"}',
            "application/json",
            422,
            "validation_failed",
        ),
    ],
)
def test_malformed_signup_bodies_are_refused(
    client: FlaskClient,
    session: Session,
    signup_url: str,
    body: bytes,
    content_type: str,
    status: int,
    code: str,
) -> None:
    response = client.post(signup_url, data=body, content_type=content_type)
    _assert_error(response, status, code)
    assert _nothing_written(session)


def test_oversized_body_gets_413_past_the_documented_limit(
    client: FlaskClient, session: Session, signup_url: str
) -> None:
    payload = signup_payload(message="x" * (70 * 1024))
    _assert_error(client.post(signup_url, json=payload), 413, "payload_too_large")
    assert _nothing_written(session)


def test_wrong_types_name_each_field(
    client: FlaskClient, session: Session, signup_url: str
) -> None:
    response = client.post(
        signup_url,
        json={
            "name": 5,
            "email": ["a"],
            "consent": "yes",
            "skills": "design",
            "answers": [],
            "locale": "de",
        },
    )
    _assert_error(response, 422, "validation_failed")
    assert set(response.json["error"]["fields"]) == {
        "name",
        "email",
        "consent",
        "skills",
        "answers",
        "locale",
    }
    assert _nothing_written(session)


def test_unknown_task_and_bad_key_and_revoked_key(
    client: FlaskClient, session: Session, org: OrgWithKeys, signup_url: str
) -> None:
    _assert_error(
        client.post(
            f"/api/v1/public/tasks/tsk_nope/signups?key={org.publishable}", json=signup_payload()
        ),
        404,
        "task_not_found",
    )
    # Change the key's last character (to one it is not already).
    changed = org.publishable[:-1] + ("y" if org.publishable.endswith("x") else "x")
    _assert_error(
        client.post(signup_url.replace(org.publishable, changed), json=signup_payload()),
        401,
        "invalid_key",
    )
    key_id = client.get("/api/v1/tasks", headers=org.auth)  # the secret key works
    assert key_id.status_code == 200
    from widget_server.models import KeyKind
    from widget_server.services import keys

    pk = keys.authenticate(session, org.publishable, KeyKind.PUBLISHABLE)
    keys.revoke_key(session, org.organization, pk.public_id)
    _assert_error(client.post(signup_url, json=signup_payload()), 401, "invalid_key")
    assert _nothing_written(session)


def test_closed_task_takes_no_signups(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, status="closed")
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(),
    )
    _assert_error(response, 404, "task_not_found")
    assert _nothing_written(session)


def test_unknown_paths_and_methods_answer_in_the_error_shape(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    _assert_error(client.get("/api/v1/nothing-here", headers=org.auth), 404, "not_found")
    response = client.put("/api/v1/tasks", headers=org.auth)
    _assert_error(response, 405, "method_not_allowed")


def test_admin_patch_with_unknown_fields_and_wrong_types_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    response = client.patch(
        f"/api/v1/tasks/{task.public_id}",
        json={"capacity": "ten", "waitlist": "yes", "owner": "me"},
        headers=org.auth,
    )
    _assert_error(response, 422, "validation_failed")
    assert set(response.json["error"]["fields"]) == {"capacity", "waitlist", "owner"}
    session.expire_all()
    assert session.get(Task, task.id).capacity == 5


def test_bad_query_parameters_are_named(client: FlaskClient, org: OrgWithKeys) -> None:
    response = client.get(
        f"/api/v1/public/tasks?key={org.publishable}&page=0&per_page=1000&category=x&max_hours=-1"
    )
    _assert_error(response, 422, "validation_failed")
    assert set(response.json["error"]["fields"]) == {"page", "per_page", "category", "max_hours"}


def test_an_unexpected_error_is_logged_not_shown(
    client: FlaskClient, org: OrgWithKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from widget_server.services import tasks

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(tasks, "list_tasks", explode)
    response = client.get("/api/v1/tasks", headers=org.auth)
    _assert_error(response, 500, "internal_error")
    assert b"secret internals" not in response.data
