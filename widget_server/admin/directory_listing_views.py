"""Whether the organization's open tasks are listed on the server's front page (/)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.models import Role
from widget_server.services.access import organizations


@bp.post("/embed/directory")
@require_role(Role.OWNER)
def embed_directory() -> Response:
    """List the organization on the server's front page, or take it off."""
    listed = request.form.get("in_directory") == "on"
    organizations.set_in_directory(
        db.session(), current_organization(), listed, user_id=current_membership().user_id
    )
    if listed:
        flash(_("Your open tasks are listed on the server's front page."), "info")
    else:
        flash(_("Your tasks are no longer listed on the server's front page."), "info")
    return redirect(url_for("admin.embed_page", _anchor="directory"), 303)
