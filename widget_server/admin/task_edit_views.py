"""Creating and editing a task with every field, and the Markdown preview the form uses."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.form_once import claim_form, complete_form, earlier_result, form_nonce
from widget_server.admin.guard import current_actor, current_organization, require_role
from widget_server.admin.task_form import FormErrors, blank_fields, render_task_form
from widget_server.models import Role, Task
from widget_server.services.catalog import task_fields, tasks
from widget_server.services.catalog.markdown import render_markdown
from widget_server.services.errors import ValidationFailed

MAX_PREVIEW = 20000


@bp.get("/tasks/new")
@require_role(Role.EDITOR)
def task_new() -> str:
    """An empty task form in the organization's language and time zone."""
    return render_task_form(None, blank_fields(current_organization()), None, form_nonce())


@bp.post("/tasks/new")
@require_role(Role.EDITOR)
def task_create() -> Response | tuple[str, int]:
    """Create the task; the same form sent twice creates it once."""
    session = db.session()
    organization = current_organization()
    fields = request.form.to_dict()
    nonce = form_nonce()
    record = claim_form(nonce)
    if record is None:
        earlier = earlier_result(nonce)
        if "task" in earlier:
            return redirect(url_for("admin.task_view", task_id=earlier["task"]), 303)
        return redirect(url_for("admin.task_list"), 303)
    try:
        task = tasks.create_task(
            session,
            organization,
            task_fields.payload_from_fields(fields),
            by=current_actor(),
        )
    except ValidationFailed as refused:
        session.rollback()
        return _refused(None, fields, refused, nonce)
    complete_form(record, {"task": task.public_id})
    flash(_("The task is saved."), "info")
    return redirect(url_for("admin.task_view", task_id=task.public_id), 303)


@bp.get("/tasks/<task_id>/edit")
@require_role(Role.EDITOR)
def task_edit(task_id: str) -> str:
    """The task's form filled with what it holds now."""
    task = tasks.get_task(db.session(), current_organization(), task_id)
    return render_task_form(task, task_fields.fields_from_task(task), None, "")


@bp.post("/tasks/<task_id>/edit")
@require_role(Role.EDITOR)
def task_update(task_id: str) -> Response | tuple[str, int]:
    """Save every field; sending the same form twice leaves the same task."""
    session = db.session()
    organization = current_organization()
    task = tasks.get_task(session, organization, task_id)
    fields = request.form.to_dict()
    try:
        tasks.update_task(
            session,
            organization,
            task_id,
            task_fields.payload_from_fields(fields),
            by=current_actor(),
        )
    except ValidationFailed as refused:
        session.rollback()
        return _refused(task, fields, refused, "")
    flash(_("The task is saved."), "info")
    return redirect(url_for("admin.task_view", task_id=task_id), 303)


@bp.post("/tasks/preview")
@require_role(Role.EDITOR)
def task_preview() -> Response:
    """The description as volunteers will see it: the server's own sanitised rendering."""
    html = render_markdown(request.form.get("text", "")[:MAX_PREVIEW])
    return Response(html, mimetype="text/html")


def _refused(
    task: Task | None, fields: dict[str, Any], refused: ValidationFailed, nonce: str
) -> tuple[str, int]:
    errors = FormErrors.from_problems(refused.fields, fields.get("default_locale") or "en")
    return render_task_form(task, fields, errors, nonce), 422
