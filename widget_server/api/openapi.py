"""The OpenAPI 3.1 document at /api/v1/openapi.json.

The document is a plain dict built once at import. Enumerations come from the code that
enforces them (models, task_input, signups) so they cannot drift; the numeric limits are
repeated here and checked against the server by tests/test_openapi.py.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, Response, jsonify

from widget_server.locales import LOCALES
from widget_server.models import CATEGORIES, Commitment, Schedule, SignupStatus, TaskStatus
from widget_server.services.catalog.task_input import QUESTION_TYPES, TEXT_LIMITS
from widget_server.services.inputs.idempotency import MAX_KEY_LENGTH
from widget_server.services.volunteering.signups import ADMIN_STATUSES, MAX_HOURS

bp = Blueprint("openapi", __name__)

Schema = dict[str, Any]

PUBLIC = "/api/v1/public"
ADMIN = "/api/v1"


# --- small builders -------------------------------------------------------------------


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _values(enum_type: Any) -> list[str]:
    return [member.value for member in enum_type]


_CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _nullable(schema: Schema) -> Schema:
    """schema, or null (the OpenAPI 3.1 way: a list of types)."""
    return {**schema, "type": [schema["type"], "null"]}


def _object(
    properties: dict[str, Schema],
    *,
    required: list[str] | None = None,
    closed: bool = False,
    description: str | None = None,
) -> Schema:
    """An object; every property is required unless `required` says otherwise.

    closed=True (input schemas) adds additionalProperties: false, because the server
    answers 422 unknown_field for anything it does not know.
    """
    schema: Schema = {"type": "object"}
    if description:
        schema["description"] = description
    schema["properties"] = properties
    required = list(properties) if required is None else required
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return schema


def _string(max_length: int | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "string"}
    if max_length is not None:
        schema["maxLength"] = max_length
    schema.update(extra)
    return schema


def _integer(minimum: int | None = None, maximum: int | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    schema.update(extra)
    return schema


def _array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def _enum(values: list[str] | tuple[str, ...], **extra: Any) -> Schema:
    return {"type": "string", "enum": list(values), **extra}


def _datetime(**extra: Any) -> Schema:
    return {"type": "string", "format": "date-time", **extra}


def _json(schema: Schema) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _ok(description: str, schema: Schema, headers: dict[str, Any] | None = None) -> Schema:
    response: Schema = {"description": description, "content": _json(schema)}
    if headers:
        response["headers"] = headers
    return response


def _error(description: str, headers: dict[str, Any] | None = None) -> Schema:
    """An error response: the one JSON error shape; the description lists its codes."""
    return _ok(description, _ref("Error"), headers)


def _response_ref(name: str) -> Schema:
    return {"$ref": f"#/components/responses/{name}"}


def _param_ref(name: str) -> Schema:
    return {"$ref": f"#/components/parameters/{name}"}


def _header(description: str, schema: Schema | None = None, required: bool = False) -> Schema:
    return {"description": description, "required": required, "schema": schema or _string()}


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _path(name: str, description: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": _string(),
    }


def _body(schema: Schema, description: str) -> Schema:
    return {"required": True, "description": description, "content": _json(schema)}


def _operation(
    operation_id: str,
    summary: str,
    tag: str,
    responses: dict[str, Any],
    *,
    security: list[dict[str, list[str]]],
    parameters: list[Schema] | None = None,
    request_body: Schema | None = None,
    description: str | None = None,
) -> Schema:
    operation: Schema = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if description:
        operation["description"] = description
    operation["security"] = security
    if parameters:
        operation["parameters"] = parameters
    if request_body:
        operation["requestBody"] = request_body
    operation["responses"] = responses
    return operation


PUBLIC_SECURITY: list[dict[str, list[str]]] = [{"publishableKey": []}]
ADMIN_SECURITY: list[dict[str, list[str]]] = [{"secretKey": []}]
NO_SECURITY: list[dict[str, list[str]]] = []


# --- schemas ------------------------------------------------------------------------------

TASK_LIMITS = {
    "hours_per_week": (1, 80),
    "duration_weeks": (1, 104),
    "capacity": (1, 100000),
}


def _localised_text() -> Schema:
    return {
        "type": "object",
        "description": "Text keyed by locale; each value 1 to 300 characters (trimmed).",
        "propertyNames": {"enum": list(LOCALES)},
        "minProperties": 1,
        "additionalProperties": _string(300, minLength=1, pattern=r"\S"),
    }


def _task_input_properties() -> dict[str, Schema]:
    """TaskInput's fields; TaskPatch has the same ones, none required."""
    return {
        "status": _enum(_values(TaskStatus), description="Defaults to draft."),
        "category": _enum(CATEGORIES),
        "skills": _nullable(
            _array(_string(50), maxItems=20, description="Blank items and repeats are dropped.")
        ),
        "languages": _nullable(
            _array(
                _string(3, pattern="^[a-z]{2,3}$"),
                maxItems=10,
                description="Languages the volunteer works in (ISO 639 codes).",
            )
        ),
        "hours_per_week": _integer(*TASK_LIMITS["hours_per_week"]),
        "commitment": _enum(_values(Commitment), description="fixed_term requires duration_weeks."),
        "duration_weeks": _nullable(_integer(*TASK_LIMITS["duration_weeks"])),
        "schedule": _enum(
            _values(Schedule), description="Defaults to flexible; fixed requires starts_at."
        ),
        "timezone": _string(
            64, description="IANA time zone, e.g. Asia/Beirut; defaults to the organization's."
        ),
        "starts_at": _nullable(_datetime(description="With a UTC offset.")),
        "ends_at": _nullable(_datetime(description="With a UTC offset; after starts_at.")),
        "apply_by": _nullable(
            {"type": "string", "format": "date", "description": "Last day to apply."}
        ),
        "capacity": _nullable(
            _integer(
                *TASK_LIMITS["capacity"],
                description="Slots; null is unlimited. Never below the slots taken.",
            )
        ),
        "waitlist": {"type": "boolean", "description": "Defaults to false."},
        "default_locale": _enum(
            LOCALES,
            description="Needs a translation; defaults to the first translation sent.",
        ),
        "translations": {
            "type": "object",
            "description": "Text per locale; sending it replaces the set of languages.",
            "propertyNames": {"enum": list(LOCALES)},
            "minProperties": 1,
            "additionalProperties": _ref("Translation"),
        },
        "custom_questions": _nullable(_array(_ref("CustomQuestion"), maxItems=20)),
    }


