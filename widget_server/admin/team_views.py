"""The team page: members and their roles; owners change roles and remove members."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.admin.labels import role_label
from widget_server.models import Role
from widget_server.services.access import invitations, team
from widget_server.services.errors import DomainError
from widget_server.web.error_texts import error_message


@bp.get("/team")
@require_role(Role.VIEWER)
def team_page() -> str:
    """Who is in the organization's team, with what role; owners also see open invitations."""
    organization = current_organization()
    owner = current_membership().role is Role.OWNER
    return render_template(
        "admin/team.html",
        members=team.list_members(db.session(), organization),
        invitations=invitations.open_invitations(db.session(), organization) if owner else [],
        roles=[(r.value, role_label(r.value)) for r in Role],
    )


@bp.post("/team/<int:member_id>/role")
@require_role(Role.OWNER)
def team_set_role(member_id: int) -> Response:
    """Give a member another role (the last owner stays an owner)."""
    try:
        member = team.change_role(
            db.session(),
            current_organization(),
            member_id,
            request.form.get("role", ""),
            user_id=current_membership().user_id,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(error_message(exc.code, exc.params), "error")
    else:
        flash(
            _("%(email)s is now %(role)s.", email=member.user.email, role=role_label(member.role)),
            "info",
        )
    return redirect(url_for("admin.team_page"), 303)


@bp.post("/team/<int:member_id>/remove")
@require_role(Role.OWNER)
def team_remove(member_id: int) -> Response:
    """Take a member out of the team; removing oneself signs one out of this organization."""
    organization = current_organization()
    try:
        member = team.get_member(db.session(), organization, member_id)
        email = member.user.email
        team.remove_member(
            db.session(), organization, member_id, user_id=current_membership().user_id
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(error_message(exc.code, exc.params), "error")
    else:
        flash(_("%(email)s is no longer in the team.", email=email), "info")
    return redirect(url_for("admin.team_page"), 303)
