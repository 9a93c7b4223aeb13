"""The webhook and privacy parts of the OpenAPI document (merged in by api/openapi.py)."""

from __future__ import annotations

from widget_server.api.openapi import (
    ADMIN,
    ADMIN_SECURITY,
    Schema,
    _array,
    _body,
    _datetime,
    _enum,
    _error,
    _integer,
    _nullable,
    _object,
    _ok,
    _operation,
    _param_ref,
    _path,
    _ref,
    _response_ref,
    _string,
)
from widget_server.api.privacy_api import MAX_RETENTION_DAYS
from widget_server.locales import LOCALES
from widget_server.services.hooks.webhook_events import EVENT_TYPES, TEST_EVENT
from widget_server.services.hooks.webhooks import MAX_ENDPOINTS, MAX_GRACE_HOURS
from widget_server.services.personal_data.consent import MAX_TEXT_LENGTH

_AUTH = {"401": _response_ref("AdminUnauthorized"), "403": _response_ref("AdminForbidden")}
_BODY = {
    "400": _response_ref("InvalidJson"),
    "413": _response_ref("PayloadTooLarge"),
    "415": _response_ref("UnsupportedMediaType"),
}
_DOWN = {"503": _response_ref("ServiceUnavailable")}
_NOT_FOUND = {"404": _error("endpoint_not_found: the organization has no such endpoint.")}


def schemas() -> dict[str, Schema]:
    event_types = _array(_enum(EVENT_TYPES), minItems=1, uniqueItems=True)
    endpoint_fields = {
        "url": _string(
            2048,
            format="uri",
            description="http(s); must resolve to public addresses (url_not_public otherwise).",
        ),
        "description": _nullable(_string(200)),
        "enabled": {"type": "boolean", "description": "Defaults to true."},
        "event_types": {**event_types, "description": "Defaults to every event type."},
    }
    return {
        "WebhookEndpoint": _object(
            {
                "id": _string(description="Public id, e.g. whe_..."),
                "url": _string(),
                "description": _string(),
                "enabled": {"type": "boolean"},
                "event_types": _array(_enum(EVENT_TYPES)),
                "secret_hint": _string(description="The first characters of the secret."),
                "previous_secret_expires_at": _nullable(
                    _datetime(description="Until then the previous secret signs too.")
                ),
                "created_at": _datetime(),
                "updated_at": _datetime(),
            },
            description="Where an organization's events are POSTed, signed (Standard Webhooks).",
        ),
        "WebhookEndpointInput": _object(
            endpoint_fields, required=["url"], closed=True, description="A new endpoint."
        ),
        "WebhookEndpointPatch": _object(
            endpoint_fields, required=[], closed=True, description="The fields to change."
        ),
        "WebhookEndpointDocument": _object({"data": _ref("WebhookEndpoint")}),
        "WebhookEndpointList": _object({"data": _array(_ref("WebhookEndpoint"))}),
        "WebhookEndpointWithSecret": _object(
            {
                "data": _ref("WebhookEndpoint"),
                "secret": _string(
                    pattern="^whsec_[A-Za-z0-9+/]+={0,2}$",
                    description="whsec_ and base64 of 32 random bytes: shown only this once.",
                ),
            }
        ),
        "SecretRotation": _object(
            {
                "grace_hours": _integer(
                    0,
                    MAX_GRACE_HOURS,
                    description="How long the old secret keeps signing too (default 24).",
                )
            },
            required=[],
            closed=True,
        ),
        "WebhookDelivery": _object(
            {
                "message_id": _string(description="The webhook-id header; the same on retries."),
                "event_type": _enum([*EVENT_TYPES, TEST_EVENT]),
                "subject_id": _nullable(_string(description="The sign-up or task concerned.")),
                "attempted_at": _datetime(),
                "status_code": _nullable(_integer(description="null when no answer came.")),
                "duration_ms": _integer(0),
                "succeeded": {"type": "boolean", "description": "A 2xx answer."},
                "error": _nullable(_string(description="timed out, HTTP 500, ...")),
            },
            description="One delivery attempt.",
        ),
        "WebhookDeliveryDocument": _object({"data": _ref("WebhookDelivery")}),
        "WebhookDeliveryList": _object(
            {
                "data": _array(_ref("WebhookDelivery")),
                "next_cursor": _nullable(_string(description="null on the last page")),
            }
        ),
        "PersonEmail": _object(
            {"email": _string(254, description="The volunteer's email address.")},
            closed=True,
        ),
        "PersonExport": _object(
            {
                "data": {
                    "type": "object",
                    "description": "Sign-ups, alert subscriptions, messages and deliveries.",
                }
            }
        ),
        "PersonErasure": _object(
            {
                "data": _object(
                    {
                        name: _integer(0)
                        for name in (
                            "signups",
                            "outbox_messages",
                            "webhook_deliveries",
                            "idempotency_records",
                            "alert_subscriptions",
                        )
                    },
                    description="Rows removed, by kind.",
                )
            }
        ),
        "PrivacySettings": _object(
            {"data": _object({"retention_days": _integer(1, MAX_RETENTION_DAYS)})}
        ),
        "PrivacySettingsPatch": _object(
            {"retention_days": _integer(1, MAX_RETENTION_DAYS)}, required=[], closed=True
        ),
        "ConsentText": _object(
            {
                "locale": _enum(LOCALES),
                "version": _string(description="sha256: and 16 hex digits of the text."),
                "text": _string(),
                "created_at": _datetime(),
                "activated_at": _datetime(description="The latest activation is current."),
            }
        ),
        "ConsentTextInput": _object(
            {"text": _string(MAX_TEXT_LENGTH, minLength=1, pattern=r"\S")}, closed=True
        ),
        "ConsentTextDocument": _object({"data": _ref("ConsentText")}),
        "ConsentTextList": _object(
            {
                "data": _array(_ref("ConsentText")),
                "builtin_version": _string(
                    description="Recorded on sign-ups while a locale has no text of its own."
                ),
            }
        ),
    }