def _translation() -> Schema:
    optional = {
        "summary": "",
        "description": " Markdown, rendered and sanitised.",
        "accessibility_notes": "",
    }
    return _object(
        {
            "title": _string(TEXT_LIMITS["title"], minLength=1, pattern=r"\S"),
            **{
                name: _nullable(_string(TEXT_LIMITS[name], description="null means empty." + more))
                for name, more in optional.items()
            },
        },
        required=["title"],
        closed=True,
        description="A task's text in one language.",
    )


def _custom_question() -> Schema:
    schema = _object(
        {
            "id": _string(
                40,
                pattern="^[a-z][a-z0-9_]{0,39}$",
                description="Unique within the task; the key of its answer.",
            ),
            "type": _enum(QUESTION_TYPES),
            "required": {"type": "boolean", "description": "Defaults to false."},
            "label": _localised_text(),
            "options": {
                "description": "Choices of a select question (1 to 50); ignored for other types."
            },
        },
        required=["id", "type", "label"],
        closed=True,
        description="A question the volunteer answers when signing up.",
    )
    schema["if"] = {"properties": {"type": {"const": "select"}}}
    schema["then"] = {
        "required": ["options"],
        "properties": {"options": _array(_ref("QuestionOption"), minItems=1, maxItems=50)},
    }
    return schema


def _common_task_properties() -> dict[str, Schema]:
    """What public and admin task representations share."""
    return {
        "id": _string(description="Public id, e.g. tsk_..."),
        "category": _enum(CATEGORIES),
        "skills": _array(_string()),
        "languages": _array(_string()),
        "hours_per_week": _integer(*TASK_LIMITS["hours_per_week"]),
        "commitment": _enum(_values(Commitment)),
        "duration_weeks": _nullable(_integer(*TASK_LIMITS["duration_weeks"])),
        "schedule": _enum(_values(Schedule)),
        "timezone": _string(),
        "starts_at": _nullable(_datetime()),
        "ends_at": _nullable(_datetime()),
        "apply_by": _nullable({"type": "string", "format": "date"}),
        "capacity": _nullable(_integer(*TASK_LIMITS["capacity"], description="null: unlimited")),
        "spots_left": _nullable(_integer(0, description="null when capacity is unlimited")),
        "waitlist": {"type": "boolean"},
        "published_at": _nullable(_datetime(description="When the task first opened.")),
    }


