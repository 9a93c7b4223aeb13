"""Remote volunteer tasks and their text in each language."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from widget_server.db import Model, UTCDateTime, utcnow
from widget_server.models.columns import str_enum
from widget_server.models.organization import Organization

# The remote kinds of work nonprofits ask for, in the order a visitor meets them.
CATEGORIES = (
    "web_design",
    "data_entry",
    "social_media",
    "app_development",
    "volunteer_coordination",
    "writing",
    "graphic_design",
    "marketing",
    "video",
    "expert_advice",
    "translation",
    "research",
    "other",
)


class TaskStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"
    ARCHIVED = "archived"


class Commitment(enum.StrEnum):
    ONE_OFF = "one_off"
    ONGOING = "ongoing"
    FIXED_TERM = "fixed_term"


class Schedule(enum.StrEnum):
    FLEXIBLE = "flexible"
    FIXED = "fixed"


class Task(Model):
    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("taken >= 0", name="taken_not_negative"),
        CheckConstraint("capacity IS NULL OR taken <= capacity", name="taken_within_capacity"),
        Index("ix_task_organization_status", "organization_id", "status"),
        # The server's directory: open tasks of every organization, newest first.
        Index("ix_task_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    status: Mapped[TaskStatus] = mapped_column(str_enum(TaskStatus), default=TaskStatus.DRAFT)
    category: Mapped[str] = mapped_column(String(32))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "|design|arabic|": lets one LIKE find a skill on every database.
    skill_tags: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours_per_week: Mapped[int] = mapped_column(Integer)
    commitment: Mapped[Commitment] = mapped_column(str_enum(Commitment))
    duration_weeks: Mapped[int | None] = mapped_column(Integer)
    schedule: Mapped[Schedule] = mapped_column(str_enum(Schedule), default=Schedule.FLEXIBLE)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    apply_by: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: unlimited
    waitlist: Mapped[bool] = mapped_column(Boolean, default=False)
    # Slots held by sign-ups; changed only by conditional UPDATEs
    # (see services/volunteering/capacity.py).
    taken: Mapped[int] = mapped_column(Integer, default=0)
    custom_questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    default_locale: Mapped[str] = mapped_column(String(8), default="en")
    # Normalised text of every translation and skill, for Arabic-aware search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()
    translations: Mapped[list[TaskTranslation]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="TaskTranslation.locale",
    )

    def text_for(self, locale: str) -> TaskTranslation:
        """The translation in locale, else the task's own language, else any."""
        by_locale = {t.locale: t for t in self.translations}
        return by_locale.get(locale) or by_locale.get(self.default_locale) or self.translations[0]

    @property
    def spots_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


class TaskTranslation(Model):
    __tablename__ = "task_translation"
    __table_args__ = (UniqueConstraint("task_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    description_html: Mapped[str] = mapped_column(Text, default="")  # rendered, sanitised
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="translations")
