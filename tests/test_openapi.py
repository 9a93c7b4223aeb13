"""The OpenAPI document describes the API the server really serves.

Every test sends real requests through Flask's test client and checks both the request and
the response against the document with openapi-core. Responses are checked against a
stricter copy of the document in which every response object is closed
(additionalProperties: false), so a field the server sends but the document forgets fails
too; the published document stays open so clients tolerate fields added later.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import EnvironBuilder, FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.exceptions import OpenAPIError
from openapi_core.validation.request.exceptions import RequestValidationError
from openapi_spec_validator import validate
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse
from werkzeug.wrappers import Request

from tests.factories import (
    ORIGIN,
    OrgWithKeys,
    make_task,
    signup_payload,
    task_payload,
)
from widget_server import create_app
from widget_server.api.openapi import openapi_document
from widget_server.models import KeyKind
from widget_server.services.access import keys

FAR_FUTURE = "2099-12-31"

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "shift",
        "type": "select",
        "required": True,
        "label": {"en": "Preferred shift", "ar": "الفترة المفضلة"},
        "options": [
            {"value": "am", "label": {"en": "Morning", "ar": "صباحًا"}},
            {"value": "pm", "label": {"en": "Evening"}},
        ],
    },
    {"id": "over_18", "type": "checkbox", "required": True, "label": {"en": "I am over 18"}},
    {"id": "portfolio", "type": "url", "label": {"en": "Portfolio"}},
    {"id": "why", "type": "textarea", "required": False, "label": {"fr": "Pourquoi ?"}},
]
ANSWERS = {"shift": "pm", "over_18": True, "portfolio": "https://layla.example/work"}


def _closed(node: Any) -> Any:
    """The document with additionalProperties: false on every object that lists properties."""
    if isinstance(node, dict):
        closed = {key: _closed(value) for key, value in node.items()}
        if closed.get("type") == "object" and "properties" in closed:
            closed.setdefault("additionalProperties", False)
        return closed
    if isinstance(node, list):
        return [_closed(item) for item in node]
    return node


DOCUMENT = openapi_document()
# openapi-core reads media types it does not know as bytes; CSV is text.
CONTRACT = OpenAPI.from_dict(
    _closed(copy.deepcopy(DOCUMENT)),
    config=Config(extra_media_type_deserializers={"text/csv": plain_loads}),
)


# --- helpers ------------------------------------------------------------------------------


def send(client: FlaskClient, method: str, url: str, **kwargs: Any) -> tuple[Request, TestResponse]:
    """Send a request; return a twin of it (body unread, for the validator) and the response.

    The response is buffered, so a streamed one is read to its end and closed, and the
    request's database session is released before the test goes on.
    """
    twin = EnvironBuilder(client.application, url, method=method, **kwargs).get_request()
    response = client.open(url, method=method, buffered=True, **kwargs)
    return twin, response


def _explain(error: BaseException) -> str:
    """The chain of openapi-core's errors, with each schema error's message and place."""
    lines = []
    current: BaseException | None = error
    while current is not None:
        schema_errors = list(getattr(current, "schema_errors", ()))
        lines.append(type(current).__name__ + ("" if schema_errors else f": {current}"))
        lines.extend(f"  - {e.message} at {e.json_path}" for e in schema_errors)
        current = current.__cause__
    return "\n".join(lines)


def assert_matches_document(
    request: Request, response: TestResponse, *, document_accepts_request: bool = True
) -> None:
    """The response is one the document describes for this operation and status.

    The request is checked too: it must conform, or, for a request the server refuses
    because it breaks a documented rule, the document must refuse it as well.
    """
    openapi_request = WerkzeugOpenAPIRequest(request)
    if document_accepts_request:
        try:
            CONTRACT.validate_request(openapi_request)
        except OpenAPIError as error:
            pytest.fail(f"request does not match the document:\n{_explain(error)}")
    else:
        with pytest.raises(RequestValidationError):
            CONTRACT.validate_request(openapi_request)
    try:
        CONTRACT.validate_response(openapi_request, WerkzeugOpenAPIResponse(response))
    except OpenAPIError as error:
        body = response.get_data(as_text=True)[:2000]
        pytest.fail(
            f"{request.method} {request.full_path} -> {response.status}, body {body}\n"
            f"does not match the document:\n{_explain(error)}"
        )


def public_url(org: OrgWithKeys, path: str = "", **query: Any) -> str:
    return f"/api/v1/public/tasks{path}?" + urlencode({"key": org.publishable, **query})


def admin_url(path: str, **query: Any) -> str:
    return f"/api/v1{path}" + (f"?{urlencode(query)}" if query else "")


def make_varied_tasks(session: Session, org: OrgWithKeys) -> None:
    """Open tasks covering the shapes a listing can take."""
    make_task(session, org, custom_questions=QUESTIONS, capacity=None, waitlist=True)
    make_task(
        session,
        org,
        category="video",
        skills=["Editing"],
        languages=["fr"],
        commitment="fixed_term",
        duration_weeks=12,
        schedule="fixed",
        timezone="Europe/Paris",
        starts_at="2030-03-01T09:00:00+01:00",
        ends_at="2030-03-01T12:30:00Z",
        apply_by=FAR_FUTURE,
        capacity=2,
        default_locale="fr",
        translations={"fr": {"title": "Montage vidéo", "summary": None}},
    )


def sign_up(
    client: FlaskClient, org: OrgWithKeys, task_id: str, **payload: Any
) -> tuple[Request, TestResponse]:
    return send(
        client,
        "POST",
        public_url(org, f"/{task_id}/signups"),
        json=signup_payload(**payload),
        headers={"Origin": ORIGIN},
    )


# --- the document itself ------------------------------------------------------------------


def test_document_is_valid_openapi_3_1_and_is_served_as_built(client: FlaskClient) -> None:
    validate(DOCUMENT)
    assert DOCUMENT["openapi"] == "3.1.0"

    request, response = send(client, "GET", "/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json == DOCUMENT
    assert_matches_document(request, response)


def test_document_describes_every_route_and_method_the_api_serves(client: FlaskClient) -> None:
    served = set()
    for rule in client.application.url_map.iter_rules():
        path = rule.rule.replace("<", "{").replace(">", "}")
        if path.startswith("/api/") or path in ("/healthz", "/readyz"):
            for method in rule.methods or ():
                if method not in ("HEAD", "OPTIONS"):
                    served.add((method.lower(), path))
    documented = {
        (method, path)
        for path, item in DOCUMENT["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert documented == served


# --- public API ---------------------------------------------------------------------------


def test_public_listing_of_varied_tasks_and_its_304_match_the_document(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_varied_tasks(session, org)

    request, response = send(client, "GET", public_url(org, locale="ar", per_page=10))

    assert response.status_code == 200
    assert response.json["direction"] == "rtl"
    tasks = {t["category"]: t for t in response.json["data"]}
    assert tasks["translation"]["capacity"] is None
    assert tasks["translation"]["custom_questions"][0]["options"][0]["label"] == "صباحًا"
    assert tasks["video"]["spots_left"] == 2
    assert tasks["video"]["starts_at"] == "2030-03-01T08:00:00+00:00"
    assert_matches_document(request, response)

    etag = response.headers["ETag"]
    request, response = send(
        client, "GET", public_url(org, locale="ar", per_page=10), headers={"If-None-Match": etag}
    )
    assert response.status_code == 304
    assert_matches_document(request, response)


def test_public_listing_filters_match_the_document(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_varied_tasks(session, org)
    url = public_url(
        org, category="video", skill="editing", q="montage", max_hours=80, page=1, per_page=100
    )

    request, response = send(client, "GET", url)

    assert response.status_code == 200
    assert [t["category"] for t in response.json["data"]] == ["video"]
    assert_matches_document(request, response)


def test_public_task_matches_the_document_and_an_unknown_one_is_404(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    draft = make_task(session, org, status="draft")

    request, response = send(client, "GET", public_url(org, f"/{task.public_id}", locale="fr"))
    assert response.status_code == 200
    assert response.json["data"]["locale"] == "en"
    assert_matches_document(request, response)

    for missing in (draft.public_id, "tsk_nope"):
        request, response = send(client, "GET", public_url(org, f"/{missing}"))
        assert response.status_code == 404
        assert response.json["error"]["code"] == "task_not_found"
        assert_matches_document(request, response)


def test_new_signup_and_the_same_email_again_are_both_201_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    payload = {
        "email": "Layla@Example.org",
        "phone": "+961 3 123 456",
        "skills": ["Arabic"],
        "availability": "Evenings",
        "message": "Happy to help.",
        "locale": "ar",
        "page_url": "https://ngo.example/volunteer",
        "answers": ANSWERS,
    }

    request, first = send(
        client,
        "POST",
        public_url(org, f"/{task.public_id}/signups"),
        json=signup_payload(**payload),
        headers={"Origin": ORIGIN, "Idempotency-Key": "form-1"},
    )
    assert first.status_code == 201
    assert first.json["signup"]["status"] == "pending"
    assert_matches_document(request, first)

    payload["email"] = "layla@example.ORG"
    request, again = sign_up(client, org, task.public_id, **payload)
    assert again.status_code == 201
    assert again.json["signup"]["id"] != first.json["signup"]["id"]
    assert again.json["signup"].keys() == first.json["signup"].keys()
    assert_matches_document(request, again)


def test_signup_when_full_is_waitlisted_with_a_waitlist_and_409_without(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    with_waitlist = make_task(session, org, capacity=1, waitlist=True)
    without = make_task(session, org, capacity=1, waitlist=False)
    for task in (with_waitlist, without):
        request, response = sign_up(client, org, task.public_id)
        assert response.status_code == 201
        assert_matches_document(request, response)

    request, response = sign_up(client, org, with_waitlist.public_id)
    assert response.status_code == 201
    assert response.json["signup"]["status"] == "waitlisted"
    assert response.json["signup"]["holds_slot"] is False
    assert_matches_document(request, response)

    request, response = sign_up(client, org, without.public_id)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "task_full"
    assert_matches_document(request, response)


def test_refused_signups_are_400_415_and_422_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    url = public_url(org, f"/{task.public_id}/signups")
    # (request options, status, code, fields named, whether the document accepts the request)
    cases: list[tuple[dict[str, Any], int, str, set[str], bool]] = [
        ({"json": {"name": "", "email": "nope", "colour": "red"}}, 422, "validation_failed",
         {"name", "email", "consent", "colour", "answers.shift", "answers.over_18"}, False),
        # Which answers a task takes is the task's business: the document cannot know.
        ({"json": signup_payload(answers={**ANSWERS, "shift": "night", "extra": "x"})}, 422,
         "validation_failed", {"answers.shift", "answers.extra"}, True),
        ({"data": b'{"name": ', "content_type": "application/json"}, 400, "invalid_json", set(),
         False),
        ({"data": b"name=Layla", "content_type": "text/plain"}, 415, "unsupported_media_type",
         set(), False),
    ]  # fmt: skip

    for options, status, code, fields, accepted in cases:
        request, response = send(client, "POST", url, **options)
        assert (response.status_code, response.json["error"]["code"]) == (status, code)
        assert set(response.json["error"].get("fields", {})) == fields
        assert_matches_document(request, response, document_accepts_request=accepted)


def test_reusing_an_idempotency_key_for_another_signup_is_422_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = public_url(org, f"/{task.public_id}/signups")
    headers = {"Idempotency-Key": "retry-7"}
    request, first = send(client, "POST", url, json=signup_payload(), headers=headers)
    assert first.status_code == 201
    assert_matches_document(request, first)

    request, reused = send(client, "POST", url, json=signup_payload(), headers=headers)

    assert reused.status_code == 422
    assert reused.json["error"]["code"] == "idempotency_key_reused"
    assert_matches_document(request, reused)


# --- admin API ----------------------------------------------------------------------------


def test_admin_task_create_get_patch_list_and_delete_match_the_document(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    payload = task_payload(
        category="web_design",
        custom_questions=QUESTIONS,
        commitment="fixed_term",
        duration_weeks=8,
        schedule="fixed",
        starts_at="2030-01-05T10:00:00+02:00",
        apply_by=FAR_FUTURE,
        timezone="Asia/Beirut",
        default_locale="ar",
    )
    request, created = send(client, "POST", admin_url("/tasks"), json=payload, headers=org.auth)
    assert created.status_code == 201
    assert created.json["data"]["custom_questions"][0]["options"][1]["label"] == {"en": "Evening"}
    assert_matches_document(request, created)
    task_id = created.json["data"]["id"]

    request, fetched = send(client, "GET", admin_url(f"/tasks/{task_id}"), headers=org.auth)
    assert fetched.status_code == 200
    assert_matches_document(request, fetched)

    patch = {
        "capacity": None,
        "status": "paused",
        "custom_questions": None,
        "translations": {"en": {"title": "Redesign our site", "summary": None}},
    }
    request, patched = send(
        client, "PATCH", admin_url(f"/tasks/{task_id}"), json=patch, headers=org.auth
    )
    assert patched.status_code == 200
    assert patched.json["data"]["default_locale"] == "en"
    assert patched.json["data"]["spots_left"] is None
    assert_matches_document(request, patched)

    send(client, "POST", admin_url("/tasks"), json=task_payload(), headers=org.auth)
    request, first_page = send(client, "GET", admin_url("/tasks", limit=1), headers=org.auth)
    assert first_page.status_code == 200
    assert first_page.json["next_cursor"] is not None
    assert_matches_document(request, first_page)
    cursor = first_page.json["next_cursor"]
    request, last_page = send(
        client,
        "GET",
        admin_url("/tasks", status="paused", limit=200, cursor=cursor),
        headers=org.auth,
    )
    assert [t["id"] for t in last_page.json["data"]] == [task_id]
    assert last_page.json["next_cursor"] is None
    assert_matches_document(request, last_page)

    request, deleted = send(client, "DELETE", admin_url(f"/tasks/{task_id}"), headers=org.auth)
    assert deleted.status_code == 204
    assert_matches_document(request, deleted)


def test_deleting_a_task_with_signups_is_409_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    sign_up(client, org, task.public_id)

    request, response = send(
        client, "DELETE", admin_url(f"/tasks/{task.public_id}"), headers=org.auth
    )

    assert response.status_code == 409
    assert response.json["error"]["code"] == "task_has_signups"
    assert_matches_document(request, response)


def test_lowering_capacity_below_the_slots_taken_is_422_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=3)
    sign_up(client, org, task.public_id)
    sign_up(client, org, task.public_id)

    request, response = send(
        client,
        "PATCH",
        admin_url(f"/tasks/{task.public_id}"),
        json={"capacity": 1},
        headers=org.auth,
    )

    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"capacity"}
    assert_matches_document(request, response)


def test_signup_list_with_filters_matches_the_document(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    other = make_task(session, org)
    sign_up(
        client,
        org,
        task.public_id,
        answers=ANSWERS,
        phone="+33 1 23 45 67 89",
        page_url="https://ngo.example/join",
    )
    sign_up(client, org, other.public_id, page_url="")
    since = (datetime.now(timezone(timedelta(hours=3))) - timedelta(hours=1)).isoformat()

    request, response = send(
        client,
        "GET",
        admin_url("/signups", task=task.public_id, status="pending", since=since, limit=10),
        headers=org.auth,
    )
    assert response.status_code == 200
    [signup] = response.json["data"]
    assert signup["answers"] == ANSWERS
    assert signup["origin"] == ORIGIN
    assert_matches_document(request, response)

    request, everything = send(client, "GET", admin_url("/signups", limit=1), headers=org.auth)
    assert everything.json["next_cursor"] is not None
    assert everything.json["data"][0]["page_url"] is None
    assert_matches_document(request, everything)


def test_signup_status_changes_are_200_409_when_full_and_422_for_pending(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    _, holder = sign_up(client, org, task.public_id)
    _, waiting = sign_up(client, org, task.public_id)
    holder_url = admin_url(f"/signups/{holder.json['signup']['id']}")
    waiting_url = admin_url(f"/signups/{waiting.json['signup']['id']}")

    request, accepted = send(
        client, "PATCH", holder_url, json={"status": "accepted"}, headers=org.auth
    )
    assert accepted.status_code == 200
    assert accepted.json["data"]["holds_slot"] is True
    assert_matches_document(request, accepted)

    request, full = send(
        client, "PATCH", waiting_url, json={"status": "accepted"}, headers=org.auth
    )
    assert full.status_code == 409
    assert full.json["error"]["code"] == "task_full"
    assert_matches_document(request, full)

    request, pending = send(
        client, "PATCH", waiting_url, json={"status": "pending"}, headers=org.auth
    )
    assert pending.status_code == 422
    assert set(pending.json["error"]["fields"]) == {"status"}
    assert_matches_document(request, pending, document_accepts_request=False)


def test_signup_export_is_csv_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    sign_up(client, org, task.public_id, name="=cmd()", answers=ANSWERS)

    request, response = send(client, "GET", admin_url("/signups/export.csv"), headers=org.auth)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffsignup_id,")
    assert "'=cmd()" in text
    assert_matches_document(request, response)


# --- errors, all together -----------------------------------------------------------------


def test_error_responses_have_the_documented_status_code_and_shape(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    bearer = org.auth
    public_as_bearer = {"Authorization": f"Bearer {org.publishable}"}
    signups = public_url(org, f"/{task.public_id}/signups")
    huge = signup_payload(message="x" * 70_000)
    # (method, url, request options, status, code, whether the document accepts the request)
    cases: list[tuple[str, str, dict[str, Any], int, str, bool]] = [
        ("GET", "/api/v1/public/tasks", {}, 401, "invalid_key", False),
        ("GET", "/api/v1/public/tasks?key=vw_pk_short", {}, 401, "invalid_key", True),
        ("GET", f"/api/v1/public/tasks?key={org.secret}", {}, 401, "wrong_key_kind", True),
        ("GET", public_url(org), {"headers": {"Origin": "https://evil.example"}}, 403,
         "origin_not_allowed", True),
        *[
            ("GET", public_url(org, **{name: value}), {}, 422, "validation_failed", False)
            for name, value in [("max_hours", 0), ("max_hours", 81), ("page", 0),
                                ("page", 10001), ("per_page", 0), ("per_page", 101),
                                ("category", "knitting"), ("skill", "x" * 51),
                                ("q", "x" * 201), ("page", ""), ("per_page", ""),
                                ("max_hours", ""), ("category", "")]
        ],
        ("POST", signups, {"json": huge}, 413, "payload_too_large", False),
        ("POST", public_url(org, "/tsk_missing/signups"), {"json": signup_payload()}, 404,
         "task_not_found", True),
        ("POST", signups, {"json": signup_payload(), "headers": {"Idempotency-Key": " "}},
         422, "validation_failed", True),
        ("GET", "/api/v1/tasks", {}, 401, "invalid_key", False),
        ("GET", "/api/v1/tasks", {"headers": public_as_bearer}, 401, "wrong_key_kind", True),
        ("GET", "/api/v1/tasks", {"headers": {**bearer, "Origin": ORIGIN}}, 403,
         "secret_key_in_browser", True),
        ("GET", "/api/v1/signups/export.csv", {"headers": {**bearer, "Origin": ORIGIN}}, 403,
         "secret_key_in_browser", True),
        *[
            ("GET", admin_url(path, **{name: value}), {"headers": bearer}, 422,
             "validation_failed", False)
            for path, name, value in [("/tasks", "limit", 0), ("/tasks", "limit", 201),
                                      ("/tasks", "status", "gone"),
                                      ("/tasks", "cursor", "x" * 41),
                                      ("/signups", "status", "gone"),
                                      ("/tasks", "status", ""), ("/signups", "limit", ""),
                                      ("/signups", "since", ""),
                                      ("/signups", "task", "x" * 41)]
        ],
        ("GET", admin_url("/tasks", cursor="!!!"), {"headers": bearer}, 422,
         "validation_failed", False),
        ("GET", admin_url("/tasks", cursor="eHl6"), {"headers": bearer}, 422,
         "validation_failed", True),
        ("GET", admin_url("/signups", since="yesterday"), {"headers": bearer}, 422,
         "validation_failed", False),
        ("GET", admin_url("/signups", task="tsk_missing"), {"headers": bearer}, 404,
         "task_not_found", True),
        ("GET", "/api/v1/tasks/tsk_missing", {"headers": bearer}, 404, "task_not_found", True),
        ("PATCH", "/api/v1/tasks/tsk_missing", {"headers": bearer, "json": {"waitlist": True}},
         404, "task_not_found", True),
        ("DELETE", "/api/v1/tasks/tsk_missing", {"headers": bearer}, 404, "task_not_found",
         True),
        ("PATCH", "/api/v1/signups/sgn_missing",
         {"headers": bearer, "json": {"status": "accepted"}}, 404, "signup_not_found", True),
        ("POST", "/api/v1/tasks", {"headers": bearer, "json": {}}, 422, "validation_failed",
         False),
        *[
            ("POST", "/api/v1/tasks", {"headers": bearer, "json": task_payload(**change)}, 422,
             "validation_failed", False)
            for change in [{"hours_per_week": 81}, {"hours_per_week": None},
                           {"capacity": 0}, {"duration_weeks": 105}, {"category": "knitting"},
                           {"languages": ["english"]}, {"skills": ["x" * 51]},
                           {"apply_by": "31/12/2099"}, {"starts_at": "soon"},
                           {"translations": {"de": {"title": "Hallo"}}},
                           {"translations": {"en": {"title": " "}}},
                           {"translations": {"en": {"title": "x" * 201}}},
                           {"translations": {"en": {"title": "Hi", "subtitle": "x"}}},
                           {"custom_questions": [{"id": "Bad id", "type": "text",
                                                  "label": {"en": "Q"}}]},
                           {"custom_questions": [{"id": "q", "type": "select",
                                                  "label": {"en": "Q"}}]},
                           {"custom_questions": [{"id": "q", "type": "text",
                                                  "label": {"de": "Q"}}]}]
        ],
        ("POST", "/api/v1/tasks", {"headers": bearer, "data": b"[1,", "content_type":
         "application/json"}, 400, "invalid_json", False),
        ("POST", "/api/v1/tasks", {"headers": bearer, "data": b"x", "content_type":
         "text/plain"}, 415, "unsupported_media_type", False),
        ("PATCH", f"/api/v1/tasks/{task.public_id}", {"headers": bearer, "json": {"colour": 1}},
         422, "validation_failed", False),
    ]  # fmt: skip

    for method, url, options, status, code, accepted in cases:
        request, response = send(client, method, url, **options)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), (
            f"{method} {url} {str(options)[:300]}"
        )
        assert_matches_document(request, response, document_accepts_request=accepted)


# --- operations ---------------------------------------------------------------------------


def test_healthz_and_readyz_match_the_document(client: FlaskClient) -> None:
    for url in ("/healthz", "/readyz"):
        request, response = send(client, "GET", url)
        assert response.status_code == 200
        assert_matches_document(request, response)


def test_unreachable_database_gives_the_documented_503s(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite3'}",
            "SECRET_KEY": "test-secret-key",
        }
    )
    client = app.test_client()
    well_formed_key = keys.generate_token(KeyKind.PUBLISHABLE)
    try:
        request, ready = send(client, "GET", "/readyz")
        assert ready.status_code == 503
        assert ready.json == {"status": "unavailable", "database": "unreachable"}
        assert_matches_document(request, ready)

        request, listing = send(client, "GET", f"/api/v1/public/tasks?key={well_formed_key}")
        assert listing.status_code == 503
        assert listing.json["error"]["code"] == "service_unavailable"
        assert_matches_document(request, listing)
    finally:
        app.extensions["db_engine"].dispose()
