"""The one way an absolute URL to this server is made, for pages, emails, feeds and commands."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

# Where `widget-server run` listens: the links of a server started without PUBLIC_URL,
# when no request says how it was reached (commands, the outbox worker).
_LOCAL_URL = "http://127.0.0.1:8000"


def public_url(path: str = "") -> str:
    """path ("/o/sawa") on this server as an absolute URL: from the PUBLIC_URL setting,
    else the address the current request came to, else the local default."""
    base = current_app.config["PUBLIC_URL"]
    if not base:
        base = request.host_url.rstrip("/") if has_request_context() else _LOCAL_URL
    return base + path


def public_host() -> str:
    """The host name of public_url() ("volunteer.example"), for mail addresses."""
    return urlsplit(public_url()).hostname or "localhost"