def _public_task() -> Schema:
    return _object(
        {
            **_common_task_properties(),
            "published_at": _datetime(description="When the task first opened."),
            "locale": _enum(LOCALES, description="The language of the text below."),
            "title": _string(),
            "summary": _string(),
            "description_html": _string(description="Sanitised HTML."),
            "accessibility_notes": _string(),
            "category_label": _string(description="The category's name in the locale."),
            "timezone_label": _string(
                description="The task's time zone as a city name in the locale, like Kolkata."
            ),
            "custom_questions": _array(_ref("PublicCustomQuestion")),
        },
        description="An open task as visitors see it, in their locale or a fallback.",
    )


def _public_custom_question() -> Schema:
    return _object(
        {
            "id": _string(),
            "type": _enum(QUESTION_TYPES),
            "required": {"type": "boolean"},
            "label": _string(),
            "options": _array(_object({"value": _string(), "label": _string()})),
        },
        description="A custom question, its labels in the visitor's locale.",
    )


def _admin_task() -> Schema:
    return _object(
        {
            **_common_task_properties(),
            "status": _enum(_values(TaskStatus)),
            "default_locale": _enum(LOCALES),
            "taken": _integer(0, description="Slots held by sign-ups."),
            "translations": {
                "type": "object",
                "propertyNames": {"enum": list(LOCALES)},
                "additionalProperties": _ref("AdminTranslation"),
            },
            "custom_questions": _array(
                {"allOf": [_ref("CustomQuestion"), {"required": ["required", "options"]}]}
            ),
            "created_at": _datetime(),
            "updated_at": _datetime(),
        },
        description="A task with every field the organization manages.",
    )


def _admin_translation() -> Schema:
    return _object(
        {
            "title": _string(),
            "summary": _string(),
            "description": _string(description="Markdown as written."),
            "description_html": _string(description="Rendered and sanitised."),
            "accessibility_notes": _string(),
        }
    )


def _signup_input() -> Schema:
    return _object(
        {
            "name": _string(200, minLength=1, pattern=r"\S"),
            "email": _string(254, format="email"),
            "phone": _nullable(_string(40, description="With its country code; stored as E.164.")),
            "skills": _nullable(_array(_string(50), maxItems=20)),
            "availability": _nullable(_string(1000)),
            "timezone": _nullable(
                _string(
                    64,
                    description=(
                        "The volunteer's IANA time zone, like Asia/Kolkata (the browser's, "
                        "or one they chose); empty or null when not said."
                    ),
                )
            ),
            "availability_windows": _nullable(
                _array(
                    _ref("AvailabilityWindow"),
                    maxItems=5,
                    description="When the volunteer can help, in their own time zone.",
                )
            ),
            "message": _nullable(_string(5000)),
            "locale": _enum(LOCALES, description="Defaults to the request's locale."),
            "page_url": _nullable(
                _string(2048, description="The http(s) page the form was on; empty for none.")
            ),
            "consent": {
                "const": True,
                "description": "Agreement to the privacy notice; must be true.",
            },
            "answers": _nullable(
                {
                    "type": "object",
                    "description": (
                        "Answers keyed by custom question id: a boolean for checkbox "
                        "questions (true if required), else a string (at most 5000 "
                        "characters for textarea, 500 otherwise; a select's option value; "
                        "an http(s) URL for url)."
                    ),
                    "additionalProperties": {"type": ["string", "boolean", "null"]},
                }
            ),
        },
        required=["name", "email", "consent"],
        closed=True,
        description="A volunteer's sign-up for a task.",
    )


def _signup_receipt() -> Schema:
    return _object(
        {
            "id": _string(description="Public id, e.g. sgn_..."),
            "task_id": _string(),
            "status": _enum(_values(SignupStatus)),
            "holds_slot": {"type": "boolean"},
            "created_at": _datetime(),
            "respond_by": _nullable(
                _datetime(
                    description=(
                        "The organization's follow-up promise: the volunteer will hear from "
                        "it by this time. Null once nothing is promised (answered, or on "
                        "the waitlist)."
                    )
                )
            ),
        },
        description="What the volunteer's browser is told: no personal data.",
    )


