"""The admin blueprint itself: guard before every request, strict headers after it."""

from __future__ import annotations

import contextlib
from typing import Any, cast

from flask import Blueprint, Flask, Response, g
from flask.blueprints import BlueprintSetupState
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from widget_server.admin import navigation
from widget_server.admin.guard import csrf, load_admin
from widget_server.admin.labels import role_label
from widget_server.web.error_handlers import ApiError, handle_domain_error, handle_http_error
from widget_server.web.page_policy import apply_page_policy

bp = Blueprint("admin", __name__)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    # Only the admin blueprint checks CSRF (in load_admin): the API and the iframe forms
    # use keys and signed form tokens instead of cookies.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    # The session lifetime already bounds a token; a form left open over lunch still works.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)


bp.before_request(load_admin)


@bp.after_request
def _private_pages(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Cookie")
    return apply_page_policy(response, None)


@bp.errorhandler(HTTPException)
def _error_page(error: HTTPException) -> Response:
    """Errors raised before the guard ran (a 429 from the limiter) still get admin pages."""
    if "membership" not in g:
        with contextlib.suppress(HTTPException):
            load_admin()
    if isinstance(error, CSRFError):
        # A stale tab or a page saved long ago; a forged post gets the same plain answer.
        return handle_domain_error(ApiError(400, "form_expired"))
    return handle_http_error(error)


@bp.context_processor
def _layout_values() -> dict[str, Any]:
    return {
        "nav_items": navigation.visible_items(),
        "membership": g.get("membership"),
        "memberships": g.get("memberships") or [],
        "role_label": role_label,
    }
