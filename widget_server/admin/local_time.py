"""Times shown in the admin panel: in the reader's own time zone (else the organization's)
and the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_datetime
from flask import g, request
from flask_babel import get_locale

from widget_server.admin.blueprint import bp


def admin_zone() -> str:
    """The signed-in member's chosen zone, else the organization's, else UTC."""
    membership = g.get("membership")
    if membership is None:
        return "UTC"
    return membership.user.timezone or membership.organization.timezone


_zone = admin_zone


def _query_day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None


def day_range() -> tuple[datetime | None, datetime | None]:
    """?since= and ?until= as moments in the reader's zone, from the start of since to the end
    of until's whole day; a value that is no date is ignored."""
    zone = zoneinfo.ZoneInfo(admin_zone())
    since, until = _query_day("since"), _query_day("until")
    return (
        datetime.combine(since, time.min, tzinfo=zone) if since else None,
        datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone) if until else None,
    )


@bp.app_template_filter("org_date")
def org_date(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(_zone()))
    return format_date(local.date(), "medium", locale=str(get_locale()))


@bp.app_template_filter("org_datetime")
def org_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(
        value, "medium", tzinfo=zoneinfo.ZoneInfo(_zone()), locale=str(get_locale())
    )
