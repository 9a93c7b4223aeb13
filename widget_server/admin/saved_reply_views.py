"""Saved replies: the organization's messages to start from, written and changed by editors."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_actor, current_organization, require_role
from widget_server.models import Role
from widget_server.services.errors import DomainError, ValidationFailed
from widget_server.services.messaging import saved_replies
from widget_server.web.error_texts import error_message, field_messages


def _page(fields: dict[str, str], errors: dict[str, str], status: int) -> ResponseReturnValue:
    session = db.session()
    organization = current_organization()
    editing = fields.get("reply") or request.args.get("edit", "")
    if editing and "title" not in fields:
        reply = saved_replies.get_reply(session, organization.id, editing)  # NotFound: another's
        fields = {"reply": reply.public_id, "title": reply.title, "body": reply.body}
    page = render_template(
        "admin/saved_replies.html",
        replies=saved_replies.list_replies(session, organization.id),
        fields=fields,
        errors=errors,
        editing=bool(fields.get("reply")),
    )
    return (page, status) if status != 200 else page


@bp.get("/messages/replies")
@require_role(Role.EDITOR)
def saved_replies_page() -> ResponseReturnValue:
    """The saved replies, and the form to write one or change the one being edited."""
    return _page({}, {}, 200)


@bp.post("/messages/replies")
@require_role(Role.EDITOR)
def saved_reply_save() -> ResponseReturnValue:
    """Write a new saved reply, or change the one named by the form's reply field."""
    fields = {name: request.form.get(name, "") for name in ("reply", "title", "body")}
    try:
        saved_replies.save_reply(
            db.session(),
            current_organization(),
            fields["title"],
            fields["body"],
            by=current_actor(),
            public_id=fields["reply"] or None,
        )
    except ValidationFailed as exc:
        return _page(fields, field_messages(exc.fields), 422)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _page(fields, {"title": error_message(exc.code, exc.params)}, exc.status)
    flash(_("The saved reply “%(title)s” is saved.", title=fields["title"].strip()), "info")
    return redirect(url_for("admin.saved_replies_page"), 303)


@bp.post("/messages/replies/<reply_id>/delete")
@require_role(Role.EDITOR)
def saved_reply_delete(reply_id: str) -> ResponseReturnValue:
    """Delete a saved reply (messages sent from it stay as they were sent)."""
    saved_replies.delete_reply(db.session(), current_organization(), reply_id, by=current_actor())
    flash(_("The saved reply is deleted."), "info")
    return redirect(url_for("admin.saved_replies_page"), 303)