def _admin(operation_id: str, summary: str, responses: dict[str, Schema], **kw: object) -> Schema:
    return _operation(
        operation_id,
        summary,
        "Admin",
        {**responses, **_AUTH, **_DOWN},
        security=ADMIN_SECURITY,
        **kw,  # type: ignore[arg-type]
    )


def paths() -> dict[str, Schema]:
    endpoint_path = f"{ADMIN}/webhooks/endpoints/{{endpoint_id}}"
    endpoint_id = [_path("endpoint_id", "An endpoint's public id.")]
    invalid = _error(
        "validation_failed: error.fields names each bad field (url_not_public for an "
        "address that is loopback, private or does not resolve)."
    )
    return {
        f"{ADMIN}/webhooks/endpoints": {
            "get": _admin(
                "listWebhookEndpoints",
                "List webhook endpoints",
                {"200": _ok("The endpoints.", _ref("WebhookEndpointList"))},
            ),
            "post": _admin(
                "createWebhookEndpoint",
                "Add a webhook endpoint",
                {
                    "201": _ok(
                        "Created; the secret is shown once.", _ref("WebhookEndpointWithSecret")
                    ),
                    **_BODY,
                    "409": _error(f"too_many_endpoints: at most {MAX_ENDPOINTS}."),
                    "422": invalid,
                },
                request_body=_body(_ref("WebhookEndpointInput"), "The endpoint."),
            ),
        },
        endpoint_path: {
            "parameters": endpoint_id,
            "get": _admin(
                "getWebhookEndpoint",
                "Get a webhook endpoint",
                {"200": _ok("The endpoint.", _ref("WebhookEndpointDocument")), **_NOT_FOUND},
            ),
            "patch": _admin(
                "updateWebhookEndpoint",
                "Change a webhook endpoint",
                {
                    "200": _ok("The changed endpoint.", _ref("WebhookEndpointDocument")),
                    **_BODY,
                    **_NOT_FOUND,
                    "422": invalid,
                },
                request_body=_body(_ref("WebhookEndpointPatch"), "The fields to change."),
            ),
            "delete": _admin(
                "deleteWebhookEndpoint",
                "Delete a webhook endpoint and its delivery log",
                {"204": {"description": "Deleted."}, **_NOT_FOUND},
            ),
        },
        f"{endpoint_path}/rotate-secret": {
            "parameters": endpoint_id,
            "post": _admin(
                "rotateWebhookSecret",
                "Give an endpoint a new secret",
                {
                    "200": _ok(
                        "The new secret, shown once; deliveries carry a signature with each "
                        "secret until the grace period ends.",
                        _ref("WebhookEndpointWithSecret"),
                    ),
                    **_BODY,
                    **_NOT_FOUND,
                    "422": _error("validation_failed: grace_hours is out of range."),
                },
                request_body={**_body(_ref("SecretRotation"), "Optional."), "required": False},
            ),
        },
        f"{endpoint_path}/test": {
            "parameters": endpoint_id,
            "post": _admin(
                "sendWebhookTestEvent",
                "Send a webhook.test event now",
                {
                    "200": _ok(
                        "The attempt, delivered or not (see succeeded).",
                        _ref("WebhookDeliveryDocument"),
                    ),
                    **_NOT_FOUND,
                },
            ),
        },
        f"{endpoint_path}/deliveries": {
            "parameters": endpoint_id,
            "get": _admin(
                "listWebhookDeliveries",
                "The endpoint's delivery log",
                {
                    "200": _ok("Attempts, newest first.", _ref("WebhookDeliveryList")),
                    **_NOT_FOUND,
                    "422": _response_ref("InvalidQuery"),
                },
                parameters=[_param_ref("Limit"), _param_ref("Cursor")],
            ),
        },
        **_privacy_paths(),
    }


