"""Bad input gets a clear JSON error with the right status, and writes nothing."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server.models import IdempotencyRecord, Organization, Signup, Task
from widget_server.services.inputs import form_tokens


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
    from widget_server.services.access import keys

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
    from widget_server.services.catalog import tasks

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(tasks, "list_tasks", explode)
    response = client.get("/api/v1/tasks", headers=org.auth)
    _assert_error(response, 500, "internal_error")
    assert b"secret internals" not in response.data


# --- A sweep of every public endpoint with hostile input -------------------------------------

SCRIPT = "<script>alert(1)</script>"
SQL = "' OR '1'='1'; DROP TABLE signup; --"
CRLF = "en\r\nSet-Cookie: stolen=1"
# Parameters whose value could reach a response header (Content-Language, Location, CSP…).
HEADER_BOUND = ("locale", "instance", "parent", "key", "org", "page")


def _public_endpoints(org: OrgWithKeys, task_id: str, slug: str) -> list[tuple[str, str]]:
    key = org.publishable
    return [
        ("GET", f"/api/v1/public/tasks?key={key}"),
        ("GET", f"/api/v1/public/tasks/{task_id}?key={key}"),
        ("POST", f"/api/v1/public/tasks/{task_id}/signups?key={key}"),
        ("GET", f"/embed/v1/board?key={key}"),
        ("GET", f"/embed/v1/tasks/{task_id}/signup?key={key}"),
        ("POST", f"/embed/v1/tasks/{task_id}/signup?key={key}"),
        ("GET", f"/o/{slug}"),
        ("GET", f"/o/{slug}/tasks/{task_id}"),
        ("GET", "/embed/v1/widget.js"),
    ]


def _attacks() -> list[tuple[str, dict]]:
    """(name, request arguments) for each hostile input; a query is appended raw."""
    deep = b"[" * 100_000 + b"]" * 100_000
    return [
        ("oversized body", {"data": b"{" + b'"a":"' + b"x" * 200_000 + b'"}',
                            "content_type": "application/json"}),
        ("oversized form", {"data": {"name": "x" * 200_000}}),
        ("deep json", {"data": deep[:60_000], "content_type": "application/json"}),
        ("invalid utf-8 body", {"data": b'{"name": "\xff\xfe\xc3"}',
                                "content_type": "application/json"}),
        ("invalid utf-8 form", {"data": b"name=%ff%fe&email=\xff",
                                "content_type": "application/x-www-form-urlencoded"}),
        ("invalid utf-8 query", {"query": "&q=%ff%fe%c3&locale=%c3%28&instance=%80"}),
        ("nul bytes in query", {"query": "&q=a%00b&skill=%00&page=%00&locale=%00&parent=%00"}),
        ("huge query", {"query": "&q=" + "x" * 100_000 + "".join(f"&p{i}=1" for i in range(2000))}),
        ("sql in query", {"query": "&" + "&".join(
            f"{name}={quote(SQL)}" for name in ("q", "skill", "category", "page", "locale"))}),
        ("script in query", {"query": "&" + "&".join(
            f"{name}={quote(SCRIPT)}" for name in ("q", "skill", "instance", "parent", "locale"))}),
        ("header injection", {"query": "&" + "&".join(
            f"{name}={quote(CRLF)}" for name in HEADER_BOUND)}),
    ]  # fmt: skip


def _hostile_signup(path: str, org: OrgWithKeys, task_id: str) -> dict:
    """A body that parses, carries payloads, and is refused for its email."""
    fields = {"name": SCRIPT, "email": SQL, "message": SCRIPT + SQL}
    if path.startswith("/api/"):
        return {"json": {**fields, "consent": True}}
    token = form_tokens.make_token(
        "test-secret-key", org.organization.id, task_id, now=time.time() - 10
    )
    return {"data": {**fields, "consent": "yes", "form_token": token}}


def _assert_clean(response, method: str, path: str) -> None:  # noqa: ANN001
    where = f"{method} {path[:80]}"
    assert response.status_code < 500, where
    if method == "POST":
        assert 400 <= response.status_code < 500, where
    body = response.get_data()
    assert b"Traceback" not in body, where
    assert SCRIPT.encode() not in body, where  # read back only escaped
    assert "Set-Cookie" not in response.headers, where
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, (where, name)
        assert "stolen" not in value, (where, name)
    if response.status_code >= 400:
        if path.startswith("/api/"):
            assert response.is_json and response.json["error"]["code"], where
        else:
            assert response.mimetype == "text/html", where


@pytest.mark.parametrize(("attack", "arguments"), _attacks(), ids=[a[0] for a in _attacks()])
def test_every_public_endpoint_answers_hostile_input_cleanly_and_stores_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys, attack: str, arguments: dict
) -> None:
    task = make_task(session, org)
    before = (_rows(session, Task), _rows(session, Organization))
    for method, path in _public_endpoints(org, task.public_id, org.organization.slug):
        request_arguments = {k: v for k, v in arguments.items() if k != "query"}
        url = path + ("&" if "?" in path else "?") + arguments.get("query", "").lstrip("&")
        if method == "GET":
            request_arguments.pop("data", None)
            request_arguments.pop("content_type", None)
        elif "data" not in request_arguments:
            request_arguments = _hostile_signup(path, org, task.public_id)
        response = client.open(url, method=method, **request_arguments)
        _assert_clean(response, method, url)
    assert _nothing_written(session)
    assert (_rows(session, Task), _rows(session, Organization)) == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/public/tasks/%ff%fe",
        "/api/v1/public/tasks/%ff/signups",
        "/o/%ff%fe",
        "/o/%c3%28/tasks/%80",
        "/embed/v1/tasks/%ff/signup",
        "/embed/v1/assets/%ff.css",
        "/o/%27%20OR%20%271%27%3D%271",
        "/o/x/tasks/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/o/x%00y",
        "/o/x/tasks/tsk_%00",
        "/api/v1/public/tasks/tsk_%00",
        "/embed/v1/tasks/tsk_%00/signup",
    ],
)
def test_invalid_utf8_and_payloads_in_paths_are_clean_404s(
    client: FlaskClient, session: Session, org: OrgWithKeys, path: str
) -> None:
    for method in ("GET", "POST"):
        url = path + (f"?key={org.publishable}" if "/o/" not in path else "")
        response = client.open(url, method=method, json=signup_payload())
        _assert_clean(response, method, url)
        assert response.status_code in {404, 405}
    assert _nothing_written(session)


def _rows(session: Session, model: type) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_nul_byte_in_an_organization_slug_finds_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    page = client.get(f"/embed/v1/tasks/{task.public_id}/signup?org=org%00x")
    _assert_clean(page, "GET", "/embed/v1/tasks/…/signup?org=org%00x")
    assert page.status_code == 404


def test_a_nul_byte_in_an_admin_filter_is_a_named_422(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    response = client.get("/api/v1/signups?task=tsk_%00&cursor=%00", headers=org.auth)
    _assert_error(response, 422, "validation_failed")
    assert set(response.json["error"]["fields"]) == {"task", "cursor"}
