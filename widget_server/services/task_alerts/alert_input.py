"""Checking an alert subscription request: only an address, criteria and a frequency.

The form's fields become a plain payload (as the sign-up form does), read by one
validator; every problem is named by its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import field_validator

from widget_server.models import CATEGORIES, AlertFrequency
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.inputs.field_rules import Choice, Strings, Text, Whole, problem
from widget_server.services.inputs.model_problems import InputModel, read_model

LANGUAGE_CODE = "^[a-z]{2,3}$"
MAX_SKILLS = 10
MAX_LANGUAGES = 10
MAX_HOURS = 80


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


class AlertInput(InputModel):
    """The subscription form's fields: an address, criteria and a frequency."""

    email: Annotated[str, Text(254, required=True)]
    categories: Annotated[list[str], Strings(len(CATEGORIES), 32, choices=CATEGORIES)] = []
    skills: Annotated[list[str], Strings(MAX_SKILLS, 50)] = []
    languages: Annotated[list[str], Strings(MAX_LANGUAGES, 3, pattern=LANGUAGE_CODE)] = []
    max_hours: Annotated[int | None, Whole(1, MAX_HOURS, nullable=True)] = None
    frequency: Annotated[AlertFrequency, Choice.of(AlertFrequency)]

    @field_validator("email", mode="after")
    @classmethod
    def _normal_form(cls, value: str) -> str:
        try:
            return normalise_email(value)
        except ValidationFailed:
            raise problem("invalid_email") from None


def read_request(payload: Any, *, organization_id: int | None, locale: str) -> AlertRequest:
    """The request in a payload, or ValidationFailed naming each bad field."""
    alert = read_model(AlertInput, payload)
    return AlertRequest(
        email=alert.email,
        organization_id=organization_id,
        categories=tuple(alert.categories),
        skills=tuple(alert.skills),
        languages=tuple(alert.languages),
        max_hours=alert.max_hours,
        frequency=alert.frequency,
        locale=locale,
    )
