"""The outbox sender for webhook messages, and the delivery settings taken from config."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from widget_server import db
from widget_server.services.hooks.webhook_delivery import DeliverySettings, deliver
from widget_server.services.outbound.outbox import Delivery


def url_rules() -> dict[str, bool]:
    """Which webhook targets the settings allow, as services/hooks/webhook_urls.py's arguments;
    tests may call receivers on loopback."""
    config = current_app.config
    return {
        "allow_private": bool(config["WEBHOOK_ALLOW_PRIVATE_URLS"] or current_app.testing),
        "allow_nat64": bool(config["WEBHOOK_ALLOW_NAT64"]),
    }


def delivery_settings() -> DeliverySettings:
    """Timeout and SSRF rules from the settings."""
    rules = url_rules()
    return DeliverySettings(
        timeout_seconds=float(current_app.config["WEBHOOK_TIMEOUT_SECONDS"]),
        allow_private_urls=rules["allow_private"],
        allow_nat64=rules["allow_nat64"],
    )


def send_webhook(delivery: Delivery) -> None:
    """Deliver one queued webhook; the attempt is logged whether it succeeds or not."""
    with db.sessionmaker_()() as session:
        if session.get_bind().dialect.name == "postgresql":
            # The log row need not wait for the WAL flush: only a PostgreSQL crash in the
            # next instant could lose it, and it is a record of an attempt, not state.
            session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        try:
            deliver(session, delivery.payload, delivery_settings())
        finally:
            session.commit()
