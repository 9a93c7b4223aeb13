"""Signed sign-up form tokens: what a cookie session would carry, without a cookie.

Third-party cookies are blocked in embedded iframes, so the form carries its own proof
that this server issued it, for which organization and task, and when.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "signup-form"
MAX_AGE_SECONDS = 2 * 60 * 60
# People take longer than this to fill in a form; scripts do not (FORM_MIN_SECONDS).
MIN_AGE_SECONDS = 2.0
# Clocks of several servers behind one load balancer may disagree a little.
CLOCK_SKEW_SECONDS = 60.0


class FormTokenError(Exception):
    """The form cannot be accepted; code is form_invalid, form_expired or form_too_fast."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class FormClaims:
    organization_id: int
    task_id: str
    issued_at: float


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_token(
    secret_key: str, organization_id: int, task_id: str, *, now: float | None = None
) -> str:
    """A token for one organization's task form, issued now (or at a given time)."""
    issued_at = time.time() if now is None else now
    return _serializer(secret_key).dumps({"o": organization_id, "t": task_id, "iat": issued_at})


def check_token(
    secret_key: str,
    token: str,
    organization_id: int,
    task_id: str,
    *,
    now: float | None = None,
    min_age_seconds: float = MIN_AGE_SECONDS,
) -> FormClaims:
    """The token's claims if it was issued for this form min_age_seconds to 2 h ago; else
    FormTokenError."""
    current = time.time() if now is None else now
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        raise FormTokenError("form_invalid") from None
    if not isinstance(data, dict):
        raise FormTokenError("form_invalid")
    issued_at = data.get("iat")
    if (
        data.get("o") != organization_id
        or data.get("t") != task_id
        or not isinstance(issued_at, int | float)
        or isinstance(issued_at, bool)
        or issued_at > current + CLOCK_SKEW_SECONDS
    ):
        raise FormTokenError("form_invalid")
    age = current - issued_at
    if age > MAX_AGE_SECONDS:
        raise FormTokenError("form_expired")
    if age < min_age_seconds:
        raise FormTokenError("form_too_fast")
    return FormClaims(organization_id, task_id, float(issued_at))
