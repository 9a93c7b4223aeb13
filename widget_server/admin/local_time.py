"""Times shown in the admin panel: in the organization's own time zone and the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from babel.dates import format_date, format_datetime
from flask import g
from flask_babel import get_locale

from widget_server.admin.blueprint import bp


def _zone() -> str:
    membership = g.get("membership")
    return membership.organization.timezone if membership else "UTC"


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
    return format_datetime(value, "medium", tzinfo=_zone(), locale=str(get_locale()))
