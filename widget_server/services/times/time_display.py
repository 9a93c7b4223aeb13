"""A task's times and an organization's working hours as a volunteer far away reads them.

Everything is formatted by Babel (CLDR) in the reader's language, on a 24-hour clock so
"13:30" reads the same in Arabic, English and French mail and pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from babel.dates import format_date, format_interval, get_day_names

from widget_server.locales import direction
from widget_server.services.times.availability import windows_in_zone
from widget_server.services.times.local_times import Span, next_working_span, overlap_with_day
from widget_server.services.times.zones import is_zone, zone_label, zone_or_utc


def clock_span(span: Span, zone: str, locale: str) -> str:
    """ "13:30–17:30" in zone."""
    local = span.within(zone_or_utc(zone))
    text = format_interval(local.start, local.end, "Hm", tzinfo=local.start.tzinfo, locale=locale)
    return isolated(text, locale)


def moment_span(span: Span, zone: str, locale: str) -> str:
    """ "Thursday, 14 January 2027, 21:30–23:30" in zone, or two full moments across midnight."""
    local = span.within(zone_or_utc(zone))
    if local.start.date() == local.end.date():
        day = format_date(local.start.date(), "full", locale=locale)
        return f"{day}{_comma(locale)}{clock_span(span, zone, locale)}"
    return " – ".join(moment(m, zone, locale) for m in (local.start, local.end))


def moment(value: datetime, zone: str, locale: str) -> str:
    """One instant with its date, on a 24-hour clock."""
    local = value.astimezone(zone_or_utc(zone))
    day = format_date(local.date(), "full", locale=locale)
    return f"{day}{_comma(locale)}{local:%H:%M}"


@dataclass(frozen=True)
class LocalTimes:
    """What to show a volunteer: the same times in their zone and in the task's."""

    your_zone: str
    their_zone: str
    yours: str  # the task's time (or its next working hours) in the volunteer's zone
    theirs: str  # the same in the task's or organization's zone
    overlap: str | None  # the part inside the volunteer's day, as clock times; None: none
    same_zone: bool
    working_hours: bool  # True: the span is the organization's working hours, not a session
    your_zone_name: str = "UTC"  # the IANA name, unambiguous in an email


def task_local_times(
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    task_zone: str,
    visitor_zone: str,
    locale: str,
    working_days: list[int],
    working_from: time | None,
    working_to: time | None,
    organization_zone: str,
    now: datetime,
) -> LocalTimes | None:
    """A fixed task's session, else the organization's next working hours, for one visitor."""
    if starts_at is not None:
        span = Span(starts_at, ends_at or starts_at)
        their_zone, working = task_zone, False
    else:
        found = next_working_span(working_days, working_from, working_to, organization_zone, now)
        if found is None:
            return None
        span, their_zone, working = found, organization_zone, True
    shared = overlap_with_day(span, visitor_zone) if span.end > span.start else None
    if ends_at is None and not working:
        yours, theirs = (
            moment(span.start, visitor_zone, locale),
            moment(span.start, their_zone, locale),
        )
    else:
        yours = moment_span(span, visitor_zone, locale)
        theirs = moment_span(span, their_zone, locale)
    return LocalTimes(
        your_zone=zone_label(visitor_zone, locale),
        their_zone=zone_label(their_zone, locale),
        yours=yours,
        theirs=theirs,
        overlap=clock_span(shared, visitor_zone, locale) if shared else None,
        same_zone=span.start.astimezone(zone_or_utc(visitor_zone)).utcoffset()
        == span.start.astimezone(zone_or_utc(their_zone)).utcoffset(),
        working_hours=working,
        your_zone_name=visitor_zone if is_zone(visitor_zone) else "UTC",
    )


def isolated(text: str, locale: str) -> str:
    """In right-to-left text, "18:30–21:00" kept left to right (else it reads 21:00–18:30)
    and on one line (word joiners around the dash)."""
    if direction(locale) != "rtl":
        return text
    return "\u2066" + text.replace("–", "\u2060–\u2060") + "\u2069"


def _comma(locale: str) -> str:
    return "، " if locale.startswith("ar") else ", "


def weekday_names(locale: str) -> dict[int, str]:
    """ISO weekday -> its name in locale (1: "Monday", "lundi", "الاثنين")."""
    names = get_day_names("wide", locale=locale)
    return {index + 1: names[index] for index in range(7)}


@dataclass(frozen=True)
class WindowText:
    own: str  # "Mon, Tue 18:30–21:00" in the volunteer's zone
    seen: str  # the same days and hours in the reader's zone


def describe_windows(
    windows: list[dict[str, Any]], own_zone: str, reader_zone: str, locale: str, today: date
) -> list[WindowText]:
    """Each availability window as the volunteer gave it and as the reader's clock shows it."""
    names = get_day_names("abbreviated", locale=locale)
    comma = _comma(locale)

    def days_text(days: list[int]) -> str:
        return comma.join(names[d - 1] for d in sorted(set(days)))

    described = []
    for window in windows:
        start, end = window["from"], window["to"]
        groups: dict[tuple[str, str], list[int]] = {}
        for seen in windows_in_zone([window], own_zone, reader_zone, today):
            key = (f"{seen.start:%H:%M}", f"{seen.end:%H:%M}")
            groups.setdefault(key, []).append(seen.start.isoweekday())
        described.append(
            WindowText(
                own=f"{days_text(window['days'])} {isolated(f'{start}–{end}', locale)}",
                seen="; ".join(
                    f"{days_text(days)} {isolated(f'{s}–{e}', locale)}"
                    for (s, e), days in groups.items()
                ),
            )
        )
    return described
