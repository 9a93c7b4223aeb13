"""My notifications: how the signed-in member hears of new sign-ups in this organization."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.models import Role
from widget_server.services.access import organizations
from widget_server.services.errors import ValidationFailed

NOTICE_LABELS = {
    "immediate": _l("An email for each new sign-up, right away"),
    "daily": _l("One email a day listing the day's sign-ups"),
    "off": _l("No email about sign-ups"),
}


def _render(chosen: str, errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    page = render_template(
        "admin/notifications.html",
        choices=[(code, str(label)) for code, label in NOTICE_LABELS.items()],
        chosen=chosen,
        errors=errors,
    )
    return page, status


@bp.get("/account/notifications")
@require_role(Role.VIEWER)
def notifications_page() -> tuple[str, int]:
    """The member's own choice, for the organization being worked in."""
    return _render(current_membership().signup_notice.value, {})


@bp.post("/account/notifications")
@require_role(Role.VIEWER)
def notifications_save() -> Response | tuple[str, int]:
    chosen = request.form.get("signup_notice", "")
    membership = current_membership()
    try:
        organizations.set_signup_notice(
            db.session(), current_organization(), membership.user.email, chosen
        )
    except ValidationFailed:
        return _render(chosen, {"signup_notice": _("Choose one of the options.")}, 422)
    flash(_("Your notification choice is saved."), "info")
    return redirect(url_for("admin.notifications_page"), 303)
