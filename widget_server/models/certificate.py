"""Certificates of volunteering: what one states, under an unguessable verification code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model, UTCDateTime, utcnow


class Certificate(Model):
    """Issued when a sign-up is completed; revoked, not deleted, when it stops being so (so
    its page can say it was withdrawn). Erasing the volunteer's sign-up deletes it.

    The statement is a snapshot taken at issue, so the verification page confirms what the
    PDF says even after the task is renamed. A correction of the hours revokes the old
    certificate and issues a new one under a new code.
    """

    __tablename__ = "certificate"
    __table_args__ = (Index("ix_certificate_signup_id", "signup_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up from the public /c/<code> page: 128 bits of randomness, base62.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # Erasing the volunteer's sign-up erases its certificates with it.
    signup_id: Mapped[int] = mapped_column(ForeignKey("signup.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    # volunteer_name, org_name, task_titles {locale: title}, task_locale, hours, completed_on.
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
