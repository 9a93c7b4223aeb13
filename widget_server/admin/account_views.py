"""Signing in and out, and switching language or organization."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.forms.signin import LocaleForm, OrganizationForm, SignInForm
from widget_server.admin.guard import (
    current_user,
    forget_session,
    public_page,
    require_role,
    safe_next,
    sign_in,
    sign_out,
)
from widget_server.models import Role
from widget_server.services.access import accounts, admin_sessions
from widget_server.web.rate_limits import signin_limits


@bp.get("/")
@require_role(Role.VIEWER)
def home() -> Response:
    """The panel opens on the dashboard."""
    return redirect(url_for("admin.dashboard_page"))


@bp.get("/sign-in")
@public_page
def signin() -> str | Response:
    """The sign-in form (signed-in members go straight in)."""
    if g.membership is not None:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    return render_template("admin/signin.html", form=form)


@bp.post("/sign-in")
@public_page
@signin_limits
def signin_submit() -> tuple[str, int] | Response:
    """Check the password; a refusal says the same whichever of the two was wrong."""
    form = SignInForm()
    if form.validate():
        user = accounts.authenticate(db.session(), form.email.data, form.password.data)
        memberships = accounts.memberships_of(db.session(), user.id) if user else []
        if user is not None and memberships:
            sign_in(user, memberships[0].organization_id)
            return redirect(safe_next(form.next.data), 303)
        form.form_errors.append(_("The email address or the password is not right."))
    return render_template("admin/signin.html", form=form), 200


@bp.post("/sign-out")
@public_page
def signout() -> Response:
    """Forget the session; posting (with the CSRF token) keeps other sites from doing it."""
    sign_out()
    flash(_("You are signed out."), "info")
    return redirect(url_for("admin.signin"), 303)


@bp.post("/sign-out-everywhere")
@require_role(Role.VIEWER)
def signout_everywhere() -> Response:
    """End every session of this account on every device, this one included."""
    admin_sessions.sign_out_everywhere(db.session(), current_user().id)
    forget_session()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("admin.signin"), 303)


@bp.post("/language")
@public_page
def switch_language() -> Response:
    """Answer in another language from now on (remembered on the account when signed in)."""
    form = LocaleForm()
    if form.validate():
        session["locale"] = form.locale.data
        if g.membership is not None:
            accounts.set_locale(db.session(), g.membership.user, form.locale.data)
    return redirect(safe_next(form.next.data), 303)


@bp.post("/organization")
@require_role(Role.VIEWER)
def switch_organization() -> Response:
    """Work in another of the user's organizations."""
    form = OrganizationForm()
    if form.validate() and form.organization.data in {m.organization_id for m in g.memberships}:
        session["org"] = form.organization.data
    # The page being left may show another organization's object: start from the list.
    return redirect(url_for("admin.home"), 303)