def _admin_signup() -> Schema:
    return _object(
        {
            "id": _string(),
            "task_id": _string(),
            "status": _enum(_values(SignupStatus)),
            "holds_slot": {"type": "boolean"},
            "name": _string(),
            "email": _string(),
            "phone": _nullable(_string(description="E.164")),
            "skills": _array(_string()),
            "availability": _string(),
            "timezone": _nullable(_string(description="The volunteer's IANA time zone.")),
            "availability_windows": _array(_ref("AvailabilityWindow")),
            "message": _string(),
            "answers": {
                "type": "object",
                "additionalProperties": {"type": ["string", "boolean"]},
            },
            "consent": _object(
                {"version": _string(), "at": _datetime()},
                description="The consent text's version and when it was given.",
            ),
            "locale": _enum(LOCALES),
            "origin": _nullable(_string(description="The website the sign-up came from.")),
            "page_url": _nullable(_string()),
            "created_at": _datetime(),
            "updated_at": _datetime(),
            "status_changed_at": _datetime(),
            "hours_contributed": _nullable(
                {"type": "number", "description": "Recorded when the sign-up was completed."}
            ),
            "certificate_url": _nullable(
                _string(description="The public page verifying the certificate in force.")
            ),
            "first_response_at": _nullable(
                _datetime(
                    description=(
                        "The organization's first status change (its answer); null while "
                        "unanswered. Status expired: closed by the server, unanswered past "
                        "the organization's closing limit."
                    )
                )
            ),
        },
        description="A sign-up with the volunteer's details.",
    )


def _error_schema() -> Schema:
    return _object(
        {
            "error": _object(
                {
                    "code": _string(description="Stable, machine-readable."),
                    "message": _string(description="For people, in the request's locale."),
                    "fields": {
                        "type": "object",
                        "description": (
                            "For validation_failed: a message per bad field, keyed by its "
                            "name or dotted path (translations.en.title, answers.q1, body)."
                        ),
                        "additionalProperties": _string(),
                    },
                },
                required=["code", "message"],
            )
        }
    )


def _schemas() -> dict[str, Schema]:
    direction = _enum(["ltr", "rtl"])
    return {
        "Task": _public_task(),
        "PublicCustomQuestion": _public_custom_question(),
        "PublicTaskPage": _object(
            {
                "data": _array(_ref("Task")),
                "page": _integer(1, 10000),
                "per_page": _integer(1, 100),
                "total": _integer(0),
                "total_pages": _integer(0),
                "locale": _enum(LOCALES),
                "direction": direction,
                "organization": _object(
                    {
                        "name": _string(),
                        "slug": _string(),
                        "working_hours": _nullable(
                            _object(
                                {
                                    "days": _array(_integer(1, 7), description="1 is Monday."),
                                    "from": _string(5, description="HH:MM"),
                                    "to": _string(5, description="HH:MM; before from: overnight."),
                                    "timezone": _string(description="IANA time zone."),
                                    "timezone_label": _string(
                                        description="The zone's city in the request's language."
                                    ),
                                    "next": _object(
                                        {"start": _datetime(), "end": _datetime()},
                                        description="Today's or the next working day's hours.",
                                    ),
                                },
                                required=["days", "from", "to", "timezone"],
                                description=(
                                    "When the organization works, in its own time zone; null "
                                    "when it has not said."
                                ),
                            )
                        ),
                        "widget": _object(
                            {
                                "accent": _string(7, description="#rrggbb"),
                                "on_accent": _string(7, description="Text colour on accent."),
                                "theme": _enum(["light", "dark", "auto"]),
                                "layout": _enum(["list", "grid", "compact"]),
                                "locale": _enum(LOCALES),
                            },
                            required=[],
                            description=(
                                "The organization's widget defaults; a data- attribute on "
                                "the snippet wins over each."
                            ),
                        ),
                    }
                ),
            },
            description="One page of an organization's open tasks, newest first.",
        ),
        "PublicTaskDocument": _object(
            {"data": _ref("Task"), "locale": _enum(LOCALES), "direction": direction}
        ),
        "AdminTask": _admin_task(),
        "AdminTranslation": _admin_translation(),
        "AdminTaskDocument": _object({"data": _ref("AdminTask")}),
        "AdminTaskList": _object(
            {
                "data": _array(_ref("AdminTask")),
                "next_cursor": _nullable(_string(description="null on the last page")),
            },
            description="Tasks, newest first; pass next_cursor as cursor for the next page.",
        ),
        "TaskInput": _object(
            _task_input_properties(),
            required=["category", "hours_per_week", "commitment", "translations"],
            closed=True,
            description="A new task.",
        ),
        "TaskPatch": _object(
            _task_input_properties(),
            required=[],
            closed=True,
            description="The fields to change; the others keep their values.",
        ),
        "Translation": _translation(),
        "CustomQuestion": _custom_question(),
        "QuestionOption": _object(
            {"value": _string(60, minLength=1, pattern=r"\S"), "label": _localised_text()},
            closed=True,
        ),
        "SignupInput": _signup_input(),
        "AvailabilityWindow": _object(
            {
                "days": _array(
                    _integer(1, 7), minItems=1, maxItems=7, description="ISO weekdays, 1 is Monday."
                ),
                "from": _string(5, pattern=_CLOCK, description="Local start, HH:MM."),
                "to": _string(
                    5,
                    pattern=_CLOCK,
                    description="Local end, HH:MM; before from runs past midnight.",
                ),
            },
            closed=True,
            description="Days and a daily span in the volunteer's own time zone.",
        ),
        "SignupReceipt": _signup_receipt(),
        "SignupReceiptDocument": _object({"signup": _ref("SignupReceipt")}),
        "AdminSignup": _admin_signup(),
        "AdminSignupDocument": _object({"data": _ref("AdminSignup")}),
        "AdminSignupList": _object(
            {
                "data": _array(_ref("AdminSignup")),
                "next_cursor": _nullable(_string(description="null on the last page")),
            },
            description="Sign-ups, newest first; pass next_cursor as cursor for the next page.",
        ),
        "SignupStatusPatch": _object(
            {
                "status": _enum(ADMIN_STATUSES),
                "hours": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": MAX_HOURS,
                    "description": (
                        "Hours the volunteer contributed, rounded to the quarter hour: "
                        "required with status completed (and sent again with it to correct "
                        "them), ignored otherwise."
                    ),
                },
            },
            required=["status"],
            closed=True,
            description=(
                "Slot-holding statuses take a slot (409 task_full if none is free). "
                "Completing issues the volunteer's certificate of volunteering; leaving "
                "completed withdraws it."
            ),
        ),
        "Error": _error_schema(),
        "Health": _object({"status": _enum(["ok"])}),
        "Readiness": _object(
            {"status": _enum(["ok", "unavailable"]), "database": _enum(["ok", "unreachable"])}
        ),
    }


