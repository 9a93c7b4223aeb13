"""Headers every response carries, whatever produced it."""

from __future__ import annotations

from flask import Flask, Response, request

from widget_server.web.log_paths import loggable_path

# JSON and plain answers need nothing from the network and may be framed by nobody; pages
# that are meant to be framed or to load assets set their own policy before this runs.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if loggable_path(request.path) != request.path:
        # A page opened from an emailed link would send the link's token as the Referer of
        # its own requests (and of links followed from it): it sends none.
        headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
