"""Signed links for admins: resetting a password, and joining an organization by invitation.

Tokens are signed with the server's secret (itsdangerous) and carry their time. A reset
token also carries a fingerprint of the password hash it was made for, so it works once:
setting a new password changes the hash and every earlier link stops working. The links
themselves are signed when the email is sent (mail/admin_links.py), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from widget_server.models import Role
from widget_server.services.errors import DomainError

_RESET_SALT = "admin-password-reset"
_INVITATION_SALT = "admin-invitation"


class LinkInvalid(DomainError):
    status = 400
    code = "admin_link_invalid"


class LinkExpired(DomainError):
    status = 410
    code = "admin_link_expired"


class LinkUsed(DomainError):
    status = 410
    code = "admin_link_used"


@dataclass(frozen=True)
class Invitation:
    organization_id: int
    email: str
    role: Role


def _serializer(secret: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=salt)


def _load(secret: str, salt: str, token: str, max_age: int) -> Any:
    try:
        return _serializer(secret, salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None


def make_reset_token(secret: str, user_id: int, fingerprint: str) -> str:
    return _serializer(secret, _RESET_SALT).dumps({"u": user_id, "p": fingerprint})


def read_reset_token(secret: str, token: str, max_age: int) -> tuple[int, str]:
    """(user id, password fingerprint) from a reset token; LinkExpired or LinkInvalid."""
    data = _load(secret, _RESET_SALT, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise LinkInvalid()
    return data["u"], str(data.get("p", ""))


def make_invitation_token(secret: str, invitation: Invitation) -> str:
    return _serializer(secret, _INVITATION_SALT).dumps(
        {"o": invitation.organization_id, "e": invitation.email, "r": invitation.role.value}
    )


def read_invitation_token(secret: str, token: str, max_age: int) -> Invitation:
    data = _load(secret, _INVITATION_SALT, token, max_age)
    try:
        return Invitation(int(data["o"]), str(data["e"]), Role(data["r"]))
    except (KeyError, TypeError, ValueError):
        raise LinkInvalid() from None
