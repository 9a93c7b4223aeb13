"""Volunteers' availability windows: read from a payload, and seen from another time zone.

A window is ``{"days": [1, 3], "from": "18:00", "to": "21:00"}``: ISO weekdays (1 =
Monday) and a daily span in the volunteer's own zone; a "to" before "from" runs past
midnight. A few rows are enough to say when someone can help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from widget_server.services.inputs.validation import MISSING, PayloadReader
from widget_server.services.times.local_times import daily_span
from widget_server.services.times.zones import zone_or_utc

MAX_WINDOWS = 5
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_clock(value: object) -> time | None:
    """ "18:30" -> time(18, 30); None for anything else."""
    match = _CLOCK.match(value) if isinstance(value, str) else None
    return time(int(match[1]), int(match[2])) if match else None


def read_windows(reader: PayloadReader, name: str = "availability_windows") -> list[dict[str, Any]]:
    """The windows sent under name, checked; each problem names its row and field."""
    raw = reader.raw(name)
    if raw is MISSING or raw is None:
        return []
    if not isinstance(raw, list):
        reader.problem(name, "wrong_type", expected="array")
        return []
    if len(raw) > MAX_WINDOWS:
        reader.problem(name, "too_many", max=MAX_WINDOWS)
        return []
    windows = []
    for index, item in enumerate(raw):
        prefix = f"{name}.{index}."
        if not isinstance(item, dict):
            reader.problem(f"{name}.{index}", "wrong_type", expected="object")
            continue
        days, start, end = (
            item.get("days"),
            parse_clock(item.get("from")),
            parse_clock(item.get("to")),
        )
        ok = True
        if (
            not isinstance(days, list)
            or not days
            or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in days)
        ):
            reader.problem(prefix + "days", "invalid_weekdays")
            ok = False
        for part, value in (("from", start), ("to", end)):
            if value is None:
                reader.problem(prefix + part, "invalid_clock")
                ok = False
        if start is not None and start == end:
            reader.problem(prefix + "to", "same_clock")
            ok = False
        for key in item:
            if key not in ("days", "from", "to"):
                reader.problem(prefix + str(key)[:40], "unknown_field")
                ok = False
        if ok:
            days = sorted(set(cast(list[int], days)))
            windows.append({"days": days, "from": item["from"], "to": item["to"]})
    return windows


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
