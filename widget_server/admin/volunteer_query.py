"""The panel's list filters, read leniently from the query string (a bad value is ignored)."""

from __future__ import annotations

import re
from typing import Any

from flask import request

from widget_server.admin.local_time import day_range
from widget_server.models import SignupStatus
from widget_server.services.volunteering.volunteers import VolunteerFilters

PER_PAGE = 25
_PUBLIC_ID = re.compile(r"^[A-Za-z0-9_]{1,32}$")
FILTER_NAMES = ("status", "task", "skill", "q", "since", "until", "needs_reply", "unread")


def page_arg(limit: int = 10**5) -> int:
    """?page=, or 1 when it is missing or out of range."""
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < limit else 1


def read_filters() -> VolunteerFilters:
    """Dates are days in the reader's time zone; "until" includes its whole day."""
    status = request.args.get("status", "")
    task = request.args.get("task", "")
    since, until = day_range()
    return VolunteerFilters(
        status=status if status in {s.value for s in SignupStatus} else None,
        task=task if _PUBLIC_ID.match(task) else None,
        since=since,
        until=until,
        skill=request.args.get("skill", "").strip()[:50] or None,
        q=request.args.get("q", "").strip()[:200] or None,
        needs_reply=request.args.get("needs_reply") == "1",
        unread=request.args.get("unread") == "1",
        page=page_arg(),
        per_page=PER_PAGE,
    )


def current_args(**changes: Any) -> dict[str, Any]:
    """The filters now in the query string, with some changed (None drops one)."""
    args = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    args.update(changes)
    return {k: v for k, v in args.items() if v not in (None, "")}
