"""Signed links of alert emails: confirm a subscription request, and unsubscribe.

Both carry opaque ids only, never an address (links end up in access logs): a
confirmation link names a pending request (the address and criteria wait in the
database, and a stranger typing someone's address changes nothing of theirs); it works
for a week. An unsubscribe link names one subscription and works for as long as anyone
keeps one; every alert email carries a fresh one.
"""

from __future__ import annotations

from widget_server.services.volunteering.volunteer_links import LinkError, load_signed, signed

CONFIRM_SALT = "alert-confirm"
UNSUBSCRIBE_SALT = "alert-unsubscribe"
CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600
UNSUBSCRIBE_MAX_AGE_SECONDS = 400 * 24 * 3600


def make_confirm_token(
    secret_key: str, request_public_id: str, *, issued_at: float | None = None
) -> str:
    """A link for a pending request (by its public id), issued now or at a given time."""
    return signed(secret_key, CONFIRM_SALT, issued_at).dumps(request_public_id)


def read_confirm_token(
    secret_key: str, token: str, *, max_age: int = CONFIRM_MAX_AGE_SECONDS
) -> str:
    """The pending request's public id, or LinkError."""
    return _read_id(secret_key, CONFIRM_SALT, token, max_age)


def make_unsubscribe_token(secret_key: str, subscription_public_id: str) -> str:
    return signed(secret_key, UNSUBSCRIBE_SALT).dumps(subscription_public_id)


def read_unsubscribe_token(
    secret_key: str, token: str, *, max_age: int = UNSUBSCRIBE_MAX_AGE_SECONDS
) -> str:
    return _read_id(secret_key, UNSUBSCRIBE_SALT, token, max_age)


def _read_id(secret_key: str, salt: str, token: str, max_age: int) -> str:
    data = load_signed(secret_key, salt, token, max_age)
    if not isinstance(data, str):
        raise LinkError("link_invalid")
    return data
