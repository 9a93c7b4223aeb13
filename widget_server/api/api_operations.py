"""Each operation of the JSON API as the OpenAPI document tells it: its text and answers.

Bodies and query parameters are the input models named here; authentication, body, query
and unknown-id (404) errors are added by audience and by what an operation reads
(openapi_shared).
"""

from __future__ import annotations

from widget_server.api import privacy_api as privacy
from widget_server.api import response_models as out
from widget_server.api import webhooks_api as hooks
from widget_server.api.openapi_shared import Operation, parameter
from widget_server.api.request_models import (
    ConversationQuery,
    MessageBatchInput,
    MessageInput,
    MessageQuery,
    PageQuery,
    PersonEmail,
    PrivacySettingsPatch,
    PublicTaskQuery,
    SecretRotation,
    SignupQuery,
    SignupStatusPatch,
    TaskQuery,
)
from widget_server.api.response_models import Document, Page
from widget_server.services.catalog.task_input import TaskInput, TaskPatch
from widget_server.services.hooks.webhooks import (
    MAX_ENDPOINTS,
    WebhookEndpointInput,
    WebhookEndpointPatch,
)
from widget_server.services.inputs.idempotency import MAX_KEY_LENGTH
from widget_server.services.messaging.recipients import MAX_RECIPIENTS
from widget_server.services.messaging.sending import HOURLY_RECIPIENTS, HOURLY_SENDS
from widget_server.services.personal_data.consent import ConsentTextInput
from widget_server.services.volunteering.signup_input import SignupInput

PUBLIC, ADMIN = "/api/v1/public", "/api/v1"
LOCALE = {"$ref": "#/components/parameters/Locale"}
_CACHE_HEADERS = {
    name: {"description": text, "required": name == "ETag", "schema": {"type": "string"}}
    for name, text in [
        ("ETag", "Changes when any of the organization's tasks changes."),
        ("Cache-Control", "public, max-age=30 (configurable)."),
        ("Vary", "Accept-Language, Origin."),
    ]
}
_TASK_INVALID = (
    "validation_failed: error.fields names each bad field (unknown_field for fields not "
    "listed; translations.<locale>.<field> and custom_questions.<n>.<field> for nested "
    "ones; below_taken when capacity is under the slots already taken)."
)
_ENDPOINT_INVALID = (
    "validation_failed: error.fields names each bad field (url_not_public for an address "
    "that is loopback, private or does not resolve)."
)
_BAD_EMAIL = "validation_failed: email is missing or not an address."
_ENDPOINT = f"{ADMIN}/webhooks/endpoints/{{endpoint_id}}"
_MESSAGES_PAGE = (
    "Oldest first; next_cursor is the last message's position (null on the last page): "
    "pass it later to get only the messages that came since."
)
_SENT = (
    "Stored and queued: one message and one email per volunteer, delivered by the outbox "
    "(the answer never waits for delivery). Subscribed endpoints get message.sent for each."
)
_MESSAGE_RATE = (
    f"messages_rate_limited: the organization wrote to {HOURLY_RECIPIENTS} volunteers or "
    f"sent {HOURLY_SENDS} messages in the last hour; nothing was sent."
)
_MESSAGE_INVALID = (
    "validation_failed: body is empty, longer than 5000 characters or holds control "
    "characters; recipients: no_recipients when no one named may be written to (pending, "
    "withdrawn or expired sign-ups are left out)"
)
_CSV = {
    "description": (
        "UTF-8 with a byte order mark; cells a spreadsheet would run as formulas start with "
        "an apostrophe."
    ),
    "headers": {
        "Content-Disposition": {
            "description": 'attachment; filename="<slug>-signups.csv"',
            "required": True,
            "schema": {"type": "string"},
        }
    },
    "content": {"text/csv": {"schema": {"type": "string"}}},
}

