"""Web origins: the one place that decides what an allowed origin looks like."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# The Origin browsers send from a document with an opaque origin: a frame sandboxed without
# allow-same-origin (site builders' embed boxes), a srcdoc or data: document. Anyone can
# make one, so it names no site: it may read what is public and nothing more.
OPAQUE_ORIGIN = "null"
# Requests that only read: the public listing and a task. Sign-ups (POST) are never reads.
READ_METHODS = frozenset({"GET", "HEAD"})
# A host name as browsers send it in Origin: letters, digits and hyphens in dot-separated
# labels (international names in their xn-- form). No "*": an allowed origin also goes into
# CSP frame-ancestors, where "https://*.filesusr.com" would let every Wix site frame the
# form; no spaces or ";", which would add sources or directives to that header.
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def normalise_origin(value: str) -> str | None:
    """ "https://NGO.example:443/" -> "https://ngo.example"; None if it is not an origin."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        if not re.fullmatch(r"[0-9a-f:.]+", host):
            return None
        host = f"[{host}]"
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not _HOST.match(host):
            return None
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def origin_allowed(origin: str | None, allowed: list[str]) -> bool:
    """Whether a browser's Origin header names one of the organization's origins exactly."""
    return origin is not None and origin in allowed


def origin_may_read(origin: str | None, allowed: list[str], method: str) -> bool:
    """Whether a browser request may read public task data: from an allowed origin, or a
    read from an opaque origin (public data is public; nothing it sends is accepted)."""
    if origin == OPAQUE_ORIGIN:
        return method in READ_METHODS
    return origin_allowed(origin, allowed)
