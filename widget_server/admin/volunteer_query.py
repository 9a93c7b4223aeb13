"""The volunteer list's filters, read leniently from the query string (a bad value is ignored)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import request

from widget_server.admin.local_time import admin_zone
from widget_server.models import Organization, SignupStatus
from widget_server.services.volunteering.volunteers import VolunteerFilters

PER_PAGE = 25
_PUBLIC_ID = re.compile(r"^[A-Za-z0-9_]{1,32}$")
FILTER_NAMES = ("status", "task", "skill", "q", "since", "until", "needs_reply")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None


def _start(day: date, organization: Organization) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo(admin_zone()))


def read_filters(organization: Organization) -> VolunteerFilters:
    """Dates are days in the reader's time zone; "until" includes its whole day."""
    status = request.args.get("status", "")
    task = request.args.get("task", "")
    since, until = _day("since"), _day("until")
    page = request.args.get("page", "1")
    return VolunteerFilters(
        status=status if status in {s.value for s in SignupStatus} else None,
        task=task if _PUBLIC_ID.match(task) else None,
        since=_start(since, organization) if since else None,
        until=_start(until + timedelta(days=1), organization) if until else None,
        skill=request.args.get("skill", "").strip()[:50] or None,
        q=request.args.get("q", "").strip()[:200] or None,
        needs_reply=request.args.get("needs_reply") == "1",
        page=int(page) if page.isdigit() and 0 < int(page) < 10**5 else 1,
        per_page=PER_PAGE,
    )


def current_args(**changes: Any) -> dict[str, Any]:
    """The filters now in the query string, with some changed (None drops one)."""
    args = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    args.update(changes)
    return {k: v for k, v in args.items() if v not in (None, "")}
