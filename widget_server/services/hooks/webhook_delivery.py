"""Delivering one webhook message: sign it, POST it, and log the attempt.

The body is serialised the same way on every attempt and the webhook-id never changes,
so a receiver that saw an attempt whose answer was lost recognises the retry. Only a 2xx
answer counts as delivered; redirects are not followed (a moved endpoint is updated by
the organization, not guessed by the server).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import WebhookDelivery, WebhookEndpoint
from widget_server.services.hooks import webhook_http
from widget_server.services.hooks.webhook_signing import signed_headers
from widget_server.services.hooks.webhook_urls import (
    UnsafeWebhookUrl,
    pinned_request,
    public_address,
)
from widget_server.services.outbound.outbox import TemporaryFailure

USER_AGENT = "VolunteerWidgetServer-Webhooks/1"


@dataclass(frozen=True)
class DeliverySettings:
    timeout_seconds: float = 5.0
    allow_private_urls: bool = False
    allow_nat64: bool = False


class DeliveryFailed(TemporaryFailure):
    """The receiver did not accept the message; the outbox retries it later."""


def body_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def attempt(
    endpoint: WebhookEndpoint,
    message: dict[str, Any],
    settings: DeliverySettings,
    now: datetime | None = None,
) -> WebhookDelivery:
    """POST a message to its endpoint once; the log row says how it went (not yet added)."""
    now = now or utcnow()
    body = body_bytes(message["body"])
    headers = {
        **signed_headers(
            endpoint.signing_secrets(now), message["message_id"], int(now.timestamp()), body
        ),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        url, server_name = endpoint.url, None
        if not settings.allow_private_urls:
            url, host, extensions = pinned_request(
                endpoint.url, public_address(endpoint.url, allow_nat64=settings.allow_nat64)
            )
            headers.update(host)
            server_name = extensions.get("sni_hostname")
        target, path = webhook_http.target_of(url, server_name)
        status_code = webhook_http.post(target, path, body, headers, settings.timeout_seconds)
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except UnsafeWebhookUrl:
        error = "refused: the URL does not resolve to a public address"
    except TimeoutError:
        error = f"timed out after {settings.timeout_seconds:g} s"
    except webhook_http.ConnectFailed:
        error = "connection failed (ConnectError)"
    except webhook_http.SendFailed as exc:
        error = f"connection failed ({exc.name})"
    return WebhookDelivery(
        endpoint_id=endpoint.id,
        message_id=message["message_id"],
        event_type=message["event_type"],
        subject_id=message.get("subject_id"),
        attempted_at=now,
        status_code=status_code,
        duration_ms=round((time.perf_counter() - started) * 1000),
        succeeded=error is None,
        error=error,
    )


def deliver(session: Session, message: dict[str, Any], settings: DeliverySettings) -> None:
    """Send an outbox message of kind "webhook"; DeliveryFailed asks for a retry.

    A message whose endpoint was deleted or disabled since it was queued is dropped: the
    organization turned that destination off.
    """
    endpoint = session.scalar(
        select(WebhookEndpoint).where(WebhookEndpoint.public_id == message["endpoint_id"])
    )
    if endpoint is None or not endpoint.enabled:
        return
    delivery = attempt(endpoint, message, settings)
    session.add(delivery)
    if not delivery.succeeded:
        raise DeliveryFailed(delivery.error or "not delivered")