def _privacy_paths() -> dict[str, Schema]:
    person = _body(_ref("PersonEmail"), "Whose data.")
    bad_email = _error("validation_failed: email is missing or not an address.")
    return {
        f"{ADMIN}/privacy/export": {
            "post": _admin(
                "exportPerson",
                "Everything held about one email",
                {"200": _ok("As JSON.", _ref("PersonExport")), **_BODY, "422": bad_email},
                request_body=person,
            )
        },
        f"{ADMIN}/privacy/erase": {
            "post": _admin(
                "erasePerson",
                "Erase everything held about one email",
                {"200": _ok("What was removed.", _ref("PersonErasure")), **_BODY, "422": bad_email},
                request_body=person,
                description=(
                    "Sign-ups, their queued and sent messages, webhook delivery logs and "
                    "stored Idempotency-Key answers. Subscribed endpoints get "
                    'signup.withdrawn with reason "erased".'
                ),
            )
        },
        f"{ADMIN}/privacy/settings": {
            "get": _admin(
                "getPrivacySettings",
                "The retention period",
                {"200": _ok("Settings.", _ref("PrivacySettings"))},
            ),
            "patch": _admin(
                "updatePrivacySettings",
                "Change the retention period",
                {
                    "200": _ok("Settings.", _ref("PrivacySettings")),
                    **_BODY,
                    "422": _error("validation_failed: retention_days is out of range."),
                },
                request_body=_body(_ref("PrivacySettingsPatch"), "The new period in days."),
            ),
        },
        f"{ADMIN}/privacy/consent-texts": {
            "get": _admin(
                "listConsentTexts",
                "Every consent text version",
                {"200": _ok("Versions, current first per locale.", _ref("ConsentTextList"))},
            )
        },
        f"{ADMIN}/privacy/consent-texts/{{locale}}": {
            "parameters": [{**_path("locale", "The notice's language."), "schema": _enum(LOCALES)}],
            "put": _admin(
                "setConsentText",
                "Set the consent text shown in a locale",
                {
                    "200": _ok("The text, now current.", _ref("ConsentTextDocument")),
                    **_BODY,
                    "422": _error("validation_failed: text is missing or too long, or locale."),
                },
                request_body=_body(_ref("ConsentTextInput"), "The text."),
            ),
        },
    }