OPERATIONS: list[tuple[str, str, Operation]] = [
    ("get", f"{PUBLIC}/tasks", Operation(
        "listPublicTasks", "List the organization's open tasks", "Public",
        {
            "200": ("A page of open tasks.", out.PublicTaskPage, {"headers": _CACHE_HEADERS}),
            "304": {"description": "Not modified: If-None-Match matched the ETag.",
                    "headers": _CACHE_HEADERS},
        },
        description=(
            "Open tasks whose apply_by date has not passed, newest first. Cacheable: answers "
            "carry an ETag, and If-None-Match gets 304 until a task changes."
        ),
        query=PublicTaskQuery,
        parameters=[
            LOCALE, parameter("header", "If-None-Match", "The ETag of a page the caller has.")
        ],
    )),
    ("get", f"{PUBLIC}/tasks/{{task_id}}", Operation(
        "getPublicTask", "Get one open task", "Public",
        {"200": ("The task.", out.PublicTaskDocument)},
        parameters=[LOCALE],
    )),
    ("post", f"{PUBLIC}/views", Operation(
        "countWidgetView", "Count one widget view", "Public",
        {
            "204": {"description": "Counted (or ignored: no allowed Origin)."},
            "429": "rate_limited: too many views from one client.",
        },
        description=(
            "The widget's beacon, sent once per page view. Adds one to the counter of the "
            "organization, the Origin header's site and the day; nothing about the visitor "
            "is read or kept."
        ),
    )),
    ("post", f"{PUBLIC}/tasks/{{task_id}}/signups", Operation(
        "createSignup", "Sign a volunteer up for a task", "Public",
        {
            "201": (
                "Signed up: status pending with a slot, or waitlisted when the task is full "
                "and has a waitlist. An email already signed up for the task gets the same "
                "answer, under an id that names no sign-up: nothing about the existing "
                "sign-up is told, nothing of it changes, and its owner is emailed instead.",
                out.SignupReceiptDocument,
            ),
            "409": "task_full: no slot is left and the task has no waitlist; "
                   "signup_conflict: concurrent requests collided, retry.",
            "422": "validation_failed: error.fields names each bad field (including "
                   "answers.<question id> and Idempotency-Key); idempotency_key_reused: the "
                   "Idempotency-Key was used for a different request; captcha_failed: the "
                   "operator's human check (CAPTCHA_CHECK) refused the request.",
        },
        description=(
            "One sign-up per email and task: repeating it answers 200 with the existing "
            "sign-up. A retry with the same Idempotency-Key and body gets the first answer "
            "again (kept 24 hours)."
        ),
        body=SignupInput, body_text="The volunteer's sign-up.",
        parameters=[LOCALE, parameter(
            "header", "Idempotency-Key", "Makes retries safe: printable, 1 to 255 characters.",
            {"type": "string", "maxLength": MAX_KEY_LENGTH, "minLength": 1},
        )],
    )),
    ("get", f"{ADMIN}/tasks", Operation(
        "listTasks", "List the organization's tasks", "Admin",
        {"200": ("A page of tasks, newest first.", Page[out.AdminTask])}, query=TaskQuery,
    )),
    ("post", f"{ADMIN}/tasks", Operation(
        "createTask", "Create a task", "Admin",
        {"201": ("Created.", Document[out.AdminTask]), "422": _TASK_INVALID},
        body=TaskInput, body_text="The new task.",
    )),
    ("get", f"{ADMIN}/tasks/{{task_id}}", Operation(
        "getTask", "Get a task", "Admin",
        {"200": ("The task.", Document[out.AdminTask])},
    )),
    ("patch", f"{ADMIN}/tasks/{{task_id}}", Operation(
        "updateTask", "Change some of a task's fields", "Admin",
        {"200": ("The changed task.", Document[out.AdminTask]), "422": _TASK_INVALID},
        body=TaskPatch, body_text="The fields to change.",
    )),
    ("delete", f"{ADMIN}/tasks/{{task_id}}", Operation(
        "deleteTask", "Delete a task nobody signed up for", "Admin",
        {"204": {"description": "Deleted."},
         "409": "task_has_signups: archive the task instead."},
    )),
    ("get", f"{ADMIN}/signups", Operation(
        "listSignups", "List sign-ups", "Admin",
        {"200": ("A page of sign-ups, newest first.", Page[out.AdminSignup]),
         "404": "task_not_found: the task filter names no task."},
        query=SignupQuery,
    )),
    ("patch", f"{ADMIN}/signups/{{signup_id}}", Operation(
        "updateSignupStatus", "Change a sign-up's status", "Admin",
        {
            "200": ("The changed sign-up.", Document[out.AdminSignup]),
            "409": "task_full: the new status needs a slot and none is left.",
            "422": "validation_failed: status is missing or not a choice, or hours are "
                   "missing for completed or out of range.",
        },
        description=(
            "pending, confirmed, accepted and completed hold one of the task's slots; moving "
            "into them takes one, moving out gives it back."
        ),
        body=SignupStatusPatch, body_text="The new status.",
    )),
    ("get", f"{ADMIN}/signups/{{signup_id}}/messages", Operation(
        "listConversation", "A sign-up's conversation", "Admin",
        {"200": ("A page of the sign-up's messages.", Page[out.Message])},
        description=_MESSAGES_PAGE, query=ConversationQuery,
    )),
    ("post", f"{ADMIN}/signups/{{signup_id}}/messages", Operation(
        "sendMessage", "Write to one volunteer", "Admin",
        {"201": ("The stored message.", out.SentMessages), "422": f"{_MESSAGE_INVALID}.",
         "429": _MESSAGE_RATE},
        description=f"{_SENT} The email has no Reply-To: the volunteer answers from its link.",
        body=MessageInput, body_text="The message.",
    )),
    ("get", f"{ADMIN}/messages", Operation(
        "listMessages", "The organization's messages", "Admin",
        {"200": ("A page of messages.", Page[out.Message]),
         "404": "signup_not_found: the signup filter names no sign-up of the organization."},
        description=_MESSAGES_PAGE, query=MessageQuery,
    )),
    ("post", f"{ADMIN}/messages", Operation(
        "sendMessages", "Write to a set of volunteers", "Admin",
        {
            "201": ("The stored messages, one per volunteer.", out.SentMessages),
            "404": "signup_not_found: a sign-up named is not the organization's (nothing is "
                   "sent); task_not_found: the organization has no such task.",
            "422": f"{_MESSAGE_INVALID}, recipients_one_way when both or neither of "
                   f"signup_ids and task are given, too_many above {MAX_RECIPIENTS}; "
                   "statuses: required with task, or not a choice.",
            "429": _MESSAGE_RATE,
        },
        description=_SENT,
        body=MessageBatchInput, body_text="The message and who gets it.",
    )),
    ("get", f"{ADMIN}/signups/export.csv", Operation(
        "exportSignups", "Export every sign-up as CSV", "Admin", {"200": _CSV},
    )),
    ("get", f"{ADMIN}/webhooks/endpoints", Operation(
        "listWebhookEndpoints", "List webhook endpoints", "Admin",
        {"200": ("The endpoints.", hooks.WebhookEndpointList)},
    )),
    ("post", f"{ADMIN}/webhooks/endpoints", Operation(
        "createWebhookEndpoint", "Add a webhook endpoint", "Admin",
        {"201": ("Created; the secret is shown once.", hooks.WebhookEndpointWithSecret),
         "409": f"too_many_endpoints: at most {MAX_ENDPOINTS}.", "422": _ENDPOINT_INVALID},
        body=WebhookEndpointInput, body_text="The endpoint.",
    )),
    ("get", _ENDPOINT, Operation(
        "getWebhookEndpoint", "Get a webhook endpoint", "Admin",
        {"200": ("The endpoint.", Document[hooks.WebhookEndpoint])},
    )),
    ("patch", _ENDPOINT, Operation(
        "updateWebhookEndpoint", "Change a webhook endpoint", "Admin",
        {"200": ("The changed endpoint.", Document[hooks.WebhookEndpoint]),
         "422": _ENDPOINT_INVALID},
        body=WebhookEndpointPatch, body_text="The fields to change.",
    )),
    ("delete", _ENDPOINT, Operation(
        "deleteWebhookEndpoint", "Delete a webhook endpoint and its delivery log", "Admin",
        {"204": {"description": "Deleted."}},
    )),
    ("post", f"{_ENDPOINT}/rotate-secret", Operation(
        "rotateWebhookSecret", "Give an endpoint a new secret", "Admin",
        {
            "200": ("The new secret, shown once; deliveries carry a signature with each "
                    "secret until the grace period ends.", hooks.WebhookEndpointWithSecret),
            "422": "validation_failed: grace_hours is out of range.",
        },
        body=SecretRotation, body_text="Optional.", body_required=False,
    )),
    ("post", f"{_ENDPOINT}/test", Operation(
        "sendWebhookTestEvent", "Send a webhook.test event now", "Admin",
        {"200": ("The attempt, delivered or not (see succeeded).",
                 Document[hooks.WebhookDelivery])},
    )),
    ("get", f"{_ENDPOINT}/deliveries", Operation(
        "listWebhookDeliveries", "The endpoint's delivery log", "Admin",
        {"200": ("Attempts, newest first.", Page[hooks.WebhookDelivery])},
        query=PageQuery,
    )),
    ("post", f"{ADMIN}/privacy/export", Operation(
        "exportPerson", "Everything held about one email", "Admin",
        {"200": ("As JSON.", privacy.PersonExport), "422": _BAD_EMAIL},
        body=PersonEmail, body_text="Whose data.",
    )),
    ("post", f"{ADMIN}/privacy/erase", Operation(
        "erasePerson", "Erase everything held about one email", "Admin",
        {"200": ("What was removed.", Document[privacy.PersonErasure]), "422": _BAD_EMAIL},
        description=(
            "Sign-ups, their queued and sent messages, webhook delivery logs and stored "
            "Idempotency-Key answers. Subscribed endpoints get signup.withdrawn with reason "
            '"erased".'
        ),
        body=PersonEmail, body_text="Whose data.",
    )),
    ("get", f"{ADMIN}/privacy/settings", Operation(
        "getPrivacySettings", "The retention period", "Admin",
        {"200": ("Settings.", Document[privacy.PrivacySettings])},
    )),
    ("patch", f"{ADMIN}/privacy/settings", Operation(
        "updatePrivacySettings", "Change the retention period", "Admin",
        {"200": ("Settings.", Document[privacy.PrivacySettings]),
         "422": "validation_failed: retention_days is out of range."},
        body=PrivacySettingsPatch, body_text="The new period in days.",
    )),
    ("get", f"{ADMIN}/privacy/consent-texts", Operation(
        "listConsentTexts", "Every consent text version", "Admin",
        {"200": ("Versions, current first per locale.", privacy.ConsentTextList)},
    )),
    ("put", f"{ADMIN}/privacy/consent-texts/{{locale}}", Operation(
        "setConsentText", "Set the consent text shown in a locale", "Admin",
        {"200": ("The text, now current.", Document[privacy.ConsentText]),
         "422": "validation_failed: text is missing or too long, or locale."},
        body=ConsentTextInput, body_text="The text.",
    )),
    ("get", "/healthz", Operation(
        "healthz", "The process is up", "Operations",
        {"200": ("Up (no dependency is checked).", out.Health)},
    )),
    ("get", "/readyz", Operation(
        "readyz", "The database answers", "Operations",
        {"200": ("Ready.", out.Readiness),
         "503": ("The database is unreachable.", out.Readiness)},
    )),
    ("get", f"{ADMIN}/openapi.json", Operation(
        "openapi", "This document", "Operations",
        {"200": {"description": "The OpenAPI 3.1 document.",
                 "content": {"application/json": {"schema": {"type": "object"}}}}},
    )),
]  # fmt: skip
