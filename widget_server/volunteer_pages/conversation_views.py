"""The volunteer's side of the conversation (/v/conversation/<token>): every message and
status change of their sign-up, in their language and time zone, and a form to answer.

The signed token in each email is the key, as for the other /v links: no account and no
cookie. Reading is a GET; answering is a POST that must carry the page's own form token.
A tampered or expired link, an empty or oversized answer, a closed sign-up: the page
says so in the volunteer's language, and nothing is stored or sent.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from widget_server import db
from widget_server.models import Organization, Signup
from widget_server.services.errors import DomainError, ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.services.messaging import answers, conversation
from widget_server.services.volunteering import volunteer_links
from widget_server.settings import secret_key
from widget_server.volunteer_pages.email_link_views import bp, link_error
from widget_server.web.error_texts import error_message, field_message, status_label

ACTION = "conversation"


def _page(
    token: str, signup: Signup, fields: dict[str, str], errors: dict[str, str], status: int
) -> tuple[str, int] | str:
    session = db.session()
    organization = session.get_one(Organization, signup.organization_id)
    zone = followup.volunteer_zone(signup, signup.task, organization)
    locale = str(get_locale())

    def when(moment: datetime) -> str:
        return format_datetime(moment, "medium", tzinfo=ZoneInfo(zone), locale=locale)

    page = render_template(
        "volunteer/conversation.html",
        timeline=conversation.timeline(session, signup),
        when=when,
        zone=zone,
        org_name=organization.name,
        task_title=signup.task.text_for(signup.locale).title,
        status_label=status_label,
        closed=answers.is_closed(signup),
        form_token=volunteer_links.make_form_token(secret_key(), ACTION, token),
        fields=fields,
        errors=errors,
        sent=request.method == "GET" and request.args.get("sent") == "1",
    )
    return (page, status) if status != 200 else page


def _signup_of(token: str) -> Signup | tuple[str, int]:
    """The sign-up the link names, or the page that says why the link cannot be used."""
    try:
        claims = volunteer_links.read_token(secret_key(), token, ACTION)
    except volunteer_links.LinkError as exc:
        return link_error(exc.code)
    try:
        signup = answers.signup_for_link(db.session(), claims.signup_public_id)
    except DomainError:
        return render_template("volunteer/conversation_gone.html"), 404
    g.locale_hint = signup.locale
    return signup


@bp.get(f"/{ACTION}/<token>")
def conversation_page(token: str) -> tuple[str, int] | str:
    """The conversation, oldest first, and the form to answer (reading changes nothing)."""
    found = _signup_of(token)
    if not isinstance(found, Signup):
        return found
    return _page(token, found, {}, {}, 200)


@bp.post(f"/{ACTION}/<token>")
def conversation_answer(token: str) -> ResponseReturnValue:
    """Store the volunteer's answer and tell the team; the page shows it at once."""
    found = _signup_of(token)
    if not isinstance(found, Signup):
        return found
    text = request.form.get("message", "")
    fields = {"message": text}
    try:
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), ACTION, token
        )
    except volunteer_links.LinkError as exc:
        # The text they wrote stays in the form, with a fresh form token to send it again.
        return _page(token, found, fields, {"message": error_message(exc.code)}, 400)
    try:
        answers.receive_answer(db.session(), found.public_id, text)
    except ValidationFailed as exc:
        return _page(token, found, fields, {"message": field_message(exc.fields["body"])}, 422)
    except DomainError as exc:
        return _page(token, found, fields, {"message": error_message(exc.code)}, exc.status)
    # Back to the page by GET, so that reloading it does not send the answer twice.
    target = url_for("volunteer.conversation_page", token=token, locale=found.locale, sent=1)
    return redirect(target, 303)
