"""Things done to a task from its page: publish, pause, close, archive, duplicate."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.form_once import claim_form, complete_form, earlier_result, form_nonce
from widget_server.admin.guard import current_actor, current_organization, require_role
from widget_server.admin.labels import task_status_label
from widget_server.models import Role, Task, TaskStatus
from widget_server.services.catalog import task_copies, tasks

# The buttons a task's page offers in each status: (new status, label).
STATUS_ACTIONS: dict[TaskStatus, list[tuple[str, Any]]] = {
    TaskStatus.DRAFT: [("open", _l("Publish")), ("archived", _l("Archive"))],
    TaskStatus.OPEN: [("paused", _l("Pause")), ("closed", _l("Close"))],
    TaskStatus.PAUSED: [("open", _l("Reopen")), ("closed", _l("Close"))],
    TaskStatus.CLOSED: [("open", _l("Reopen")), ("archived", _l("Archive"))],
    TaskStatus.ARCHIVED: [("draft", _l("Restore as draft"))],
}


@bp.app_template_global()
def status_actions(task: Task) -> list[tuple[str, str]]:
    return [(status, str(label)) for status, label in STATUS_ACTIONS[task.status]]


bp.add_app_template_global(form_nonce, "form_nonce")


@bp.post("/tasks/<task_id>/status")
@require_role(Role.EDITOR)
def task_set_status(task_id: str) -> Response:
    """Move a task to another status; sending the same change twice changes nothing more."""
    session = db.session()
    organization = current_organization()
    tasks.get_task(session, organization, task_id)  # another organization's task: 404 first
    wanted = request.form.get("status", "")
    if wanted not in {s.value for s in TaskStatus}:
        abort(400)
    task = tasks.update_task(session, organization, task_id, {"status": wanted}, by=current_actor())
    status = task_status_label(task.status.value)
    flash(_("The task's status is now: %(status)s.", status=status), "info")
    return redirect(url_for("admin.task_view", task_id=task.public_id), 303)


@bp.post("/tasks/<task_id>/duplicate")
@require_role(Role.EDITOR)
def task_duplicate(task_id: str) -> Response:
    """A draft copy of the task, made once per form however often the button is pressed."""
    session = db.session()
    organization = current_organization()
    tasks.get_task(session, organization, task_id)  # another organization's task: 404
    record = claim_form()
    if record is None:
        earlier = earlier_result().get("task", task_id)
        return redirect(url_for("admin.task_view", task_id=earlier), 303)
    copy = task_copies.duplicate_task(session, organization, task_id, by=current_actor())
    complete_form(record, {"task": copy.public_id})
    flash(_("This is a draft copy; edit it, then publish it."), "info")
    return redirect(url_for("admin.task_view", task_id=copy.public_id), 303)
