"""Admin API (/api/v1/webhooks): an organization's webhook endpoints and their delivery log.

Nested in the admin blueprint, so the secret key, no-store and cache rules apply here too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from flask import Blueprint, Response, g, jsonify, request
from pydantic import BaseModel, Field

from widget_server import db, models
from widget_server.api.parsing import json_body, read_query
from widget_server.api.request_models import PageQuery, SecretRotation
from widget_server.api.response_models import Count, Document
from widget_server.api.serializers import fields_of
from widget_server.services.audit import Actor
from widget_server.services.hooks import webhooks
from widget_server.services.hooks.webhook_events import EVENT_TYPES, TEST_EVENT
from widget_server.services.inputs.field_rules import Choice
from widget_server.worker.webhook_sender import delivery_settings, url_rules

bp = Blueprint("webhooks", __name__)


def endpoint_json(endpoint: models.WebhookEndpoint) -> dict[str, Any]:
    # Enough of the secret to tell which one a receiver holds.
    hint = endpoint.secret[:10] + "…"
    return fields_of(WebhookEndpoint, endpoint, id=endpoint.public_id, secret_hint=hint)


@bp.get("/webhooks/endpoints")
def list_endpoints() -> Response:
    items = webhooks.list_endpoints(db.session(), g.organization)
    return jsonify(data=[endpoint_json(e) for e in items])


@bp.post("/webhooks/endpoints")
def create_endpoint() -> tuple[Response, int]:
    """Add an endpoint; its signing secret is in the answer, and only there."""
    issued = webhooks.create_endpoint(
        db.session(), g.organization, json_body(), by=Actor.key(g.api_key.id), **url_rules()
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
        by=Actor.key(g.api_key.id),
        **url_rules(),
    )
    return jsonify(data=endpoint_json(endpoint))


@bp.delete("/webhooks/endpoints/<endpoint_id>")
def delete_endpoint(endpoint_id: str) -> Response:
    webhooks.delete_endpoint(db.session(), g.organization, endpoint_id, by=Actor.key(g.api_key.id))
    return Response(status=204)


@bp.post("/webhooks/endpoints/<endpoint_id>/rotate-secret")
def rotate_secret(endpoint_id: str) -> Response:
    """A new secret; the old one keeps signing alongside it for grace_hours (default 24)."""
    rotation = SecretRotation.read(json_body() if request.content_length else {})
    issued = webhooks.rotate_secret(
        db.session(), g.organization, endpoint_id, rotation.grace_hours, by=Actor.key(g.api_key.id)
    )
    return jsonify(data=endpoint_json(issued.endpoint), secret=issued.secret)


@bp.post("/webhooks/endpoints/<endpoint_id>/test")
def send_test_event(endpoint_id: str) -> Response:
    """Send a webhook.test event now and say how the endpoint answered."""
    delivery = webhooks.send_test_event(
        db.session(), g.organization, endpoint_id, delivery_settings(), by=Actor.key(g.api_key.id)
    )
    return jsonify(data=fields_of(WebhookDelivery, delivery))


@bp.get("/webhooks/endpoints/<endpoint_id>/deliveries")
def list_deliveries(endpoint_id: str) -> Response:
    page = read_query(PageQuery)
    items, next_cursor = webhooks.list_deliveries(
        db.session(), g.organization, endpoint_id, limit=page.limit, cursor=page.cursor
    )
    return jsonify(data=[fields_of(WebhookDelivery, d) for d in items], next_cursor=next_cursor)


# --- what these routes answer, for the OpenAPI document ---


class WebhookEndpoint(BaseModel):
    """Where an organization's events are POSTed, signed (Standard Webhooks)."""

    id: str = Field(description="Public id, e.g. whe_...")
    url: str
    description: str
    enabled: bool
    event_types: list[Annotated[str, Choice(EVENT_TYPES)]]
    secret_hint: str = Field(description="The first characters of the secret.")
    previous_secret_expires_at: datetime | None = Field(
        description="Until then the previous secret signs too."
    )
    created_at: datetime
    updated_at: datetime


class WebhookEndpointList(BaseModel):
    data: list[WebhookEndpoint]


class WebhookEndpointWithSecret(Document[WebhookEndpoint]):
    secret: str = Field(
        pattern="^whsec_[A-Za-z0-9+/]+={0,2}$",
        description="whsec_ and base64 of 32 random bytes: shown only this once.",
    )


class WebhookDelivery(BaseModel):
    """One delivery attempt."""

    message_id: str = Field(description="The webhook-id header; the same on retries.")
    event_type: Annotated[str, Choice((*EVENT_TYPES, TEST_EVENT))]
    subject_id: str | None = Field(description="The sign-up or task concerned.")
    attempted_at: datetime
    status_code: int | None = Field(description="null when no answer came.")
    duration_ms: Count
    succeeded: bool = Field(description="A 2xx answer.")
    error: str | None = Field(description="timed out, HTTP 500, ...")
