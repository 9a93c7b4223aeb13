"""Volunteers' sign-ups for tasks."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum
from widget_server.models.signup_note import SignupNote
from widget_server.models.task import Task


class SignupStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the volunteer to confirm their email
    CONFIRMED = "confirmed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
    # Closed by the server: the organization did not answer within its longer limit.
    EXPIRED = "expired"


# A sign-up in one of these states holds one of the task's slots (task.taken counts them).
SLOT_HOLDING_STATUSES = frozenset(
    {SignupStatus.PENDING, SignupStatus.CONFIRMED, SignupStatus.ACCEPTED, SignupStatus.COMPLETED}
)

# The moves an organization may make (a withdrawn volunteer comes back by signing up again).
ADMIN_TRANSITIONS: dict[SignupStatus, frozenset[SignupStatus]] = {
    SignupStatus.PENDING: frozenset(
        {
            SignupStatus.CONFIRMED,
            SignupStatus.ACCEPTED,
            SignupStatus.DECLINED,
            SignupStatus.WAITLISTED,
            SignupStatus.WITHDRAWN,
        }
    ),
    SignupStatus.CONFIRMED: frozenset(
        {
            SignupStatus.ACCEPTED,
            SignupStatus.DECLINED,
            SignupStatus.WAITLISTED,
            SignupStatus.WITHDRAWN,
        }
    ),
    SignupStatus.WAITLISTED: frozenset(
        {SignupStatus.ACCEPTED, SignupStatus.DECLINED, SignupStatus.WITHDRAWN}
    ),
    SignupStatus.ACCEPTED: frozenset(
        {
            SignupStatus.COMPLETED,
            SignupStatus.DECLINED,
            SignupStatus.WAITLISTED,
            SignupStatus.WITHDRAWN,
        }
    ),
    SignupStatus.DECLINED: frozenset({SignupStatus.ACCEPTED, SignupStatus.WAITLISTED}),
    SignupStatus.COMPLETED: frozenset({SignupStatus.ACCEPTED}),
    SignupStatus.WITHDRAWN: frozenset(),
    # A late answer is still welcome.
    SignupStatus.EXPIRED: frozenset(
        {SignupStatus.ACCEPTED, SignupStatus.DECLINED, SignupStatus.WAITLISTED}
    ),
}


class Signup(Model):
    __tablename__ = "signup"
    __table_args__ = (
        # The same person signing up twice for a task makes one sign-up.
        UniqueConstraint("task_id", "email_normalized"),
        # Every admin listing filters by one of these and pages newest first by id.
        Index("ix_signup_organization_id", "organization_id", "id"),
        Index("ix_signup_organization_status", "organization_id", "status", "id"),
        Index("ix_signup_task_id", "task_id", "id"),
        # The follow-up pass looks for unanswered sign-ups by status and age.
        Index("ix_signup_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))  # E.164
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    consent_version: Mapped[str] = mapped_column(String(32))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locale: Mapped[str] = mapped_column(String(8))
    # The volunteer's IANA time zone ("Asia/Kolkata"), from their browser or their choice;
    # None: not known (times are then shown in the task's or the organization's zone).
    timezone: Mapped[str | None] = mapped_column(String(64))
    # When they can help, in their own zone: [{"days": [1, 3], "from": "18:00", "to": "21:00"}]
    # with ISO weekdays (1 = Monday); "to" before "from" runs past midnight.
    availability_windows: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    origin: Mapped[str | None] = mapped_column(String(255))
    page_url: Mapped[str | None] = mapped_column(String(2048))
    status: Mapped[SignupStatus] = mapped_column(str_enum(SignupStatus))
    holds_slot: Mapped[bool] = mapped_column(Boolean, default=False)
    # Normalised name, email, skills and message, for the team's Arabic-aware search; and
    # "|design|arabic|" so one LIKE finds a skill on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    skill_tags: Mapped[str] = mapped_column(Text, default="")
    # Recorded when the organization marks the volunteer's work completed.
    hours_contributed: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The organization's first status change: the answer its follow-up promise is about.
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Follow-up nudges already queued for this sign-up: 0 none, 1 nearing due, 2 overdue.
    nudge_stage: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")

    task: Mapped[Task] = relationship()
    notes: Mapped[list[SignupNote]] = relationship(
        cascade="all, delete-orphan", order_by="SignupNote.id", passive_deletes=True
    )
