"""Organizations, the people who administer them, and their roles."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import true

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum

# Two years: long enough to follow a volunteer across yearly programmes.
DEFAULT_RETENTION_DAYS = 730
# The follow-up promise: volunteers hear back within this many days, and a sign-up still
# unanswered after the longer limit is closed for them (services/follow_up/followup.py).
DEFAULT_RESPONSE_DAYS = 3
DEFAULT_CLOSE_AFTER_DAYS = 14


class Role(enum.StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


class Organization(Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    default_locale: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Working hours in the organization's own zone: ISO weekdays (1 = Monday) and one daily
    # span, shown to far-away volunteers as the overlap with their own day. No days: not said.
    working_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    working_from: Mapped[time | None] = mapped_column(Time)
    working_to: Mapped[time | None] = mapped_column(Time)
    # Exact origins ("https://ngo.example") allowed to use the publishable key in browsers.
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Bumped in the same transaction as every change to what the public sees, so any
    # process can tell whether its cached listing is current with one indexed read.
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    # The widget's look when the snippet does not say (a data-* attribute always wins);
    # None: the widget's own default.
    widget_accent: Mapped[str | None] = mapped_column(String(7))  # "#0b57d0"
    widget_theme: Mapped[str | None] = mapped_column(String(8))  # light / dark / auto
    widget_layout: Mapped[str | None] = mapped_column(String(8))  # list / grid / compact
    widget_locale: Mapped[str | None] = mapped_column(String(8))  # None: the host page's
    # Sign-ups whose status has not changed for this many days are erased by
    # `widget-server purge` (services/personal_data/privacy.py).
    retention_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_RETENTION_DAYS, server_default=str(DEFAULT_RETENTION_DAYS)
    )
    response_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_RESPONSE_DAYS, server_default=str(DEFAULT_RESPONSE_DAYS)
    )
    close_after_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_CLOSE_AFTER_DAYS, server_default=str(DEFAULT_CLOSE_AFTER_DAYS)
    )
    # Whether the server's front page (its directory, widget_server/directory/) lists the
    # organization's open tasks; its hosted page, feeds and sitemap are there either way.
    in_directory: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )


class User(Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    # The zone the panel shows times in; None: each organization's own.
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class SignupNotice(enum.StrEnum):
    """How a member hears of new sign-ups."""

    IMMEDIATE = "immediate"  # one email per sign-up
    DAILY = "daily"  # one digest a day listing the day's sign-ups
    OFF = "off"


class Membership(Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role))
    signup_notice: Mapped[SignupNotice] = mapped_column(
        str_enum(SignupNotice),
        default=SignupNotice.IMMEDIATE,
        server_default=SignupNotice.IMMEDIATE.value,
    )
    # Sign-ups created up to this time are in a digest already (daily notice only).
    digest_covered_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")
