"""Links that let someone into an admin account: a password reset, an invitation.

A link carries only a random id (the row's public_id), signed with the server's secret so
that ids cannot be guessed or tried: no address or other personal data can be read in it,
and access logs that record it learn nothing about the person. What the link may still do
(not used, not revoked, not expired) is decided by the row, so it works once. The links
are signed when the email is sent (mail/admin_links.py), never stored.
"""

from __future__ import annotations

from itsdangerous import BadSignature, Signer

from widget_server.services.errors import DomainError

RESET = "admin-password-reset"
INVITATION = "admin-invitation"


class LinkInvalid(DomainError):
    status = 400
    code = "admin_link_invalid"


class LinkExpired(DomainError):
    status = 410
    code = "admin_link_expired"


class LinkUsed(DomainError):
    status = 410
    code = "admin_link_used"


class LinkRevoked(DomainError):
    status = 410
    code = "admin_link_revoked"


def make_link_token(secret: str, purpose: str, public_id: str) -> str:
    """The token for a link: the row's random id and a signature over it for this purpose."""
    return Signer(secret, salt=purpose).sign(public_id).decode()


def read_link_token(secret: str, purpose: str, token: str) -> str:
    """The random id a genuine token carries; LinkInvalid otherwise."""
    try:
        return Signer(secret, salt=purpose).unsign(token).decode()
    except (BadSignature, UnicodeError):
        raise LinkInvalid() from None
