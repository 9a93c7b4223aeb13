"""A volunteer's way into "My volunteering": sign-in links asked for by email, and the
sessions they open. No account: the normalised address is the only key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow


class VolunteerSignInLink(Model):
    """One emailed link: its random id is signed into the link; used_at makes it single-use."""

    __tablename__ = "volunteer_sign_in_link"
    __table_args__ = (Index("ix_volunteer_sign_in_link_email", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254))  # normal form (email_addresses.py)
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VolunteerSession(Model):
    """A signed-in page: the cookie carries a random token, the row its hash."""

    __tablename__ = "volunteer_session"
    __table_args__ = (Index("ix_volunteer_session_email", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer_sign_in_link.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(String(254))  # normal form
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
