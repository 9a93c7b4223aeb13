"""The transactional outbox: messages written with the change that causes them.

A row is added in the same database transaction as the change it reports, so a message
exists exactly when the change was committed. A worker claims due rows under a lease,
delivers them, and records the outcome (see services/outbound/outbox.py and
services/outbound/delivery.py).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum


class MessageKind(enum.StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class MessageStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt (at next_attempt_at)
    SENDING = "sending"  # claimed by a worker until lease_expires_at
    SENT = "sent"
    FAILED = "failed"  # refused for good (e.g. a malformed recipient); never retried alone
    DEAD = "dead"  # gave up after the last allowed attempt


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        # What a worker asks for: due pending rows, and sending rows whose lease ran out.
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MessageStatus] = mapped_column(
        str_enum(MessageStatus), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The worker holding the row and until when: a worker that dies lets its lease lapse,
    # and another worker takes the row again.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Names one logical message ("reminder:sgn_…"): enqueueing it twice keeps one row.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
