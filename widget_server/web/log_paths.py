"""A request path fit for access logs: what follows a link's token is left out.

Links sent by email carry capabilities in their path (password resets, invitations, the
volunteer's own links, alert confirmations, certificate codes). Access logs keep paths for
months and reach more people than the database does, so each request's environ gets
``widget_server.log_path``: the path, cut after the route's prefix on those routes. The
access-log formats in README's Deployment section log it instead of the path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

ENVIRON_KEY = "widget_server.log_path"

# Routes whose path carries a token or code after these prefixes.
TOKEN_ROUTE_PREFIXES = (
    "/admin/password/reset/",
    "/admin/invitations/",
    "/v/",
    "/alerts/confirm/",
    "/alerts/unsubscribe/",
    "/c/",
)


def loggable_path(path: str) -> str:
    """The path, or on a token route its prefix followed by "…"."""
    for prefix in TOKEN_ROUTE_PREFIXES:
        if path.startswith(prefix) and path != "/admin/invitations/new":
            return prefix + "…"
    return path


class LogPathMiddleware:
    """Sets environ["widget_server.log_path"] before the app sees the request, so that the
    WSGI server's access log can use it for every answer, errors included."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        script = environ.get("SCRIPT_NAME", "")
        environ[ENVIRON_KEY] = script + loggable_path(environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)
