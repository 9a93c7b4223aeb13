"""The follow-up page: how soon the organization promises volunteers an answer, and when
a sign-up left unanswered is closed for them."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.models import Role
from widget_server.services.errors import ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.web.error_texts import field_messages

FIELDS = ("response_days", "close_after_days")


def _render(status: int = 200, **state: Any) -> tuple[str, int]:
    organization = current_organization()
    fields = {name: str(getattr(organization, name)) for name in FIELDS}
    fields.update(state.pop("fields", {}))
    page = render_template(
        "admin/followup.html",
        fields=fields,
        limits={
            "response_max": followup.MAX_RESPONSE_DAYS,
            "close_max": followup.MAX_CLOSE_AFTER_DAYS,
        },
        **{"errors": {}, **state},
    )
    return page, status


@bp.get("/follow-up")
@require_role(Role.OWNER)
def followup_page() -> tuple[str, int]:
    """The response promise and the closing limit."""
    return _render()


@bp.post("/follow-up")
@require_role(Role.OWNER)
def followup_save() -> Response | tuple[str, int]:
    """Save both limits, or show what is wrong with each."""
    typed = {name: request.form.get(name, "").strip() for name in FIELDS}
    try:
        settings = followup.save_settings(
            db.session(), current_organization(), typed, user_id=current_membership().user_id
        )
    except ValidationFailed as exc:
        errors = field_messages(exc.fields)
        return _render(422, fields=typed, errors=errors)
    flash(
        ngettext(
            "Volunteers are now promised an answer within %(num)s day.",
            "Volunteers are now promised an answer within %(num)s days.",
            settings.response_days,
        ),
        "info",
    )
    return redirect(url_for("admin.followup_page"), 303)
