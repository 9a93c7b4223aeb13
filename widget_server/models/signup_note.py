"""Notes the organization's team keeps about a sign-up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.organization import User


class SignupNote(Model):
    __tablename__ = "signup_note"
    __table_args__ = (Index("ix_signup_note_signup_id", "signup_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("signup.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
