"""Signed links of alert emails: confirm a subscription request, and unsubscribe.

Both carry opaque ids only, never an address (links end up in access logs): a
confirmation link names a pending request (the address and criteria wait in the
database, and a stranger typing someone's address changes nothing of theirs); it works
for a week. An unsubscribe link names one subscription and works for as long as anyone
keeps one; every alert email carries a fresh one.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

CONFIRM_SALT = "alert-confirm"
UNSUBSCRIBE_SALT = "alert-unsubscribe"
CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600
UNSUBSCRIBE_MAX_AGE_SECONDS = 400 * 24 * 3600


class LinkError(Exception):
    """The link cannot be used; code is link_invalid or link_expired."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _load(secret_key: str, salt: str, token: str, max_age: int) -> Any:
    try:
        return URLSafeTimedSerializer(secret_key, salt=salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError("link_expired") from None
    except BadSignature:
        raise LinkError("link_invalid") from None


def make_confirm_token(
    secret_key: str, request_public_id: str, *, issued_at: float | None = None
) -> str:
    """A link for a pending request (by its public id), issued now or at a given time."""
    if issued_at is None:
        return URLSafeTimedSerializer(secret_key, salt=CONFIRM_SALT).dumps(request_public_id)

    stamp = int(issued_at)

    class _IssuedAt(TimestampSigner):
        def get_timestamp(self) -> int:
            return stamp

    serializer = URLSafeTimedSerializer(secret_key, salt=CONFIRM_SALT, signer=_IssuedAt)
    return serializer.dumps(request_public_id)


def read_confirm_token(
    secret_key: str, token: str, *, max_age: int = CONFIRM_MAX_AGE_SECONDS
) -> str:
    """The pending request's public id, or LinkError."""
    data: Any = _load(secret_key, CONFIRM_SALT, token, max_age)
    if not isinstance(data, str):
        raise LinkError("link_invalid")
    return data


def make_unsubscribe_token(secret_key: str, subscription_public_id: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=UNSUBSCRIBE_SALT).dumps(subscription_public_id)


def read_unsubscribe_token(
    secret_key: str, token: str, *, max_age: int = UNSUBSCRIBE_MAX_AGE_SECONDS
) -> str:
    data = _load(secret_key, UNSUBSCRIBE_SALT, token, max_age)
    if not isinstance(data, str):
        raise LinkError("link_invalid")
    return data
