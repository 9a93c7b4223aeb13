"""Task alerts: a visitor's confirmed wish to hear of new tasks that match their criteria.

A subscription exists only once its address is confirmed (a pending request, named by
the confirmation link, holds it until then), and it holds no name: the address, the
criteria, the language and how often to write. Unsubscribing deletes the row.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum

SERVER_SCOPE = "server"


class AlertFrequency(enum.StrEnum):
    IMMEDIATE = "immediate"
    WEEKLY = "weekly"


def scope_of(organization_id: int | None) -> str:
    """One subscription per address and scope: an organization, or the whole server."""
    return SERVER_SCOPE if organization_id is None else f"org:{organization_id}"


class AlertSubscription(Model):
    __tablename__ = "alert_subscription"
    __table_args__ = (
        UniqueConstraint("scope", "email"),
        Index("ix_alert_subscription_organization_id", "organization_id"),
        Index("ix_alert_subscription_frequency", "frequency", "covered_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    # Unique with email; organization_id alone cannot be (NULLs differ on PostgreSQL).
    scope: Mapped[str] = mapped_column(String(24))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(320))  # normalised, as sign-ups match it
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: any
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_hours: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(8))
    frequency: Mapped[AlertFrequency] = mapped_column(str_enum(AlertFrequency))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Renewed each time the address confirms; retention counts from here.
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Tasks published up to this moment have been looked at for this subscriber.
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PendingAlertRequest(Model):
    """A request for alerts waiting for its address to be confirmed: the confirmation
    link names it by its public id only, so the link carries no address. Kept for the
    link's week, then pruned; confirming it makes (or updates) the subscription."""

    __tablename__ = "pending_alert_request"
    __table_args__ = (
        Index("ix_pending_alert_request_organization_id_email", "organization_id", "email"),
        Index("ix_pending_alert_request_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(320))  # normalised, for erasure
    claims: Mapped[dict[str, Any]] = mapped_column(JSON)  # AlertRequest.as_claims()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
