"""Times shown in the admin panel: in the reader's own time zone (else the organization's)
and the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from babel.dates import format_date, format_datetime
from flask import g
from flask_babel import get_locale

from widget_server.admin.blueprint import bp


def admin_zone() -> str:
    """The signed-in member's chosen zone, else the organization's, else UTC."""
    membership = g.get("membership")
    if membership is None:
        return "UTC"
    return membership.user.timezone or membership.organization.timezone


_zone = admin_zone


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
