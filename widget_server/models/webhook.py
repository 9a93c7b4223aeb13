"""Webhook endpoints of an organization, and the log of every delivery attempt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.organization import Organization


class WebhookEndpoint(Model):
    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Event types delivered to this endpoint (see services/webhook_events.EVENT_TYPES).
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Stored as issued ("whsec_..."): signing needs the key itself, not a hash of it.
    secret: Mapped[str] = mapped_column(String(64))
    # During a rotation the previous secret signs too, until previous_secret_expires_at.
    previous_secret: Mapped[str | None] = mapped_column(String(64))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets that sign a delivery now: the current one, then one in its grace period."""
        found = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_expires_at is not None
            and self.previous_secret_expires_at > now
        ):
            found.append(self.previous_secret)
        return found


class WebhookDelivery(Model):
    """One attempt to deliver one message: no body and no response text, only what happened."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_endpoint_id", "endpoint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(40), index=True)  # the webhook-id header
    event_type: Mapped[str] = mapped_column(String(40))
    # The public id of what the event is about (a sign-up or a task), to find its traces.
    subject_id: Mapped[str | None] = mapped_column(String(32), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # A short reason such as "timed out" or "HTTP 500", never text from the receiver.
    error: Mapped[str | None] = mapped_column(String(200))
