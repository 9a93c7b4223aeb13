"""Offers of a freed slot to a waitlisted volunteer, who may take it for a limited time."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum


class OfferState(enum.StrEnum):
    OPEN = "open"  # the slot is held for the volunteer until expires_at
    ACCEPTED = "accepted"
    DECLINED = "declined"  # "no thanks"
    EXPIRED = "expired"
    CANCELLED = "cancelled"  # the sign-up moved on otherwise (the team decided, a withdrawal)


class SlotOffer(Model):
    __tablename__ = "slot_offer"
    __table_args__ = (
        # One open offer per sign-up; the database refuses a second one.
        Index(
            "ix_slot_offer_open_signup",
            "signup_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
        Index("ix_slot_offer_state_expires", "state", "expires_at"),
        Index("ix_slot_offer_signup_id", "signup_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("signup.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    state: Mapped[OfferState] = mapped_column(
        str_enum(OfferState),
        default=OfferState.OPEN,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