# --- shared responses and parameters ---------------------------------------------------------


def _responses() -> dict[str, Schema]:
    return {
        "PublicUnauthorized": _error(
            "invalid_key: the key is missing, malformed, revoked or expired; "
            "wrong_key_kind: a secret key was sent in ?key= (revoke it: it has leaked)."
        ),
        "PublicForbidden": _error(
            "origin_not_allowed: the request's Origin is not one of the organization's "
            "allowed origins."
        ),
        "AdminUnauthorized": _error(
            "invalid_key: no Bearer token, or it is malformed, revoked or expired; "
            "wrong_key_kind: a publishable key was sent."
        ),
        "AdminForbidden": _error(
            "secret_key_in_browser: the request has an Origin header; secret keys are "
            "for servers only."
        ),
        "InvalidJson": _error("invalid_json: the body is not UTF-8 JSON, or nests too deep."),
        "PayloadTooLarge": _error("payload_too_large: the body is larger than 64 KiB."),
        "UnsupportedMediaType": _error(
            "unsupported_media_type: the body must be sent as application/json."
        ),
        "InvalidQuery": _error(
            "validation_failed: error.fields names each bad query parameter "
            "(out_of_range, not_a_choice, too_long, invalid_characters, invalid_datetime, "
            "invalid_cursor)."
        ),
        "StorageFull": _error(
            "storage_full: the database has no room left to save the change; nothing was saved.",
            headers={"Retry-After": _header("Seconds to wait.", _integer(0), required=True)},
        ),
        "ServiceUnavailable": _error(
            "service_unavailable: the database is briefly unreachable.",
            headers={"Retry-After": _header("Seconds to wait.", _integer(0), required=True)},
        ),
    }


def _parameters() -> dict[str, Schema]:
    return {
        "Locale": _query(
            "locale",
            _string(),
            f"One of {', '.join(LOCALES)} (ar-EG counts as ar). Without it, or for another "
            "value, the organization's default language is used. Chooses the text of tasks and "
            "errors.",
        ),
        "TaskId": _path("task_id", "A task's public id."),
        "SignupId": _path("signup_id", "A sign-up's public id."),
        "Limit": _query("limit", _integer(1, 200, default=50), "Items per page."),
        "Cursor": _query(
            "cursor",
            _string(40, pattern="^[A-Za-z0-9_-]*$"),
            "next_cursor of the previous page.",
        ),
    }


