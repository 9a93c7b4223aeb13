"""Who may frame our HTML pages and what they may load: one strict policy, files only."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, g

# Styles and scripts come from hashed files on this server; nothing inline anywhere.
_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'"
)


def frame_ancestors(origins: Iterable[str] | None) -> str:
    """The organization's allowed origins, space separated, or 'none'."""
    listed = " ".join(origins or ())
    return listed or "'none'"


def apply_page_policy(response: Response, ancestors: Iterable[str] | None) -> Response:
    """Strict CSP with frame-ancestors, and no X-Frame-Options (frame-ancestors replaces it)."""
    response.headers["Content-Security-Policy"] = (
        f"{_PAGE_POLICY}; frame-ancestors {frame_ancestors(ancestors)}"
    )
    response.headers.pop("X-Frame-Options", None)
    return response


def framed_by_nobody(response: Response) -> Response:
    """after_request hook of pages that no site may frame."""
    return apply_page_policy(response, None)


def private_page(response: Response) -> Response:
    """after_request hook of pages of personal data or of a link that is someone's key:
    never cached, never sent onward in a Referer, never framed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return apply_page_policy(response, None)


def answer_errors_as_pages() -> None:
    """For blueprints of pages people see: errors render as pages in the frame layout."""
    g.html_errors = True
    g.error_layout = "_layouts/frame.html"
