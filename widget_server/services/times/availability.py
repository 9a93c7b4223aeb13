"""Volunteers' availability windows: their input model, and seen from another time zone.

A window is ``{"days": [1, 3], "from": "18:00", "to": "21:00"}``: ISO weekdays (1 =
Monday) and a daily span in the volunteer's own zone; a "to" before "from" runs past
midnight. A few rows are enough to say when someone can help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from pydantic import Field, model_validator

from widget_server.services.inputs.field_rules import Rule, Schema, problem
from widget_server.services.inputs.model_problems import InputModel
from widget_server.services.times.local_times import daily_span, zone_or_utc

MAX_WINDOWS = 5
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


def parse_clock(value: object) -> time | None:
    """ "18:30" -> time(18, 30); None for anything else."""
    match = _CLOCK.match(value) if isinstance(value, str) else None
    return time(int(match[1]), int(match[2])) if match else None


@dataclass(frozen=True)
class _Weekdays(Rule):
    def check(self, value: Any) -> list[int]:
        if (
            not isinstance(value, list)
            or not value
            or not all(type(d) is int and 1 <= d <= 7 for d in value)
        ):
            raise problem("invalid_weekdays")
        return sorted(set(value))

    def schema(self) -> Schema:
        days = {"type": "integer", "minimum": 1, "maximum": 7}
        return {"type": "array", "items": days, "minItems": 1, "maxItems": 7}


@dataclass(frozen=True)
class _Clock(Rule):
    def check(self, value: Any) -> str:
        if parse_clock(value) is None:
            raise problem("invalid_clock")
        return str(value)

    def schema(self) -> Schema:
        return {"type": "string", "maxLength": 5, "pattern": _CLOCK.pattern}


class AvailabilityWindow(InputModel):
    """Days and a daily span in the volunteer's own time zone."""

    days: Annotated[list[int], _Weekdays()] = Field(description="ISO weekdays, 1 is Monday.")
    start: Annotated[str, _Clock()] = Field(alias="from", description="Local start, HH:MM.")
    end: Annotated[str, _Clock()] = Field(
        alias="to", description="Local end, HH:MM; before from runs past midnight."
    )

    @model_validator(mode="after")
    def _a_span(self) -> AvailabilityWindow:
        if self.start == self.end:
            raise problem("same_clock", path="to")
        return self

    def stored(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


@dataclass(frozen=True)
class SeenWindow:
    """One day of a window, in the reader's zone: weekday and clock times there."""

    own_weekday: int
    start: datetime
    end: datetime


def windows_in_zone(
    windows: list[dict[str, Any]], own_zone: str, other_zone: str, today: date
) -> list[SeenWindow]:
    """Each day of each window (taken in the week from today) as seen in other_zone."""
    seen = []
    zone = zone_or_utc(other_zone)
    for window in windows:
        start, end = parse_clock(window.get("from")), parse_clock(window.get("to"))
        if start is None or end is None:
            continue
        for weekday in window.get("days", []):
            day = today + timedelta(days=(weekday - today.isoweekday()) % 7)
            span = daily_span(day, start, end, own_zone).within(zone)
            seen.append(SeenWindow(weekday, span.start, span.end))
    return seen
