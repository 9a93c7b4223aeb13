"""The embed (/embed/v1): widget.js, hashed assets, and the pages shown inside iframes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from widget_server import assets
from widget_server.auth import forget_cached_organization, load_publishable_key
from widget_server.frames.frame_context import FrameContext, load_frame_context
from widget_server.frames.frame_signup import show_form, submit_form
from widget_server.services.catalog import widget_theme
from widget_server.web.listing_page import card, load_listing
from widget_server.web.page_policy import answer_errors_as_pages, apply_page_policy
from widget_server.web.rate_limits import listing_limits, signup_limits

bp = Blueprint("frames", __name__)

WIDGET_MAX_AGE = 300
IMMUTABLE = "public, max-age=31536000, immutable"
_FILE_ENDPOINTS = frozenset({"frames.widget_js", "frames.asset", "frames.accent_css"})
# The form carries a fresh token, and after a POST what the visitor typed: never store it.
_PRIVATE_ENDPOINTS = frozenset({"frames.signup_form", "frames.signup_submit"})


bp.before_request(answer_errors_as_pages)


@bp.after_request
def _frame_policy(response: Response) -> Response:
    if request.endpoint in _FILE_ENDPOINTS:
        return response
    if request.endpoint in _PRIVATE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    organization = g.get("organization")
    if organization is None:
        return apply_page_policy(response, None)
    # 'self': the admin panel's live preview of the widget opens these pages too.
    return apply_page_policy(response, ["'self'", *organization.allowed_origins])


bp.after_request(forget_cached_organization)


@bp.context_processor
def _frame_globals() -> dict[str, FrameContext | None]:
    return {"frame": g.get("frame")}


@bp.get("/widget.js")
def widget_js() -> Response:
    """The widget bundle: a stable URL, a short cache and a strong ETag."""
    registry = assets.registry()
    response = Response(registry.widget_js, content_type="application/javascript; charset=utf-8")
    response.set_etag(registry.widget_etag)
    response.cache_control.public = True
    response.cache_control.max_age = WIDGET_MAX_AGE
    # Host pages may load it with crossorigin="anonymous" (e.g. for SRI or error details).
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.make_conditional(request)
    return response


@bp.get("/assets/<filename>")
def asset(filename: str) -> Response:
    """A content-hashed file: cached for a year, since its URL changes with its content."""
    found = assets.registry().files.get(filename)
    if found is None:
        abort(404)
    response = Response(found.body, content_type=found.media_type)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/accent/<colour>.css")
def accent_css(colour: str) -> Response:
    """An accent colour as CSS variables: iframe pages allow no inline style, only files.

    The URL names the colour, so the file never changes: cached for a year.
    """
    value = "#" + colour.lower()
    if not widget_theme.is_hex_colour(value):
        abort(404)
    body = f":root{{--vw-accent:{value};--vw-on-accent:{widget_theme.on_accent(value)}}}"
    response = Response(body, content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.get("/board")
@listing_limits
def board() -> str:
    """Open tasks as a full page, for hosts that embed an iframe and no script."""
    organization = load_publishable_key(check_origin=False)
    frame = load_frame_context(organization)
    locale = str(get_locale())
    listing = load_listing(organization)
    return render_template(
        "frames/board.html",
        organization=organization,
        listing=listing,
        cards=[card(task, locale) for task in listing.page.items],
        link_args=frame.link_args(),
    )


@bp.get("/tasks/<task_id>/signup")
def signup_form(task_id: str) -> ResponseReturnValue:
    """The sign-up form for one task, shown in an iframe or opened on its own."""
    return show_form(task_id)


@bp.post("/tasks/<task_id>/signup")
@signup_limits
def signup_submit(task_id: str) -> tuple[str, int]:
    """Check the form token and honeypot, then sign up through the one validator."""
    return submit_form(task_id)
