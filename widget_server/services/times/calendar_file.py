"""A task with fixed times as an iCalendar file (RFC 5545) that calendar apps import."""

from __future__ import annotations

from dataclasses import dataclass

from icalendar import Calendar, Event

from widget_server.models import Schedule, Task
from widget_server.services.errors import NotFound
from widget_server.services.inputs.control_chars import without_control_chars
from widget_server.services.times.zones import zone_or_utc

PRODID = "-//Volunteer Widget Server//Tasks//EN"


@dataclass(frozen=True)
class EventText:
    """What the event says, in the reader's language, and where it links to."""

    title: str
    description: str
    language: str
    url: str
    location: str


def has_fixed_times(task: Task) -> bool:
    return task.schedule is Schedule.FIXED and task.starts_at is not None


def task_calendar(task: Task, text: EventText, uid_domain: str) -> bytes:
    """The task's session as one VEVENT in its own time zone, with that zone's VTIMEZONE.

    The UID is the task's public id at this server, so importing the file again updates the
    event rather than adding a second one.
    """
    if not has_fixed_times(task) or task.starts_at is None:
        raise NotFound("task_not_found")
    zone = zone_or_utc(task.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{task.public_id}@{uid_domain}")
    event.add("dtstamp", task.updated_at)
    event.add("last-modified", task.updated_at)
    # Local times with a TZID keep a session at its wall-clock time across a DST change.
    event.add("dtstart", task.starts_at.astimezone(zone))
    if task.ends_at is not None:
        event.add("dtend", task.ends_at.astimezone(zone))
    language = {"LANGUAGE": text.language}
    event.add("summary", without_control_chars(text.title), parameters=language)
    event.add("description", without_control_chars(text.description), parameters=language)
    event.add("location", text.location)
    event.add("url", text.url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
