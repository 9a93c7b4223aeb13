"""Ways into an admin account: signed-in sessions, invitations, password resets.

Each is a row, so it can end: a session when its person signs out (here or everywhere),
changes their password or leaves an organization; an invitation once accepted, revoked
or expired; a reset once used or expired. Links and cookies carry only a random id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum
from widget_server.models.organization import Role


class AdminSession(Model):
    """One signed-in browser. Its cookie holds a random id; the row holds only its hash."""

    __tablename__ = "admin_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invitation(Model):
    """An invitation to join an organization with a role, by a link that works once."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the link carries (signed): random, says nothing of the invitee.
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))  # normal form (email_addresses.py)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordReset(Model):
    """A password-reset link: works once, until it expires or the password changes."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
