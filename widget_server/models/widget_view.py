"""Widget views per organization, host site and day: counts only, nothing about visitors."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from widget_server.db import Model


class WidgetViewCount(Model):
    __tablename__ = "widget_view_count"
    __table_args__ = (UniqueConstraint("organization_id", "origin", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(255))
    day: Mapped[date] = mapped_column(Date)
    views: Mapped[int] = mapped_column(Integer, default=0)
