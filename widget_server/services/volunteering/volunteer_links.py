"""Signed links that let a volunteer act on their sign-up without an account.

Each token names one sign-up and one action, signed with the server's secret key
(itsdangerous), so a token for "withdraw" cannot be used to erase, and a changed
character makes it worthless. A confirmation link expires after a week; withdraw and
erase links, and the conversation's, last as long as anyone keeps a sign-up; a
certificate link ten years; accept and decline links name one offer of a freed slot, and
work once, while that offer is open.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

SALT = "volunteer-link"
ACTIONS = ("confirm", "withdraw", "erase", "certificate", "accept", "decline", "conversation")
# Accept and decline links also name one offer, which is open for a few days at most:
# the offer's own expiry decides (services/volunteering/slot_offers.py); this only bounds the token.
OFFER_ACTIONS = frozenset({"accept", "decline"})
MAX_AGE_SECONDS = {
    "confirm": 7 * 24 * 3600,
    "withdraw": 400 * 24 * 3600,
    "erase": 400 * 24 * 3600,
    # A certificate is kept for a CV years later.
    "certificate": 10 * 366 * 24 * 3600,
    "accept": 60 * 24 * 3600,
    "decline": 60 * 24 * 3600,
    # The conversation with the organization: read and answered as long as the sign-up lasts.
    "conversation": 400 * 24 * 3600,
}


class LinkError(Exception):
    """The link cannot be used; code is link_invalid or link_expired."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class LinkClaims:
    action: str
    signup_public_id: str
    offer_public_id: str | None = None


@functools.lru_cache(maxsize=16)
def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    # Kept: the worker signs three or four links per email, and building it each time
    # was a fifth of the signing's cost.
    return URLSafeTimedSerializer(secret_key, salt=salt)


def signed(secret_key: str, salt: str, issued_at: float | None = None) -> URLSafeTimedSerializer:
    """The serializer of one kind of link; issued_at dates its tokens (tests go back in time)."""
    if issued_at is None:
        return _serializer(secret_key, salt)

    stamp = int(issued_at)

    class _IssuedAt(TimestampSigner):
        def get_timestamp(self) -> int:
            return stamp

    return URLSafeTimedSerializer(secret_key, salt=salt, signer=_IssuedAt)


def load_signed(secret_key: str, salt: str, token: str, max_age: int, kind: str = "link") -> Any:
    """What a token of this kind carries, or LinkError <kind>_expired or <kind>_invalid."""
    try:
        return signed(secret_key, salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(f"{kind}_expired") from None
    except BadSignature:
        raise LinkError(f"{kind}_invalid") from None


def make_token(
    secret_key: str,
    action: str,
    signup_public_id: str,
    *,
    offer_public_id: str | None = None,
    issued_at: float | None = None,
) -> str:
    """A link token for one action on one sign-up (and offer), issued now (or then)."""
    if action not in ACTIONS or (action in OFFER_ACTIONS) != (offer_public_id is not None):
        raise ValueError(f"unknown action {action!r} or offer missing")
    data = {"a": action, "s": signup_public_id}
    if offer_public_id is not None:
        data["o"] = offer_public_id
    return signed(secret_key, SALT, issued_at).dumps(data)


def read_token(
    secret_key: str, token: str, action: str, *, max_age: int | None = None
) -> LinkClaims:
    """The claims of a token made for `action`, or LinkError (tampered, other action, old)."""
    age = MAX_AGE_SECONDS[action] if max_age is None else max_age
    data = load_signed(secret_key, SALT, token, age)
    if not isinstance(data, dict) or data.get("a") != action or not isinstance(data.get("s"), str):
        raise LinkError("link_invalid")
    offer = data.get("o")
    if (action in OFFER_ACTIONS) != isinstance(offer, str):
        raise LinkError("link_invalid")
    return LinkClaims(action, data["s"], offer)


FORM_SALT = "volunteer-form"
FORM_MAX_AGE_SECONDS = 2 * 3600


def _link_digest(link_token: str) -> str:
    return hashlib.sha256(link_token.encode()).hexdigest()[:32]


def make_form_token(secret_key: str, action: str, link_token: str) -> str:
    """Proof that a POST comes from the page this server showed for this very link."""
    return signed(secret_key, FORM_SALT).dumps({"a": action, "l": _link_digest(link_token)})


def check_form_token(secret_key: str, form_token: str, action: str, link_token: str) -> None:
    """Return quietly for a fresh token of this page; else LinkError form_invalid/expired."""
    data = load_signed(secret_key, FORM_SALT, form_token, FORM_MAX_AGE_SECONDS, "form")
    if not isinstance(data, dict) or data != {"a": action, "l": _link_digest(link_token)}:
        raise LinkError("form_invalid")
