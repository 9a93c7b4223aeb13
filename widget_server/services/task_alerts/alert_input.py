"""Checking an alert subscription request: only an address, criteria and a frequency.

The form's fields become a plain payload (as the sign-up form does), read by one
validator; every problem is named by its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from widget_server.models import CATEGORIES, AlertFrequency
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.inputs.validation import PayloadReader, present

_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
MAX_SKILLS = 10
MAX_LANGUAGES = 10
MAX_HOURS = 80
FREQUENCIES = tuple(f.value for f in AlertFrequency)


@dataclass(frozen=True)
class AlertRequest:
    """What a visitor asked for; empty criteria match every task."""

    email: str
    organization_id: int | None
    categories: tuple[str, ...]
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    max_hours: int | None
    frequency: AlertFrequency
    locale: str

    def as_claims(self) -> dict[str, Any]:
        """The compact form a confirmation link carries until the address is confirmed."""
        return {
            "e": self.email,
            "o": self.organization_id,
            "c": list(self.categories),
            "k": list(self.skills),
            "l": list(self.languages),
            "h": self.max_hours,
            "f": self.frequency.value,
            "L": self.locale,
        }

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> AlertRequest:
        """Back from a link this server signed (so its shape is known); ValueError if not."""
        return cls(
            email=str(claims["e"]),
            organization_id=None if claims["o"] is None else int(claims["o"]),
            categories=tuple(str(c) for c in claims["c"]),
            skills=tuple(str(s) for s in claims["k"]),
            languages=tuple(str(code) for code in claims["l"]),
            max_hours=None if claims["h"] is None else int(claims["h"]),
            frequency=AlertFrequency(claims["f"]),
            locale=str(claims["L"]),
        )


def read_request(payload: Any, *, organization_id: int | None, locale: str) -> AlertRequest:
    """The request in a payload, or ValidationFailed naming each bad field."""
    reader = PayloadReader(payload)
    email = reader.string("email", required=True, max_length=254)
    categories = reader.string_list("categories", max_items=len(CATEGORIES), max_length=32)
    skills = reader.string_list("skills", max_items=MAX_SKILLS, max_length=50)
    languages = reader.string_list("languages", max_items=MAX_LANGUAGES, max_length=3)
    max_hours = reader.integer("max_hours", minimum=1, maximum=MAX_HOURS, nullable=True)
    frequency = reader.choice("frequency", FREQUENCIES, required=True)
    if present(email):
        try:
            email = normalise_email(email)
        except ValidationFailed:
            reader.problem("email", "invalid_email")
    if present(categories) and any(c not in CATEGORIES for c in categories):
        reader.problem("categories", "not_a_choice", choices=", ".join(CATEGORIES))
    if present(languages) and any(not _LANGUAGE_RE.match(code) for code in languages):
        reader.problem("languages", "invalid_language")
    reader.finish()
    return AlertRequest(
        email=email,
        organization_id=organization_id,
        categories=tuple(categories) if present(categories) else (),
        skills=tuple(skills) if present(skills) else (),
        languages=tuple(languages) if present(languages) else (),
        max_hours=max_hours if present(max_hours) else None,
        frequency=AlertFrequency(frequency),
        locale=locale,
    )
