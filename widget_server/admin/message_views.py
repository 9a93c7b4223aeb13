"""Messages from the panel: to one volunteer from their page, or to a chosen set (a task's
volunteers by status, or the volunteers list's filters) after a preview of who gets it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.conversation_context import chosen_reply
from widget_server.admin.guard import (
    current_actor,
    current_organization,
    current_user,
    require_role,
)
from widget_server.admin.volunteer_query import current_args, read_filters
from widget_server.admin.volunteer_views import render_volunteer
from widget_server.models import Role
from widget_server.services.errors import DomainError, ValidationFailed
from widget_server.services.messaging import recipients, saved_replies, sending
from widget_server.services.volunteering import volunteers
from widget_server.web.error_texts import error_message, field_message, status_label

PREVIEW_NAMES = 50  # names listed before "and N more"


def _errors(exc: DomainError) -> dict[str, str]:
    """A refusal as the form's errors: the text's problems under "message", the others
    (no one to write to, another's set changed, the hourly allowance) under "recipients"."""
    if isinstance(exc, ValidationFailed):
        return {
            "message" if name == "body" else "recipients": field_message(problem)
            for name, problem in exc.fields.items()
        }
    return {"recipients": error_message(exc.code, exc.params)}


@bp.post("/volunteers/<signup_id>/messages")
@require_role(Role.EDITOR)
def volunteer_message(signup_id: str) -> ResponseReturnValue:
    """Write to one volunteer; their page shows it in the conversation at once."""
    text = request.form.get("message", "")
    try:
        sending.send_message(
            db.session(),
            current_organization(),
            [signup_id],
            text,
            by=current_actor(),
            reply_to=current_user().email,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render_volunteer(signup_id, {}, _errors(exc), exc.status, {"message": text})
    flash(_("Your message is on its way."), "info")
    return redirect(
        url_for("admin.volunteer_view", signup_id=signup_id, _anchor="conversation"), 303
    )


def _compose(fields: dict[str, str], errors: dict[str, str], status: int) -> ResponseReturnValue:
    """The set the filters choose, who of it gets the message, and the form."""
    session = db.session()
    organization = current_organization()
    filters = read_filters()
    ids = recipients.ids_for_filters(session, organization, filters)  # NotFound: a task elsewhere
    chosen: recipients.Recipients | None = None
    try:
        chosen = recipients.resolve(session, organization, ids)  # too many, or none left
    except ValidationFailed as exc:
        errors = {**_errors(exc), **errors}
    task_title = None
    if filters.task:
        titles = dict(volunteers.task_choices(session, organization, str(get_locale())))
        task_title = titles.get(filters.task)
    page = render_template(
        "admin/message_new.html",
        chosen=chosen,
        shown=chosen.signups[:PREVIEW_NAMES] if chosen else [],
        filters=filters,
        task_title=task_title,
        args=current_args,
        replies=saved_replies.list_replies(session, organization.id),
        fields=chosen_reply(fields),
        errors=errors,
        status_label=status_label,
    )
    return (page, status) if status != 200 else page


@bp.get("/messages/new")
@require_role(Role.EDITOR)
def message_new() -> ResponseReturnValue:
    """Who the message would reach, named and counted, and the form to write it."""
    return _compose({}, {}, 200)


@bp.post("/messages/new")
@require_role(Role.EDITOR)
def message_send() -> ResponseReturnValue:
    """Send to the set the preview showed; if it changed meanwhile, show it again."""
    session = db.session()
    organization = current_organization()
    text = request.form.get("message", "")
    expected = request.form.get("expected", "")
    ids = recipients.ids_for_filters(session, organization, read_filters())
    try:
        sent = sending.send_message(
            session,
            organization,
            ids,
            text,
            by=current_actor(),
            reply_to=current_user().email,
            expected_count=int(expected) if expected.isdigit() else None,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _compose({"message": text}, _errors(exc), exc.status)
    flash(
        ngettext(
            "Your message is on its way to %(num)s volunteer.",
            "Your message is on its way to %(num)s volunteers.",
            len(sent),
        ),
        "info",
    )
    return redirect(url_for("admin.volunteer_list", **current_args(page=None)), 303)
