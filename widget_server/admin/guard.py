"""Who is signed in, in which organization, and with what role: checked on every admin route.

Every view of the admin blueprint declares its access with ``@require_role(Role.X)`` or
``@public_page``; a view that declares neither is refused (fail closed), and
``tests/test_admin_access.py`` walks every route to prove it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFProtect

from widget_server import db
from widget_server.locales import pick
from widget_server.models import Membership, Organization, Role, User
from widget_server.services.access import accounts, admin_sessions
from widget_server.services.audit import Actor

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = "public"
csrf = CSRFProtect()


def require_role(role: Role) -> Callable[[F], F]:
    """Only members of the current organization with this role or a higher one may enter."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            membership = g.get("membership")
            if membership is None:
                return redirect(url_for("admin.signin", next=_local_path()), 303)
            if not accounts.role_allows(membership.role, role):
                abort(403)
            return view(*args, **kwargs)

        guarded.admin_access = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public_page(view: F) -> F:
    """A page for people who are not signed in (sign-in, password reset, invitations)."""
    view.admin_access = PUBLIC  # type: ignore[attr-defined]
    return view


def current_membership() -> Membership:
    """The signed-in user's membership in the organization they are working in."""
    return g.membership


def current_actor() -> Actor:
    """The signed-in member, as the audit log names who made a change."""
    return Actor.member(g.membership.user_id)


def current_organization() -> Organization:
    return g.membership.organization


def current_user() -> User:
    return g.membership.user


def sign_in(user: User, organization_id: int | None = None) -> None:
    """Start a fresh session (a new id and CSRF token, nothing kept from before signing in)."""
    locale = session.get("locale")
    sign_out()
    session.permanent = True
    session["sid"] = admin_sessions.start_session(db.session(), user.id, _lifetimes())
    session["locale"] = locale or user.locale
    if organization_id is not None:
        session["org"] = organization_id


def sign_out() -> None:
    """End this session for good (a copy of its cookie opens nothing) and forget it here."""
    token = session.get("sid")
    if isinstance(token, str):
        admin_sessions.end_session(db.session(), token)
    forget_session()


def forget_session() -> None:
    """Clear the cookie's session, keeping only the language chosen."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def _lifetimes() -> admin_sessions.Lifetimes:
    return admin_sessions.lifetimes_from(current_app.config)


def load_admin() -> Response | None:
    """Before every admin request: errors as admin pages, the member, CSRF, and access."""
    g.html_errors = True
    g.error_layout = "admin/_layout.html"
    _load_membership()
    _apply_locale()
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "admin_access", None) is None:
        abort(403)  # a view that forgot to declare who may use it
    if getattr(view, "max_content_length", None):
        request.max_content_length = view.max_content_length  # type: ignore[union-attr]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    return None


def _load_membership() -> None:
    g.membership = None
    g.memberships = []
    token = session.get("sid")
    if not isinstance(token, str):
        if "uid" in session:
            forget_session()  # a cookie from before sessions were kept in the database
        return
    memberships = admin_sessions.open_session(db.session(), token, _lifetimes())
    if memberships is None:
        # Signed out (here or everywhere), password changed, removed, idle or too old.
        forget_session()
        return
    if not memberships:
        sign_out()  # the account lost its last membership
        return
    chosen = next((m for m in memberships if m.organization_id == session.get("org")), None)
    g.memberships = memberships
    g.membership = chosen or memberships[0]
    session["org"] = g.membership.organization_id


def _apply_locale() -> None:
    # An explicit ?locale= wins (select_locale reads it); then the admin's own choice.
    g.locale_hint = pick(session.get("locale")) or (
        g.membership.user.locale if g.membership else None
    )


def _local_path() -> str:
    return request.full_path.rstrip("?") if request.method == "GET" else url_for("admin.home")


def safe_next(target: str | None) -> str:
    """A redirect target inside the admin panel only (never another site)."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.home")
