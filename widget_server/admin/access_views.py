"""Forgotten passwords and invitations: links sent by email through the outbox."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.forms.recovery_forms import (
    AcceptInvitationForm,
    ForgotPasswordForm,
    InviteForm,
    NewPasswordForm,
)
from widget_server.admin.guard import (
    current_membership,
    current_organization,
    public_page,
    require_role,
    sign_in,
)
from widget_server.models import Organization, Role
from widget_server.services.access import account_access, invitations
from widget_server.services.errors import ValidationFailed
from widget_server.settings import secret_key
from widget_server.web.error_texts import field_message
from widget_server.web.rate_limits import reset_limits


@bp.get("/password/forgot")
@public_page
def password_forgot() -> str:
    """Ask for a reset link by email."""
    return render_template("admin/password_forgot.html", form=ForgotPasswordForm(), sent=False)


@bp.post("/password/forgot")
@public_page
@reset_limits
def password_forgot_submit() -> str | tuple[str, int]:
    """Queue the email if the account exists; the answer is the same either way."""
    form = ForgotPasswordForm()
    if not form.validate():
        return render_template("admin/password_forgot.html", form=form, sent=False), 422
    account_access.request_password_reset(
        db.session(),
        form.email.data,
        str(get_locale()),
        lifetime_seconds=int(current_app.config["RESET_LINK_SECONDS"]),
    )
    return render_template("admin/password_forgot.html", form=form, sent=True)


@bp.get("/password/reset/<token>")
@public_page
def password_reset(token: str) -> str:
    """The new-password form, if the link is genuine, recent and unused."""
    account_access.check_reset_token(db.session(), secret_key(), token)
    return render_template("admin/password_reset.html", form=NewPasswordForm(), token=token)


@bp.post("/password/reset/<token>")
@public_page
def password_reset_submit(token: str) -> Response | tuple[str, int]:
    """Set the new password and sign in; the link is then used up."""
    session = db.session()
    account_access.check_reset_token(session, secret_key(), token)
    form = NewPasswordForm()
    if form.validate():
        try:
            user = account_access.reset_password(session, secret_key(), token, form.password.data)
        except ValidationFailed as refused:
            session.rollback()
            form.password.errors = [field_message(refused.fields["password"])]
        else:
            sign_in(user)
            flash(_("Your new password is set."), "info")
            return redirect(url_for("admin.home"), 303)
    return render_template("admin/password_reset.html", form=form, token=token), 422


@bp.get("/invitations/new")
@require_role(Role.OWNER)
def invitation_new() -> str:
    """Invite someone to the current organization with a role."""
    return render_template("admin/invitation_new.html", form=InviteForm(role="editor"))


@bp.post("/invitations/new")
@require_role(Role.OWNER)
def invitation_create() -> Response | tuple[str, int]:
    """Queue the invitation email."""
    form = InviteForm()
    if form.validate():
        try:
            invitations.invite_member(
                db.session(),
                current_organization(),
                form.email.data,
                Role(form.role.data),
                str(get_locale()),
                user_id=current_membership().user_id,
                lifetime_seconds=int(current_app.config["INVITATION_LINK_SECONDS"]),
            )
        except ValidationFailed as refused:
            db.session().rollback()
            form.email.errors = [field_message(refused.fields["email"])]
        else:
            flash(_("The invitation is on its way to %(email)s.", email=form.email.data), "info")
            return redirect(url_for("admin.invitation_new"), 303)
    return render_template("admin/invitation_new.html", form=form), 422


@bp.post("/invitations/<public_id>/revoke")
@require_role(Role.OWNER)
def invitation_revoke(public_id: str) -> Response:
    """Withdraw an invitation: its link stops working."""
    invitation = invitations.revoke_invitation(
        db.session(), current_organization(), public_id, user_id=current_membership().user_id
    )
    flash(_("The invitation of %(email)s is withdrawn.", email=invitation.email), "info")
    return redirect(url_for("admin.team_page"), 303)


@bp.get("/invitations/<token>")
@public_page
def invitation_accept(token: str) -> str:
    """What the invitation is for, and the password to join with."""
    return _accept_page(token, AcceptInvitationForm())


@bp.post("/invitations/<token>")
@public_page
def invitation_accept_submit(token: str) -> Response | tuple[str, int]:
    """Join the organization and sign in to it."""
    session = db.session()
    form = AcceptInvitationForm()
    if form.validate():
        try:
            user, invitation = invitations.accept_invitation(
                session, secret_key(), token, form.password.data
            )
        except ValidationFailed as refused:
            session.rollback()
            form.password.errors = [field_message(refused.fields["password"])]
        else:
            sign_in(user, invitation.organization_id)
            flash(_("Welcome! You are now a member."), "info")
            return redirect(url_for("admin.home"), 303)
    return _accept_page(token, form), 422


def _accept_page(token: str, form: AcceptInvitationForm) -> str:
    session = db.session()
    invitation = invitations.read_invitation(session, secret_key(), token)
    account = invitations.invitation_account(session, invitation)
    return render_template(
        "admin/invitation_accept.html",
        form=form,
        token=token,
        invitation=invitation,
        organization=session.get(Organization, invitation.organization_id),
        existing=account is not None and bool(account.password_hash),
        signed_in_as=g.membership.user.email if g.membership else None,
    )
