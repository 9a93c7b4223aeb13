"""The OpenAPI document's shared parts: its info, security, shared answers and parameters.

An answer is "#Name" (a shared response below), "error text" (the one error shape; the
text lists its codes), (text, model) for a body, or a response object as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from widget_server.locales import LOCALES

# "#Name", "error text", (text, model) or (text, model, more of the response), or as it stands.
Answer = (
    str | tuple[str, type[BaseModel]] | tuple[str, type[BaseModel], dict[str, Any]] | dict[str, Any]
)


@dataclass(frozen=True)
class Operation:
    id: str
    summary: str
    tag: str
    answers: dict[str, Answer]
    description: str = ""
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    body_text: str = ""
    body_required: bool = True
    parameters: list[dict[str, Any]] = field(default_factory=list)


INFO = {
    "title": "Volunteer Widget Server API",
    "version": "1.0.0",
    "description": (
        "Remote volunteer tasks and sign-ups. The public API takes an organization's "
        "publishable key in ?key= and may be called from its allowed origins; the admin API "
        "takes its secret key as a Bearer token, from servers only, and its answers carry "
        'Cache-Control: no-store. Errors are {"error": {"code", "message", "fields"}}. '
        "Query parameters the API does not know are ignored (cache busters, campaign tags); "
        "an empty free-text parameter (q=) counts as absent, while an empty number, choice "
        "or date-time (page=, category=) is refused with 422."
    ),
}
TAGS = [
    {"name": "Public", "description": "For partner websites (publishable key)."},
    {"name": "Admin", "description": "For an organization's servers (secret key)."},
    {"name": "Operations", "description": "Health checks and this document."},
]
SECURITY_SCHEMES = {
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
}
SECURITY: dict[str, list[dict[str, list[str]]]] = {
    "Public": [{"publishableKey": []}],
    "Admin": [{"secretKey": []}],
    "Operations": [],
}
# The shared answers: the one error shape, each with the text that lists its codes.
SHARED_RESPONSES: dict[str, str] = {
    "PublicUnauthorized": "invalid_key: the key is missing, malformed, revoked or expired; "
    "wrong_key_kind: a secret key was sent in ?key= (revoke it: it has leaked).",
    "PublicForbidden": "origin_not_allowed: the request's Origin is not one of the "
    "organization's allowed origins.",
    "AdminUnauthorized": "invalid_key: no Bearer token, or it is malformed, revoked or "
    "expired; wrong_key_kind: a publishable key was sent.",
    "AdminForbidden": "secret_key_in_browser: the request has an Origin header; secret keys "
    "are for servers only.",
    "InvalidJson": "invalid_json: the body is not UTF-8 JSON, or nests too deep.",
    "PayloadTooLarge": "payload_too_large: the body is larger than 64 KiB.",
    "UnsupportedMediaType": "unsupported_media_type: the body must be sent as application/json.",
    "InvalidQuery": "validation_failed: error.fields names each bad query parameter "
    "(out_of_range, not_a_choice, too_long, invalid_characters, invalid_datetime, "
    "invalid_cursor).",
    "StorageFull": "storage_full: the database has no room left to save the change; nothing "
    "was saved.",
    "ServiceUnavailable": "service_unavailable: the database is briefly unreachable.",
}
# Answers that come back by themselves say when to try again.
RETRY_AFTER = ("StorageFull", "ServiceUnavailable")
# What an operation answers when the id in its path names nothing (it may say more).
NOT_FOUND = {
    ("Public", "task_id"): "task_not_found: no such task, or it is not open (draft, paused, "
    "closed, archived, or past its apply_by date).",
    ("Admin", "task_id"): "task_not_found: the organization has no such task.",
    ("Admin", "signup_id"): "signup_not_found: the organization has no such sign-up.",
    ("Admin", "endpoint_id"): "endpoint_not_found: the organization has no such endpoint.",
}
_DOWN: dict[str, Answer] = {"503": "#ServiceUnavailable", "507": "#StorageFull"}
AUDIENCE_ANSWERS: dict[str, dict[str, Answer]] = {
    "Public": {"401": "#PublicUnauthorized", "403": "#PublicForbidden", **_DOWN},
    "Admin": {"401": "#AdminUnauthorized", "403": "#AdminForbidden", **_DOWN},
}
BODY_ANSWERS: dict[str, Answer] = {
    "400": "#InvalidJson",
    "413": "#PayloadTooLarge",
    "415": "#UnsupportedMediaType",
}


def parameter(
    where: str, name: str, description: str, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


PATH_PARAMETERS = {
    "task_id": parameter("path", "task_id", "A task's public id."),
    "signup_id": parameter("path", "signup_id", "A sign-up's public id."),
    "endpoint_id": parameter("path", "endpoint_id", "An endpoint's public id."),
    "locale": parameter(
        "path", "locale", "The notice's language.", {"type": "string", "enum": list(LOCALES)}
    ),
}
LOCALE = parameter(
    "query",
    "locale",
    f"One of {', '.join(LOCALES)} (ar-EG counts as ar). Without it, or for another value, the "
    "organization's default language is used. Chooses the text of tasks and errors.",
)
