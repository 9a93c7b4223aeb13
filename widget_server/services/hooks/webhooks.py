"""An organization's webhook endpoints: saving them, their secrets, tests and delivery log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from pydantic import Field
from pydantic.json_schema import JsonDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import Organization, WebhookDelivery, WebhookEndpoint
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.catalog.tasks import decode_cursor, encode_cursor
from widget_server.services.errors import Conflict, NotFound, ValidationFailed
from widget_server.services.hooks import webhook_events
from widget_server.services.hooks.webhook_delivery import DeliverySettings, attempt
from widget_server.services.hooks.webhook_signing import new_secret
from widget_server.services.hooks.webhook_urls import check_endpoint_url
from widget_server.services.inputs.field_rules import Flag, Rule, Schema, Text, problem
from widget_server.services.inputs.model_problems import InputModel, read_model

MAX_ENDPOINTS = 20
DEFAULT_GRACE_HOURS = 24
MAX_GRACE_HOURS = 24 * 7


@dataclass(frozen=True)
class IssuedSecret:
    """An endpoint with its new secret, which is shown this once."""

    endpoint: WebhookEndpoint
    secret: str


def _record(
    session: Session,
    endpoint: WebhookEndpoint,
    action: str,
    by: audit.Actor,
    **details: Any,
) -> None:
    """Log the change in the caller's transaction, which commits both together."""
    audit.record(
        session,
        organization_id=endpoint.organization_id,
        by=by,
        action=action,
        target=endpoint.public_id,
        details={"url": endpoint.url, **details},
    )


@dataclass(frozen=True)
class _EventTypes(Rule):
    """Known event types, given in their documented order, once each."""

    def check(self, value: Any) -> list[str]:
        choices = webhook_events.EVENT_TYPES
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v in choices for v in value)
        ):
            raise problem("not_a_choice", choices=", ".join(choices))
        return [t for t in choices if t in value]

    def schema(self) -> Schema:
        event_type = {"type": "string", "enum": list(webhook_events.EVENT_TYPES)}
        return {"type": "array", "items": event_type, "minItems": 1, "uniqueItems": True}


_URL_DOC = "http(s); must resolve to public addresses (url_not_public otherwise)."
_URI: JsonDict = {"format": "uri"}


class WebhookEndpointPatch(InputModel):
    """The fields to change."""

    url: Annotated[str | None, Text(2048, required=True)] = Field(
        None, description=_URL_DOC, json_schema_extra=_URI
    )
    description: Annotated[str | None, Text(200, nullable=True)] = None
    enabled: Annotated[bool | None, Flag()] = Field(None, description="Defaults to true.")
    event_types: Annotated[list[str] | None, _EventTypes()] = Field(
        None, description="Defaults to every event type."
    )


class WebhookEndpointInput(WebhookEndpointPatch):
    """A new endpoint."""

    url: Annotated[str, Text(2048, required=True)] = Field(
        description=_URL_DOC, json_schema_extra=_URI
    )


def _read(payload: Any, *, partial: bool, allow_private: bool, allow_nat64: bool) -> dict[str, Any]:
    """The fields of an endpoint payload; ValidationFailed names every bad one at once."""
    rules = {"allow_private": allow_private, "allow_nat64": allow_nat64}
    try:
        endpoint = read_model(WebhookEndpointPatch if partial else WebhookEndpointInput, payload)
    except ValidationFailed as failure:
        # The address is checked as well, so that every bad field is named at once.
        url = payload.get("url") if isinstance(payload, dict) else None
        if isinstance(url, str) and "url" not in failure.fields:
            try:
                check_endpoint_url(url.strip(), **rules)
            except ValidationFailed as refused:
                failure.fields.update(refused.fields)
        raise
    values = endpoint.model_dump(include=endpoint.model_fields_set)
    if "url" in values:  # where the name leads is a rule beyond the shape
        values["url"] = check_endpoint_url(values["url"], **rules)
    return values


