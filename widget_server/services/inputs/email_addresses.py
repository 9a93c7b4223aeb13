"""Email addresses: the one normal form an address takes wherever it says who someone is.

Admin accounts, sign-in limits, invitations, password resets, sign-ups (one per person per
task), alert subscriptions and privacy look-ups all compare addresses in this form, so a
look-alike spelling of an address (full-width letters, compatibility characters, capital
letters, a domain in Unicode or in its xn-- form) reaches the same person everywhere.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from widget_server.services.errors import FieldProblem, ValidationFailed


@lru_cache(maxsize=1024)  # a sign-up reads its address more than once; errors are not kept
def read_email(value: str) -> tuple[str, str]:
    """(the address as written, its normal form), or ValidationFailed naming "email".

    As written: compatibility characters folded (NFKC) and the domain in its IDNA form,
    the local part's case kept. Normal form: the local part lowercased as well. Lowercase,
    not case-folded: folding turns "ß" into "ss", which is another mailbox.
    """
    text = unicodedata.normalize("NFKC", value.strip())
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationFailed({"email": FieldProblem("invalid_email")}) from None
    local = unicodedata.normalize("NFKC", checked.local_part.lower())
    return checked.normalized, f"{local}@{checked.domain}"


def normalise_email(value: str) -> str:
    """The address's normal form, or ValidationFailed naming "email"."""
    return read_email(value)[1]


def email_key(value: str) -> str:
    """The normal form of anything typed as an address, even when it is no valid address.

    For counting attempts (sign-in limits): every spelling of one address shares a bucket,
    and a string that is no address is still folded the same way.
    """
    try:
        return normalise_email(value)
    except ValidationFailed:
        return unicodedata.normalize("NFKC", value.strip().lower())
