"""What a volunteer's page shows of their conversation, and the form to write to them."""

from __future__ import annotations

from typing import Any

from flask import request

from widget_server import db
from widget_server.admin.guard import current_organization
from widget_server.models import Signup
from widget_server.services.messaging import answers, conversation, recipients, saved_replies


def chosen_reply(fields: dict[str, str], name: str = "message") -> dict[str, str]:
    """The form's fields, with the saved reply named by ?reply= as the text to start from
    (NotFound for another organization's)."""
    public_id = request.args.get("reply", "")
    if name in fields or not public_id:
        return fields
    reply = saved_replies.get_reply(db.session(), current_organization().id, public_id)
    return {**fields, name: reply.body}


def conversation_context(signup: Signup, fields: dict[str, str]) -> dict[str, Any]:
    """The timeline (answers not read yet marked as new) and the form."""
    session = db.session()
    organization = current_organization()
    fields = chosen_reply(fields)
    timeline = conversation.timeline(session, signup)
    return {
        "timeline": timeline,
        "replies": saved_replies.list_replies(session, organization.id),
        "message_fields": fields,
        "can_write": signup.status not in recipients.NOT_WRITTEN_TO,
    }


def mark_shown_answers_read(signup: Signup, timeline: list[conversation.Entry]) -> None:
    """Once the page showing them is drawn, its new answers leave the badge."""
    if any(entry.unread for entry in timeline):
        answers.mark_read(db.session(), signup.organization_id, signup.id)
