"""A task's times for one visitor's zone, for the pages and emails that show them."""

from __future__ import annotations

from flask_babel import gettext

from widget_server.db import utcnow
from widget_server.models import Organization, Schedule, Task
from widget_server.services.times.time_display import LocalTimes, task_local_times, weekday_names


def local_times(
    task: Task, organization: Organization, zone: str | None, locale: str
) -> LocalTimes | None:
    """The fixed session, else the organization's next working hours; None: nothing to show.

    Without the visitor's zone the times come in the task's own zone only.
    """
    fixed = task.schedule is Schedule.FIXED and task.starts_at is not None
    return task_local_times(
        starts_at=task.starts_at if fixed else None,
        ends_at=task.ends_at if fixed else None,
        task_zone=task.timezone,
        visitor_zone=zone or (task.timezone if fixed else organization.timezone),
        locale=locale,
        working_days=list(organization.working_days or ()),
        working_from=organization.working_from,
        working_to=organization.working_to,
        organization_zone=organization.timezone,
        now=utcnow(),
    )


def day_choices(locale: str) -> list[tuple[str, str]]:
    """The days a window may cover: common working weeks first, then each day."""
    names = weekday_names(locale)
    groups = [
        ("1,2,3,4,5,6,7", gettext("Every day")),
        ("1,2,3,4,5", gettext("Monday to Friday")),
        ("1,2,3,4,7", gettext("Sunday to Thursday")),
        ("5,6", gettext("Friday and Saturday")),
        ("6,7", gettext("Saturday and Sunday")),
    ]
    return groups + [(str(day), name) for day, name in names.items()]
