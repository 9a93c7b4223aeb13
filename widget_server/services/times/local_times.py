"""Wall-clock times in IANA zones: reading them safely and finding where two days overlap.

Local times are read strictly: a time the clocks skip (Paris, 29 March 2026, 02:30) or
pass twice (Paris, 25 October 2026, 02:30) is refused with a problem that says which,
instead of silently moving an hour. Spans are converted through UTC instants, so
half-hour zones (Asia/Kolkata, America/St_Johns) and daylight-saving days come out right.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from widget_server.services.times.zones import zone_or_utc

# The part of a volunteer's day we count as theirs when showing an overlap.
VOLUNTEER_DAY = (time(8, 0), time(22, 0))


class LocalTimeProblem(ValueError):
    """A wall-clock time that does not name exactly one instant in its zone."""

    def __init__(self, code: str, zone: str) -> None:
        super().__init__(code)
        self.code = code  # "time_skipped" or "time_repeated"
        self.zone = zone


def strict_local(moment: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in zone_name as an aware datetime; LocalTimeProblem if ambiguous."""
    zone = zoneinfo.ZoneInfo(zone_name)
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    # The two folds differ only around a change; a time that does not survive a round trip
    # through UTC was skipped, one that does was passed twice.
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
        raise LocalTimeProblem("time_skipped", zone_name)
    raise LocalTimeProblem("time_repeated", zone_name)


def lenient_local(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """A wall-clock time as an instant, moving a skipped time forward as clocks do."""
    moment = datetime.combine(day, at, tzinfo=zone)
    return moment.astimezone(UTC).astimezone(zone)


@dataclass(frozen=True)
class Span:
    """Two instants; shown in some zone, they may fall on different dates."""

    start: datetime
    end: datetime

    def within(self, zone: zoneinfo.ZoneInfo) -> Span:
        return Span(self.start.astimezone(zone), self.end.astimezone(zone))


def daily_span(day: date, start: time, end: time, zone_name: str) -> Span:
    """The span from start to end on day in zone_name; an end at or before the start is next day."""
    zone = zone_or_utc(zone_name)
    begins = lenient_local(day, start, zone)
    finishes = lenient_local(day + timedelta(days=1 if end <= start else 0), end, zone)
    return Span(begins.astimezone(UTC), finishes.astimezone(UTC))


def overlap_with_day(span: Span, zone_name: str) -> Span | None:
    """The part of span inside the volunteer's waking hours (VOLUNTEER_DAY) in zone_name.

    The volunteer's days that span touches are tried in order; the first that shares any
    time wins, so a span across local midnight gives its earlier daytime part.
    """
    zone = zone_or_utc(zone_name)
    local = span.within(zone)
    day = local.start.date() - timedelta(days=1)
    while day <= local.end.date():
        waking = daily_span(day, VOLUNTEER_DAY[0], VOLUNTEER_DAY[1], zone_name)
        start, end = max(span.start, waking.start), min(span.end, waking.end)
        if start < end:
            return Span(start, end).within(zone)
        day += timedelta(days=1)
    return None


def next_working_span(
    days: list[int], start: time | None, end: time | None, zone_name: str, now: datetime
) -> Span | None:
    """The organization's working hours on its next working day that has not ended yet."""
    if not days or start is None or end is None:
        return None
    today = now.astimezone(zone_or_utc(zone_name)).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if day.isoweekday() in days:
            span = daily_span(day, start, end, zone_name)
            if span.end > now:
                return span
    return None
