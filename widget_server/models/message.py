"""Messages between an organization and a volunteer, one conversation per sign-up, and the
organization's saved replies."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum


class Direction(enum.StrEnum):
    OUT = "out"  # written by the organization's team (or its API) to the volunteer
    IN = "in"  # the volunteer's answer from their signed link


class Message(Model):
    """One message on one sign-up: a message to many volunteers is one row per recipient
    (each with its merge fields filled in), all sharing batch_id."""

    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_signup_id", "signup_id", "id"),
        # The per-organization rate limit counts recent messages out.
        Index("ix_message_organization_created", "organization_id", "created_at"),
        # The panel's badge: answers nobody has read yet.
        Index("ix_message_organization_unread", "organization_id", "direction", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    # Erasing the sign-up erases its conversation.
    signup_id: Mapped[int] = mapped_column(ForeignKey("signup.id", ondelete="CASCADE"))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction))
    body: Mapped[str] = mapped_column(Text)
    # The member who wrote it (None: the volunteer, a secret key, or a member who left).
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    batch_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An answer's: when a member saw it in the panel (None: it shows in the badge).
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SavedReply(Model):
    """A message the team writes often, kept by the organization to start from."""

    __tablename__ = "saved_reply"
    __table_args__ = (UniqueConstraint("organization_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
