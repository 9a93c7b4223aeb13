"""Time zones: the organization's working hours (owners) and each member's own zone."""

from __future__ import annotations

from collections.abc import Mapping

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.models import Role
from widget_server.services.access import accounts
from widget_server.services.errors import ValidationFailed
from widget_server.services.times import working_hours
from widget_server.services.times.time_display import weekday_names
from widget_server.services.times.zones import zone_choices_with, zone_label
from widget_server.web.error_texts import field_messages


def _render(
    hours: Mapping[str, object], zone: str, errors: dict[str, str], status: int = 200
) -> tuple[str, int]:
    locale = str(get_locale())
    organization = current_organization()
    page = render_template(
        "admin/time_zones.html",
        hours=hours,
        zone=zone,
        errors=errors,
        weekdays=list(weekday_names(locale).items()),
        zones=zone_choices_with(locale, zone),
        organization_zone=f"{zone_label(organization.timezone, locale)} ({organization.timezone})",
    )
    return page, status


def _saved_hours() -> dict[str, object]:
    current = working_hours.WorkingHours.of(current_organization())
    return {
        "days": [str(d) for d in current.days],
        "start": current.start.strftime("%H:%M") if current.start else "",
        "end": current.end.strftime("%H:%M") if current.end else "",
    }


@bp.get("/time-zones")
@require_role(Role.VIEWER)
def time_zones_page() -> tuple[str, int]:
    """The member's own zone, and the organization's working hours."""
    return _render(_saved_hours(), current_membership().user.timezone or "", {})


@bp.post("/time-zones/mine")
@require_role(Role.VIEWER)
def my_time_zone_save() -> Response | tuple[str, int]:
    """The zone the panel shows times in for this member; empty: the organization's."""
    zone = request.form.get("timezone", "")
    try:
        accounts.set_time_zone(db.session(), current_membership().user, zone)
    except ValidationFailed as refused:
        return _render(_saved_hours(), zone, field_messages(refused.fields), 422)
    flash(_("Your time zone is saved."), "info")
    return redirect(url_for("admin.time_zones_page"), 303)


@bp.post("/time-zones/working-hours")
@require_role(Role.OWNER)
def working_hours_save() -> Response | tuple[str, int]:
    """The weekdays and daily span volunteers see as the organization's working hours."""
    days = request.form.getlist("days")
    start, end = request.form.get("start", ""), request.form.get("end", "")
    try:
        hours = working_hours.read_working_hours(days, start, end)
        working_hours.save_working_hours(
            db.session(), current_organization(), hours, user_id=current_membership().user_id
        )
    except ValidationFailed as refused:
        typed = {"days": days, "start": start, "end": end}
        return _render(
            typed, current_membership().user.timezone or "", field_messages(refused.fields), 422
        )
    flash(_("The working hours are saved."), "info")
    return redirect(url_for("admin.time_zones_page"), 303)
