"""Admin API (/api/v1): a sign-up's conversation, the organization's messages, and
sending them, with the secret key.

Nested in the admin blueprint, so the secret key, no-store and cache rules apply here too.
The rules (who may be written to, the text, the hourly allowance) are the messaging
services'; a refusal stores and sends nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify

from widget_server import db, models
from widget_server.api.parsing import json_body, read_query
from widget_server.api.request_models import (
    ConversationQuery,
    MessageBatchInput,
    MessageInput,
    MessageQuery,
)
from widget_server.api.response_models import Message
from widget_server.api.serializers import fields_of
from widget_server.services.audit import Actor
from widget_server.services.catalog.tasks import decode_cursor, encode_cursor
from widget_server.services.messaging import conversation, recipients, sending

bp = Blueprint("messages", __name__)


def message_json(message: models.Message, signup_id: str) -> dict[str, Any]:
    return fields_of(Message, message, id=message.public_id, signup_id=signup_id)


def _page(signup_id: str | None, direction: str | None, limit: int, cursor: str | None) -> Response:
    """Messages oldest first; next_cursor is the last one's position (null on the last page)."""
    rows = conversation.list_messages(
        db.session(),
        g.organization.id,
        signup_public_id=signup_id,
        direction=models.Direction(direction) if direction else None,
        after_id=decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    next_cursor = encode_cursor(rows[limit - 1][0].id) if len(rows) > limit else None
    return jsonify(data=[message_json(m, s) for m, s in rows[:limit]], next_cursor=next_cursor)


@bp.get("/signups/<signup_id>/messages")
def list_conversation(signup_id: str) -> Response:
    query = read_query(ConversationQuery)
    return _page(signup_id, None, query.limit, query.cursor)


@bp.get("/messages")
def list_messages() -> Response:
    query = read_query(MessageQuery)
    return _page(query.signup, query.direction, query.limit, query.cursor)


def _send(signup_ids: list[str], body: str) -> tuple[Response, int]:
    # No Reply-To: a key speaks for no member and the organization has no address of its
    # own; the volunteer answers from the conversation's link in the email.
    session = db.session()
    sent = sending.send_message(
        session, g.organization, signup_ids, body, by=Actor.key(g.api_key.id)
    )
    rows = conversation.batch_messages(session, g.organization.id, sent[0].batch_id)
    return jsonify(data=[message_json(m, s) for m, s in rows]), 201


@bp.post("/signups/<signup_id>/messages")
def send_to_one(signup_id: str) -> tuple[Response, int]:
    message = MessageInput.read(json_body())
    return _send([signup_id], message.body)


@bp.post("/messages")
def send_to_set() -> tuple[Response, int]:
    batch = MessageBatchInput.read(json_body())
    if batch.chosen_by_task():
        ids = recipients.ids_for_task(
            db.session(), g.organization, batch.task or "", batch.statuses or []
        )
    else:
        ids = batch.signup_ids or []
    return _send(ids, batch.body)
