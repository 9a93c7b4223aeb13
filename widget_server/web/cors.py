"""CORS for the public API: Access-Control-Allow-Origin is echoed only for allowed origins."""

from __future__ import annotations

from flask import Response, g, request

from widget_server.services.access.origins import origin_may_read

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Idempotency-Key"
PREFLIGHT_MAX_AGE = "600"


def add_cors_headers(response: Response) -> Response:
    """Echo the caller's origin if its organization allows it; always vary on Origin.

    A read from an opaque origin gets "null" echoed: the public listing in a sandboxed
    site-builder frame. A preflight or a POST from one gets nothing, so a browser sends no
    sign-up from it.
    """
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    organization = g.get("organization")
    if origin is None or organization is None:
        return response
    if origin_may_read(origin, organization.allowed_origins, request.method):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Retry-After, ETag"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