def create_endpoint(
    session: Session,
    organization: Organization,
    payload: Any,
    *,
    allow_private: bool,
    allow_nat64: bool = False,
    by: audit.Actor = audit.NOBODY,
) -> IssuedSecret:
    """Save a new endpoint (every event type unless some are named) with a new secret;
    by: who did (for the audit log), as in every change below."""
    values = _read(payload, partial=False, allow_private=allow_private, allow_nat64=allow_nat64)
    count = len(list_endpoints(session, organization))
    if count >= MAX_ENDPOINTS:
        raise Conflict("too_many_endpoints", max=MAX_ENDPOINTS)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        public_id=new_public_id("whe"),
        organization_id=organization.id,
        url=values["url"],
        description=values.get("description", ""),
        enabled=values.get("enabled", True),
        event_types=values.get("event_types", list(webhook_events.EVENT_TYPES)),
        secret=secret,
    )
    session.add(endpoint)
    session.flush()
    _record(session, endpoint, "webhook.create", by)
    session.commit()
    return IssuedSecret(endpoint, secret)


def update_endpoint(
    session: Session,
    organization: Organization,
    public_id: str,
    payload: Any,
    *,
    allow_private: bool,
    allow_nat64: bool = False,
    by: audit.Actor = audit.NOBODY,
) -> WebhookEndpoint:
    endpoint = get_endpoint(session, organization, public_id)
    values = _read(payload, partial=True, allow_private=allow_private, allow_nat64=allow_nat64)
    for name, value in values.items():
        setattr(endpoint, name, value)
    changed = {k: v for k, v in values.items() if k not in ("url", "event_types")}
    if "event_types" in values:
        changed["events"] = ", ".join(endpoint.event_types)
    _record(session, endpoint, "webhook.update", by, **changed)
    session.commit()
    return endpoint


def delete_endpoint(
    session: Session,
    organization: Organization,
    public_id: str,
    *,
    by: audit.Actor = audit.NOBODY,
) -> WebhookEndpoint:
    """Delete an endpoint and its delivery log; messages still queued for it are dropped."""
    endpoint = get_endpoint(session, organization, public_id)
    _record(session, endpoint, "webhook.delete", by)
    session.delete(endpoint)
    session.commit()
    return endpoint


def get_endpoint(session: Session, organization: Organization, public_id: str) -> WebhookEndpoint:
    endpoint = session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.organization_id == organization.id,
            WebhookEndpoint.public_id == public_id,
        )
    )
    if endpoint is None:
        raise NotFound("endpoint_not_found")
    return endpoint


def list_endpoints(session: Session, organization: Organization) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.organization_id == organization.id)
            .order_by(WebhookEndpoint.id)
        )
    )


def rotate_secret(
    session: Session,
    organization: Organization,
    public_id: str,
    grace_hours: int = DEFAULT_GRACE_HOURS,
    *,
    by: audit.Actor = audit.NOBODY,
) -> IssuedSecret:
    """A new secret; the current one keeps signing too until the grace period ends."""
    endpoint = get_endpoint(session, organization, public_id)
    now = utcnow()
    if grace_hours > 0:
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = now + timedelta(hours=grace_hours)
    else:
        endpoint.previous_secret = None
        endpoint.previous_secret_expires_at = None
    endpoint.secret = new_secret()
    _record(session, endpoint, "webhook.rotate", by, hours=grace_hours)
    session.commit()
    return IssuedSecret(endpoint, endpoint.secret)


def send_test_event(
    session: Session,
    organization: Organization,
    public_id: str,
    settings: DeliverySettings | None = None,
    *,
    by: audit.Actor = audit.NOBODY,
) -> WebhookDelivery:
    """Send a webhook.test event to the endpoint now, log it, and return how it went."""
    endpoint = get_endpoint(session, organization, public_id)
    now = utcnow()
    data = {"endpoint_id": endpoint.public_id, "sent_at": now.isoformat()}
    message = webhook_events.message(endpoint.public_id, webhook_events.TEST_EVENT, data, None)
    delivery = attempt(endpoint, message, settings or DeliverySettings(), now)
    session.add(delivery)
    status = delivery.status_code or "-"
    _record(session, endpoint, "webhook.test", by, status=status)
    session.commit()
    return delivery


def list_deliveries(
    session: Session,
    organization: Organization,
    public_id: str,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[WebhookDelivery], str | None]:
    """The endpoint's delivery attempts, newest first, a page at a time."""
    endpoint = get_endpoint(session, organization, public_id)
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    if cursor:
        query = query.where(WebhookDelivery.id < decode_cursor(cursor))
    rows = list(session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor
