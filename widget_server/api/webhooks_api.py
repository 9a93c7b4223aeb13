"""Admin API (/api/v1/webhooks): an organization's webhook endpoints and their delivery log.

Nested in the admin blueprint, so the secret key, no-store and cache rules apply here too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from widget_server import db
from widget_server.api.parsing import QueryReader, json_body
from widget_server.models import WebhookDelivery, WebhookEndpoint
from widget_server.services.hooks import webhooks
from widget_server.services.inputs.validation import PayloadReader, present
from widget_server.worker.webhook_sender import delivery_settings, url_rules

bp = Blueprint("webhooks", __name__)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def endpoint_json(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.public_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "enabled": endpoint.enabled,
        "event_types": endpoint.event_types,
        # Enough of the secret to tell which one a receiver holds.
        "secret_hint": endpoint.secret[:10] + "…",
        "previous_secret_expires_at": _iso(endpoint.previous_secret_expires_at),
        "created_at": _iso(endpoint.created_at),
        "updated_at": _iso(endpoint.updated_at),
    }


def delivery_json(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "message_id": delivery.message_id,
        "event_type": delivery.event_type,
        "subject_id": delivery.subject_id,
        "attempted_at": _iso(delivery.attempted_at),
        "status_code": delivery.status_code,
        "duration_ms": delivery.duration_ms,
        "succeeded": delivery.succeeded,
        "error": delivery.error,
    }


@bp.get("/webhooks/endpoints")
def list_endpoints() -> Response:
    """The organization's webhook endpoints."""
    items = webhooks.list_endpoints(db.session(), g.organization)
    return jsonify(data=[endpoint_json(e) for e in items])


@bp.post("/webhooks/endpoints")
def create_endpoint() -> tuple[Response, int]:
    """Add an endpoint; its signing secret is in the answer, and only there."""
    issued = webhooks.create_endpoint(
        db.session(), g.organization, json_body(), api_key_id=g.api_key.id, **url_rules()
    )
    return jsonify(data=endpoint_json(issued.endpoint), secret=issued.secret), 201


@bp.get("/webhooks/endpoints/<endpoint_id>")
def get_endpoint(endpoint_id: str) -> Response:
    endpoint = webhooks.get_endpoint(db.session(), g.organization, endpoint_id)
    return jsonify(data=endpoint_json(endpoint))


@bp.patch("/webhooks/endpoints/<endpoint_id>")
def update_endpoint(endpoint_id: str) -> Response:
    """Change an endpoint's URL, description, event types or enabled state."""
    endpoint = webhooks.update_endpoint(
        db.session(),
        g.organization,
        endpoint_id,
        json_body(),
        api_key_id=g.api_key.id,
        **url_rules(),
    )
    return jsonify(data=endpoint_json(endpoint))


@bp.delete("/webhooks/endpoints/<endpoint_id>")
def delete_endpoint(endpoint_id: str) -> Response:
    webhooks.delete_endpoint(db.session(), g.organization, endpoint_id, api_key_id=g.api_key.id)
    return Response(status=204)


@bp.post("/webhooks/endpoints/<endpoint_id>/rotate-secret")
def rotate_secret(endpoint_id: str) -> Response:
    """A new secret; the old one keeps signing alongside it for grace_hours (default 24)."""
    reader = PayloadReader(json_body() if request.content_length else {})
    grace = reader.integer("grace_hours", minimum=0, maximum=webhooks.MAX_GRACE_HOURS)
    reader.finish()
    issued = webhooks.rotate_secret(
        db.session(),
        g.organization,
        endpoint_id,
        grace if present(grace) else webhooks.DEFAULT_GRACE_HOURS,
        api_key_id=g.api_key.id,
    )
    return jsonify(data=endpoint_json(issued.endpoint), secret=issued.secret)


@bp.post("/webhooks/endpoints/<endpoint_id>/test")
def send_test_event(endpoint_id: str) -> Response:
    """Send a webhook.test event now and say how the endpoint answered."""
    delivery = webhooks.send_test_event(
        db.session(), g.organization, endpoint_id, delivery_settings(), api_key_id=g.api_key.id
    )
    return jsonify(data=delivery_json(delivery))


@bp.get("/webhooks/endpoints/<endpoint_id>/deliveries")
def list_deliveries(endpoint_id: str) -> Response:
    """The endpoint's delivery attempts, newest first."""
    args = QueryReader()
    limit = args.integer("limit", 50, 1, 200) or 50
    cursor = args.text("cursor", 40)
    args.finish()
    items, next_cursor = webhooks.list_deliveries(
        db.session(), g.organization, endpoint_id, limit=limit, cursor=cursor
    )
    return jsonify(data=[delivery_json(d) for d in items], next_cursor=next_cursor)
