"""The figures on an organization's dashboard, each in one query."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.models import Organization, Signup, Task, TaskStatus
from widget_server.services.catalog.widget_views import SiteConversion, conversion_by_site

WEEKS = 12
CONVERSION_DAYS = 30


@dataclass(frozen=True)
class WeekCount:
    start: date  # the Monday the week starts on, in the organization's time zone
    signups: int


@dataclass(frozen=True)
class Dashboard:
    open_tasks: int
    signups_this_week: int
    weeks: list[WeekCount]
    sites: list[SiteConversion]
    conversion_since: date


def _start_of(day: date, tz: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def local_today(organization: Organization, now: datetime) -> date:
    return now.astimezone(zoneinfo.ZoneInfo(organization.timezone)).date()


def build_dashboard(session: Session, organization: Organization, now: datetime) -> Dashboard:
    """Open tasks, this week's sign-ups, sign-ups per week and conversion per host site."""
    tz = zoneinfo.ZoneInfo(organization.timezone)
    today = now.astimezone(tz).date()
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=WEEKS - 1)
    open_tasks = (
        session.scalar(
            select(func.count())
            .select_from(Task)
            .where(Task.organization_id == organization.id, Task.status == TaskStatus.OPEN)
        )
        or 0
    )
    # Only the timestamps, bucketed here: weeks in the organization's own time zone, the
    # same on SQLite and PostgreSQL.
    created = session.scalars(
        select(Signup.created_at).where(
            Signup.organization_id == organization.id,
            Signup.created_at >= _start_of(first_monday, tz),
        )
    )
    per_week = dict.fromkeys(range(WEEKS), 0)
    for moment in created:
        index = (moment.astimezone(tz).date() - first_monday).days // 7
        if 0 <= index < WEEKS:
            per_week[index] += 1
    weeks = [WeekCount(first_monday + timedelta(weeks=i), per_week[i]) for i in range(WEEKS)]
    since_day = today - timedelta(days=CONVERSION_DAYS - 1)
    sites = conversion_by_site(session, organization.id, since_day, _start_of(since_day, tz))
    return Dashboard(open_tasks, weeks[-1].signups, weeks, sites, since_day)
