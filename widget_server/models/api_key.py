"""API keys: publishable keys for browsers, secret keys for servers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum
from widget_server.models.organization import Organization


class KeyKind(enum.StrEnum):
    PUBLISHABLE = "publishable"
    SECRET = "secret"  # noqa: S105  (a kind of key, not a key)


class ApiKey(Model):
    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[KeyKind] = mapped_column(str_enum(KeyKind))
    label: Mapped[str] = mapped_column(String(100), default="")
    # SHA-256 of the whole token; keys carry 178 random bits, so no slow hash is needed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Enough of the token to recognise it in a list ("vw_sk_4Xq9…").
    display_prefix: Mapped[str] = mapped_column(String(16))
    # Publishable keys live in page source anyway, so admins can copy them again later;
    # a secret key is never stored, only its hash.
    publishable_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the key is rotated: it keeps working until then.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_key.id", ondelete="SET NULL")
    )

    organization: Mapped[Organization] = relationship()

    def is_active(self, now: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or self.expires_at > now
