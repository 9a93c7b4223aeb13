"""Task pages: the list with its filters and counts, and one task's details."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_organization, require_role
from widget_server.admin.labels import task_status_label
from widget_server.admin.local_time import admin_zone
from widget_server.admin.volunteer_query import page_arg
from widget_server.models import Role, TaskStatus
from widget_server.services.catalog import task_overview, tasks
from widget_server.web import visitor_times
from widget_server.web.error_texts import category_label, status_label

PER_PAGE = 50
FILTERS = ("all", *(s.value for s in TaskStatus))


@bp.get("/tasks")
@require_role(Role.VIEWER)
def task_list() -> str:
    """Tasks filtered by status, with sign-ups and free places per task."""
    chosen = request.args.get("status", "all")
    if chosen not in FILTERS:
        chosen = "all"
    overview = task_overview.task_overview(
        db.session(),
        current_organization(),
        status=None if chosen == "all" else TaskStatus(chosen),
        page=page_arg(10**6),
        per_page=PER_PAGE,
    )
    return render_template(
        "admin/task_list.html",
        overview=overview,
        chosen=chosen,
        filters=FILTERS,
        status_label=task_status_label,
        category_label=category_label,
    )


@bp.get("/tasks/<task_id>")
@require_role(Role.VIEWER)
def task_view(task_id: str) -> str:
    """One task: its text in each language, its settings and what may be done with it."""
    session = db.session()
    task = tasks.get_task(session, current_organization(), task_id)
    counts = task_overview.signup_counts(session, [task.id])
    times = visitor_times.local_times(task, task.organization, admin_zone(), str(get_locale()))
    return render_template(
        "admin/task_view.html",
        task=task,
        times=times if times and not times.working_hours else None,
        signups=counts.get(task.id, 0),
        status_label=task_status_label,
        signup_status_label=status_label,
        category_label=category_label,
    )