# --- paths ------------------------------------------------------------------------------------


def _public_paths() -> dict[str, Schema]:
    auth_errors = {
        "401": _response_ref("PublicUnauthorized"),
        "403": _response_ref("PublicForbidden"),
    }
    unavailable = {
        "503": _response_ref("ServiceUnavailable"),
        "507": _response_ref("StorageFull"),
    }
    task_not_found = _error(
        "task_not_found: no such task, or it is not open (draft, paused, closed, archived, "
        "or past its apply_by date)."
    )
    cache_headers = {
        "ETag": _header("Changes when any of the organization's tasks changes.", required=True),
        "Cache-Control": _header("public, max-age=30 (configurable)."),
        "Vary": _header("Accept-Language, Origin."),
    }
    return {
        f"{PUBLIC}/tasks": {
            "get": _operation(
                "listPublicTasks",
                "List the organization's open tasks",
                "Public",
                {
                    "200": _ok("A page of open tasks.", _ref("PublicTaskPage"), cache_headers),
                    "304": {
                        "description": "Not modified: If-None-Match matched the ETag.",
                        "headers": cache_headers,
                    },
                    **auth_errors,
                    "422": _response_ref("InvalidQuery"),
                    **unavailable,
                },
                security=PUBLIC_SECURITY,
                description=(
                    "Open tasks whose apply_by date has not passed, newest first. Cacheable: "
                    "answers carry an ETag, and If-None-Match gets 304 until a task changes."
                ),
                parameters=[
                    _param_ref("Locale"),
                    _query("category", _enum(CATEGORIES), "Only this category."),
                    _query("skill", _string(50), "Only tasks asking for this skill."),
                    _query(
                        "q",
                        _string(200),
                        "Words to find in the text and skills "
                        "(Arabic matches regardless of diacritics and letter forms).",
                    ),
                    _query("max_hours", _integer(1, 80), "At most this many hours a week."),
                    _query("page", _integer(1, 10000, default=1), "Page number."),
                    _query("per_page", _integer(1, 100, default=20), "Tasks per page."),
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "description": "The ETag of a page the caller has.",
                        "schema": _string(),
                    },
                ],
            )
        },
        f"{PUBLIC}/tasks/{{task_id}}": {
            "get": _operation(
                "getPublicTask",
                "Get one open task",
                "Public",
                {
                    "200": _ok("The task.", _ref("PublicTaskDocument")),
                    **auth_errors,
                    "404": task_not_found,
                    **unavailable,
                },
                security=PUBLIC_SECURITY,
                parameters=[_param_ref("TaskId"), _param_ref("Locale")],
            )
        },
        f"{PUBLIC}/views": {
            "post": _operation(
                "countWidgetView",
                "Count one widget view",
                "Public",
                {
                    "204": {"description": "Counted (or ignored: no allowed Origin)."},
                    **auth_errors,
                    "429": _error("rate_limited: too many views from one client."),
                    **unavailable,
                },
                security=PUBLIC_SECURITY,
                description=(
                    "The widget's beacon, sent once per page view. Adds one to the counter "
                    "of the organization, the Origin header's site and the day; nothing "
                    "about the visitor is read or kept."
                ),
            )
        },
        f"{PUBLIC}/tasks/{{task_id}}/signups": {
            "post": _operation(
                "createSignup",
                "Sign a volunteer up for a task",
                "Public",
                {
                    "201": _ok(
                        "Signed up: status pending with a slot, or waitlisted when the task "
                        "is full and has a waitlist. An email already signed up for the task "
                        "gets the same answer, under an id that names no sign-up: nothing "
                        "about the existing sign-up is told, nothing of it changes, and its "
                        "owner is emailed instead.",
                        _ref("SignupReceiptDocument"),
                    ),
                    "400": _response_ref("InvalidJson"),
                    **auth_errors,
                    "404": task_not_found,
                    "409": _error(
                        "task_full: no slot is left and the task has no waitlist; "
                        "signup_conflict: concurrent requests collided, retry."
                    ),
                    "413": _response_ref("PayloadTooLarge"),
                    "415": _response_ref("UnsupportedMediaType"),
                    "422": _error(
                        "validation_failed: error.fields names each bad field (including "
                        "answers.<question id> and Idempotency-Key); idempotency_key_reused: "
                        "the Idempotency-Key was used for a different request; captcha_failed: "
                        "the operator's human check (CAPTCHA_CHECK) refused the request."
                    ),
                    **unavailable,
                },
                security=PUBLIC_SECURITY,
                description=(
                    "One sign-up per email and task: repeating it answers 200 with the "
                    "existing sign-up. A retry with the same Idempotency-Key and body gets "
                    "the first answer again (kept 24 hours)."
                ),
                parameters=[
                    _param_ref("TaskId"),
                    _param_ref("Locale"),
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "description": "Makes retries safe: printable, 1 to 255 characters.",
                        "schema": _string(MAX_KEY_LENGTH, minLength=1),
                    },
                ],
                request_body=_body(_ref("SignupInput"), "The volunteer's sign-up."),
            )
        },
    }


