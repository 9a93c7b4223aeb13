"""WIDGET_SERVER_SMTP_URL: where and how to send mail, in one URL.

    smtp://user:password@host:25               plain SMTP (add ?starttls=true to upgrade)
    smtp+starttls://user:password@host:587     STARTTLS required
    smtps://user:password@host:465             TLS from the first byte

User and password are percent-decoded. `?timeout=20` sets the socket timeout in seconds;
`?cafile=/path/ca.pem` trusts a private certificate authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
_TRUE = {"1", "true", "yes", "on"}


class SmtpUrlError(ValueError):
    """The SMTP URL cannot be used; the message says why (never the password)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "none", "starttls" or "ssl"
    username: str | None = None
    password: str | None = None
    timeout: float = 20.0
    cafile: str | None = None


def parse_smtp_url(url: str) -> SmtpSettings:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise SmtpUrlError("the SMTP URL must start with smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname:
        raise SmtpUrlError("the SMTP URL names no host")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    security = {"smtp": "none", "smtp+starttls": "starttls", "smtps": "ssl"}[scheme]
    if security == "none" and query.get("starttls", "").lower() in _TRUE:
        security = "starttls"
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
        timeout = float(query.get("timeout", 20))
    except ValueError:
        raise SmtpUrlError("the SMTP URL has a bad port or timeout") from None
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
        cafile=query.get("cafile"),
    )
