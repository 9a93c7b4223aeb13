"""The consent texts an organization shows volunteers, kept in every version agreed to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow


class ConsentText(Model):
    __tablename__ = "consent_text"
    __table_args__ = (
        UniqueConstraint("organization_id", "locale", "version"),
        Index("ix_consent_text_current", "organization_id", "locale", "activated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    # A hash of the text ("sha256:" and 16 hex digits): the same words, the same version.
    version: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The text with the latest activation is the one shown; setting an older text again
    # reactivates its row, so a version always means the same words.
    activated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