def _admin_paths() -> dict[str, Schema]:
    auth_errors = {
        "401": _response_ref("AdminUnauthorized"),
        "403": _response_ref("AdminForbidden"),
    }
    body_errors = {
        "400": _response_ref("InvalidJson"),
        "413": _response_ref("PayloadTooLarge"),
        "415": _response_ref("UnsupportedMediaType"),
    }
    unavailable = {
        "503": _response_ref("ServiceUnavailable"),
        "507": _response_ref("StorageFull"),
    }
    task_not_found = _error("task_not_found: the organization has no such task.")
    task_invalid = _error(
        "validation_failed: error.fields names each bad field (unknown_field for fields "
        "not listed; translations.<locale>.<field> and custom_questions.<n>.<field> for "
        "nested ones; below_taken when capacity is under the slots already taken)."
    )
    return {
        f"{ADMIN}/tasks": {
            "get": _operation(
                "listTasks",
                "List the organization's tasks",
                "Admin",
                {
                    "200": _ok("A page of tasks, newest first.", _ref("AdminTaskList")),
                    **auth_errors,
                    "422": _response_ref("InvalidQuery"),
                    **unavailable,
                },
                security=ADMIN_SECURITY,
                parameters=[
                    _query("status", _enum(_values(TaskStatus)), "Only tasks in this status."),
                    _param_ref("Limit"),
                    _param_ref("Cursor"),
                ],
            ),
            "post": _operation(
                "createTask",
                "Create a task",
                "Admin",
                {
                    "201": _ok("Created.", _ref("AdminTaskDocument")),
                    **body_errors,
                    **auth_errors,
                    "422": task_invalid,
                    **unavailable,
                },
                security=ADMIN_SECURITY,
                request_body=_body(_ref("TaskInput"), "The new task."),
            ),
        },
        f"{ADMIN}/tasks/{{task_id}}": {
            "parameters": [_param_ref("TaskId")],
            "get": _operation(
                "getTask",
                "Get a task",
                "Admin",
                {
                    "200": _ok("The task.", _ref("AdminTaskDocument")),
                    **auth_errors,
                    "404": task_not_found,
                    **unavailable,
                },
                security=ADMIN_SECURITY,
            ),
            "patch": _operation(
                "updateTask",
                "Change some of a task's fields",
                "Admin",
                {
                    "200": _ok("The changed task.", _ref("AdminTaskDocument")),
                    **body_errors,
                    **auth_errors,
                    "404": task_not_found,
                    "422": task_invalid,
                    **unavailable,
                },
                security=ADMIN_SECURITY,
                request_body=_body(_ref("TaskPatch"), "The fields to change."),
            ),
            "delete": _operation(
                "deleteTask",
                "Delete a task nobody signed up for",
                "Admin",
                {
                    "204": {"description": "Deleted."},
                    **auth_errors,
                    "404": task_not_found,
                    "409": _error("task_has_signups: archive the task instead."),
                    **unavailable,
                },
                security=ADMIN_SECURITY,
            ),
        },
        f"{ADMIN}/signups": {
            "get": _operation(
                "listSignups",
                "List sign-ups",
                "Admin",
                {
                    "200": _ok("A page of sign-ups, newest first.", _ref("AdminSignupList")),
                    **auth_errors,
                    "404": _error("task_not_found: the task filter names no task."),
                    "422": _response_ref("InvalidQuery"),
                    **unavailable,
                },
                security=ADMIN_SECURITY,
                parameters=[
                    _query("task", _string(40), "Only sign-ups for this task (public id)."),
                    _query("status", _enum(_values(SignupStatus)), "Only this status."),
                    _query(
                        "since",
                        _datetime(),
                        "Only sign-ups created at or after this time, with a UTC offset "
                        "(encode + as %2B; a + that arrives as a space is read as +).",
                    ),
                    _param_ref("Limit"),
                    _param_ref("Cursor"),
                ],
            )
        },
        f"{ADMIN}/signups/{{signup_id}}": {
            "patch": _operation(
                "updateSignupStatus",
                "Change a sign-up's status",
                "Admin",
                {
                    "200": _ok("The changed sign-up.", _ref("AdminSignupDocument")),
                    **body_errors,
                    **auth_errors,
                    "404": _error("signup_not_found: the organization has no such sign-up."),
                    "409": _error("task_full: the new status needs a slot and none is left."),
                    "422": _error(
                        "validation_failed: status is missing or not a choice, or hours are "
                        "missing for completed or out of range."
                    ),
                    **unavailable,
                },
                security=ADMIN_SECURITY,
                description=(
                    "pending, confirmed, accepted and completed hold one of the task's "
                    "slots; moving into them takes one, moving out gives it back."
                ),
                parameters=[_param_ref("SignupId")],
                request_body=_body(_ref("SignupStatusPatch"), "The new status."),
            )
        },
        f"{ADMIN}/signups/export.csv": {
            "get": _operation(
                "exportSignups",
                "Export every sign-up as CSV",
                "Admin",
                {
                    "200": {
                        "description": (
                            "UTF-8 with a byte order mark; cells a spreadsheet would run "
                            "as formulas start with an apostrophe."
                        ),
                        "headers": {
                            "Content-Disposition": _header(
                                'attachment; filename="<slug>-signups.csv"', required=True
                            )
                        },
                        "content": {"text/csv": {"schema": _string()}},
                    },
                    **auth_errors,
                    **unavailable,
                },
                security=ADMIN_SECURITY,
            )
        },
    }


