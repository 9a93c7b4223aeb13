"""Which webhook URLs the server may call: http(s) only, and not into private networks.

An endpoint URL is chosen by an organization, so without this check anyone with a secret
key could make the server call its own loopback or the operator's internal network
(server-side request forgery). Names are resolved and every address must be public;
the check runs when an endpoint is saved and again before each delivery, because DNS
answers may change in between.

IPv6 addresses that carry an IPv4 address (IPv4-mapped and IPv4-compatible, NAT64, 6to4,
Teredo) reach that IPv4 host, so the IPv4 address inside is judged by the same rules.
The translation ranges (NAT64, 6to4, Teredo) are refused as a whole unless the operator
allows them (WIDGET_SERVER_WEBHOOK_ALLOW_NAT64): a NAT64 gateway turns them into any
IPv4 address its network reaches, the operator's own included.
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


def check_url_target(url: str, *, allow_private: bool, allow_nat64: bool = False) -> None:
    """Raise UnsafeWebhookUrl unless every address the URL's host resolves to is public."""
    if not allow_private:
        public_address(url, allow_nat64=allow_nat64)


def public_address(url: str, *, allow_nat64: bool = False) -> str:
    """An address of the URL's host, if every address it resolves to is public."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeWebhookUrl(f"{host} does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses or not all(is_public(a, allow_nat64=allow_nat64) for a in addresses):
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


_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# RFC 6052: where the IPv4 address sits in a NAT64 address, for each prefix length a
# network may choose inside 64:ff9b:1::/48 (bit 64-71 is always zero, so it is skipped).
_RFC6052_OFFSETS = {
    48: (6, 7, 9, 10),
    56: (7, 9, 10, 11),
    64: (9, 10, 11, 12),
    96: (12, 13, 14, 15),
}


def _ipv4_at(address: ipaddress.IPv6Address, offsets: tuple[int, ...]) -> ipaddress.IPv4Address:
    packed = address.packed
    return ipaddress.IPv4Address(bytes(packed[i] for i in offsets))


def embedded_ipv4(
    address: ipaddress.IPv6Address,
) -> tuple[list[ipaddress.IPv4Address], bool]:
    """The IPv4 addresses an IPv6 address may lead to, and whether it is a translation
    range (NAT64, 6to4, Teredo) rather than a host's own address form."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped], False
    if address in _NAT64_WELL_KNOWN:
        return [_ipv4_at(address, _RFC6052_OFFSETS[96])], True
    if address in _NAT64_LOCAL:
        return [_ipv4_at(address, offsets) for offsets in _RFC6052_OFFSETS.values()], True
    if address.sixtofour is not None:
        return [address.sixtofour], True
    if address.teredo is not None:
        return list(address.teredo), True
    if address in _IPV4_COMPATIBLE and int(address) > 1:  # ::a.b.c.d, not :: or ::1
        return [_ipv4_at(address, _RFC6052_OFFSETS[96])], False
    return [], False


def is_public(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_nat64: bool = False
) -> bool:
    """Whether a webhook may be sent to this address (see the module's docstring)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner, translated = embedded_ipv4(address)
        if translated and not allow_nat64:
            return False
        if inner:
            return all(is_public(ipv4) for ipv4 in inner)
    return address.is_global and not address.is_multicast


def check_endpoint_url(url: str, *, allow_private: bool, allow_nat64: bool = False) -> str:
    """A URL fit to save as an endpoint, or ValidationFailed naming the url field."""
    url = check_url_shape(url)
    try:
        check_url_target(url, allow_private=allow_private, allow_nat64=allow_nat64)
    except UnsafeWebhookUrl:
        raise ValidationFailed({"url": FieldProblem("url_not_public")}) from None
    return url
