"""Which webhook URLs the server may call: http(s) only, and not into private networks.

An endpoint URL is chosen by an organization, so without this check anyone with a secret
key could make the server call its own loopback or the operator's internal network
(server-side request forgery). Names are resolved and every address must be public;
the check runs when an endpoint is saved and again before each delivery, because DNS
answers may change in between.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from widget_server.services.errors import FieldProblem, ValidationFailed

MAX_URL_LENGTH = 2048


class UnsafeWebhookUrl(Exception):
    """The URL's host is not (or no longer) a public address."""


def check_url_shape(url: str) -> str:
    """The URL if it is an absolute http(s) URL without credentials, else ValidationFailed."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or len(url) > MAX_URL_LENGTH
        or (port is not None and port == 0)
        or not url.isprintable()
        or " " in url
    ):
        raise ValidationFailed({"url": FieldProblem("invalid_url")})
    return url


def check_url_target(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeWebhookUrl unless every address the URL's host resolves to is public."""
    if not allow_private:
        public_address(url)


def public_address(url: str) -> str:
    """An address of the URL's host, if every address it resolves to is public."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeWebhookUrl(f"{host} does not resolve") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses or not all(_is_public(a) for a in addresses):
        raise UnsafeWebhookUrl(f"{host} resolves to a non-public address")
    return str(addresses[0])


def pinned_request(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL with its host replaced by a checked address, and the Host header and TLS
    server name that keep the request addressed (and its certificate checked) as the
    original. Connecting to the address that was checked leaves no second DNS answer to
    point the request elsewhere (DNS rebinding)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return parts._replace(netloc=netloc).geturl(), {"host": host_header}, extensions


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_endpoint_url(url: str, *, allow_private: bool) -> str:
    """A URL fit to save as an endpoint, or ValidationFailed naming the url field."""
    url = check_url_shape(url)
    try:
        check_url_target(url, allow_private=allow_private)
    except UnsafeWebhookUrl:
        raise ValidationFailed({"url": FieldProblem("url_not_public")}) from None
    return url