def _operations_paths() -> dict[str, Schema]:
    return {
        "/healthz": {
            "get": _operation(
                "healthz",
                "The process is up",
                "Operations",
                {"200": _ok("Up (no dependency is checked).", _ref("Health"))},
                security=NO_SECURITY,
            )
        },
        "/readyz": {
            "get": _operation(
                "readyz",
                "The database answers",
                "Operations",
                {
                    "200": _ok("Ready.", _ref("Readiness")),
                    "503": _ok("The database is unreachable.", _ref("Readiness")),
                },
                security=NO_SECURITY,
            )
        },
        f"{ADMIN}/openapi.json": {
            "get": _operation(
                "openapi",
                "This document",
                "Operations",
                {"200": _ok("The OpenAPI 3.1 document.", {"type": "object"})},
                security=NO_SECURITY,
            )
        },
    }


def _build() -> dict[str, Any]:
    # Imported here: that module builds its part with this one's helpers.
    from widget_server.api import openapi_privacy

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Volunteer Widget Server API",
            "version": "1.0.0",
            "description": (
                "Remote volunteer tasks and sign-ups. The public API takes an organization's "
                "publishable key in ?key= and may be called from its allowed origins; the "
                "admin API takes its secret key as a Bearer token, from servers only, and its "
                "answers carry Cache-Control: no-store. "
                'Errors are {"error": {"code", "message", "fields"}}. '
                "Query parameters the API does not know are ignored (cache busters, campaign "
                "tags); an empty free-text parameter (q=) counts as absent, while an empty "
                "number, choice or date-time (page=, category=) is refused with 422."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "Public", "description": "For partner websites (publishable key)."},
            {"name": "Admin", "description": "For an organization's servers (secret key)."},
            {"name": "Operations", "description": "Health checks and this document."},
        ],
        "paths": {
            **_public_paths(),
            **_admin_paths(),
            **openapi_privacy.paths(),
            **_operations_paths(),
        },
        "components": {
            "securitySchemes": {
                "publishableKey": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "key",
                    "description": "A publishable key, vw_pk_...; safe in web pages.",
                },
                "secretKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A secret key, vw_sk_...; never from a browser.",
                },
            },
            "schemas": {**_schemas(), **openapi_privacy.schemas()},
            "responses": _responses(),
            "parameters": _parameters(),
        },
    }


_DOCUMENT = _build()


def openapi_document() -> dict[str, Any]:
    """The document (a copy: callers may change it freely)."""
    return copy.deepcopy(_DOCUMENT)


@bp.get("/openapi.json")
def document() -> Response:
    response = jsonify(openapi_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
