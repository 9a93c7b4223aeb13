"""The dashboard: open tasks, this week's sign-ups, conversion per host site, sign-ups over
time, and how well the follow-up promise is kept."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_date, format_timedelta
from flask import render_template
from flask_babel import get_locale

from widget_server import db
from widget_server.admin import navigation
from widget_server.admin.blueprint import bp
from widget_server.admin.charts import bar_chart
from widget_server.admin.guard import current_organization, require_role
from widget_server.db import utcnow
from widget_server.models import Role
from widget_server.services.follow_up import dashboard, response_metrics
from widget_server.services.task_alerts import alerts


@bp.get("/dashboard")
@require_role(Role.VIEWER)
def dashboard_page() -> str:
    """The organization's figures at a glance."""
    organization = current_organization()
    now = utcnow()
    figures = dashboard.build_dashboard(db.session(), organization, now)
    replies = response_metrics.response_metrics(db.session(), organization, now)
    locale = str(get_locale())

    def duration(value: timedelta | None) -> str:
        return format_timedelta(value, locale=locale) if value is not None else "—"

    weeks = [(format_date(w.start, "d MMM", locale=locale), w.signups) for w in figures.weeks]
    return render_template(
        "admin/dashboard.html",
        figures=figures,
        # How many, never who: the addresses are the subscribers' own business.
        alert_subscribers=alerts.active_count(db.session(), organization.id),
        chart=bar_chart(weeks),
        first_week=format_date(figures.weeks[0].start, "long", locale=locale),
        since=format_date(figures.conversion_since, "long", locale=locale),
        total=sum(w.signups for w in figures.weeks),
        busiest=max(figures.weeks, key=lambda w: w.signups),
        long_date=lambda day: format_date(day, "long", locale=locale),
        rows=[(format_date(w.start, "long", locale=locale), w.signups) for w in figures.weeks],
        replies=replies,
        response_days=organization.response_days,
        needs_reply=navigation.needs_reply_count(),
        duration=duration,
        replies_since=format_date(replies.since.date(), "long", locale=locale),
    )
