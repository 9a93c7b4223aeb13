"""An organization's working hours: the weekdays and daily span its people answer in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from widget_server.models import Organization
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.times.availability import parse_clock
from widget_server.services.times.local_times import next_working_span
from widget_server.services.times.zones import zone_or_utc


@dataclass(frozen=True)
class WorkingHours:
    days: tuple[int, ...]  # ISO weekdays, 1 = Monday; empty: not said
    start: time | None
    end: time | None

    @classmethod
    def of(cls, organization: Organization) -> WorkingHours:
        return cls(
            tuple(organization.working_days or ()),
            organization.working_from,
            organization.working_to,
        )

    def as_json(
        self, zone: str, zone_label: str | None = None, today: date | None = None
    ) -> dict[str, Any] | None:
        """The hours for the widget; with today, also the span of today's or the next working
        day as instants, so the browser only formats them (its listing is cached per day)."""
        if not self.days or self.start is None or self.end is None:
            return None
        document: dict[str, Any] = {
            "days": list(self.days),
            "from": self.start.strftime("%H:%M"),
            "to": self.end.strftime("%H:%M"),
            "timezone": zone,
        }
        if zone_label:
            document["timezone_label"] = zone_label
        if today is not None:
            midnight = datetime.combine(today, time.min, tzinfo=zone_or_utc(zone))
            span = next_working_span(list(self.days), self.start, self.end, zone, midnight)
            if span is not None:
                document["next"] = {"start": span.start.isoformat(), "end": span.end.isoformat()}
        return document


def read_working_hours(days: list[str], start: str, end: str) -> WorkingHours:
    """Checked values from the panel's form; no days and no times clears them."""
    problems: dict[str, FieldProblem] = {}
    chosen = sorted({int(d) for d in days if d.isdigit() and 1 <= int(d) <= 7})
    if len(chosen) != len(set(days)):
        problems["days"] = FieldProblem("invalid_weekdays")
    begins, ends = parse_clock(start.strip()), parse_clock(end.strip())
    if not chosen and not start.strip() and not end.strip():
        return WorkingHours((), None, None)
    if not chosen:
        problems["days"] = FieldProblem("invalid_weekdays")
    for name, text, value in (("start", start, begins), ("end", end, ends)):
        if value is None:
            problems[name] = FieldProblem("required" if not text.strip() else "invalid_clock")
    if begins is not None and begins == ends:
        problems["end"] = FieldProblem("same_clock")
    if problems:
        raise ValidationFailed(problems)
    return WorkingHours(tuple(chosen), begins, ends)


def save_working_hours(
    session: Session, organization: Organization, hours: WorkingHours, *, user_id: int | None
) -> None:
    """Store the hours; widgets show the new overlap on their next load."""
    if WorkingHours.of(organization) == hours:
        return
    organization.working_days = list(hours.days)
    organization.working_from = hours.start
    organization.working_to = hours.end
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="organization.hours",
        target=organization.slug,
        details=hours.as_json(organization.timezone) or {},
    )
    bump_content_version(session, organization)  # cached listings carry the hours
    session.commit()
