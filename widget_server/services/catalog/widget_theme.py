"""An organization's widget look: accent colour, light or dark, layout and language.

These are defaults: a data-* attribute on the snippet (or a query argument on the board)
always wins over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from widget_server.locales import LOCALES
from widget_server.models import Organization
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.errors import FieldProblem, ValidationFailed

THEMES = ("light", "dark", "auto")
LAYOUTS = ("list", "grid", "compact")
_HEX = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")


@dataclass(frozen=True)
class WidgetTheme:
    accent: str | None = None
    theme: str | None = None
    layout: str | None = None
    locale: str | None = None

    @classmethod
    def of(cls, organization: Organization) -> WidgetTheme:
        return cls(
            organization.widget_accent,
            organization.widget_theme,
            organization.widget_layout,
            organization.widget_locale,
        )

    def as_json(self) -> dict[str, Any]:
        """What the widget is told; absent keys leave its own defaults."""
        values = {
            "accent": self.accent,
            "on_accent": on_accent(self.accent) if self.accent else None,
            "theme": self.theme,
            "layout": self.layout,
            "locale": self.locale,
        }
        return {name: value for name, value in values.items() if value}


def is_hex_colour(value: str) -> bool:
    return bool(_HEX.match(value))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def on_accent(hex_colour: str) -> str:
    """Near-black or white, whichever contrasts more with the accent (the widget's rule)."""
    lum = luminance(hex_colour)
    return "#111111" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def read_theme(accent: str, theme: str, layout: str, locale: str) -> WidgetTheme:
    """Checked values from a form; an empty value means "the widget's default"."""
    problems: dict[str, FieldProblem] = {}
    accent = accent.strip().lower()
    if accent and not _HEX.match(accent):
        problems["accent"] = FieldProblem("invalid_colour")
    for name, value, choices in (
        ("theme", theme, THEMES),
        ("layout", layout, LAYOUTS),
        ("locale", locale, LOCALES),
    ):
        if value and value not in choices:
            problems[name] = FieldProblem("not_a_choice", {"choices": ", ".join(choices)})
    if problems:
        raise ValidationFailed(problems)
    return WidgetTheme(accent or None, theme or None, layout or None, locale or None)


def save_theme(
    session: Session, organization: Organization, theme: WidgetTheme, *, user_id: int | None
) -> None:
    """Store the organization's widget defaults; every widget shows them on its next load."""
    before = WidgetTheme.of(organization)
    if before == theme:
        return
    organization.widget_accent = theme.accent
    organization.widget_theme = theme.theme
    organization.widget_layout = theme.layout
    organization.widget_locale = theme.locale
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="embed.theme",
        target=organization.slug,
        details=theme.as_json(),
    )
    bump_content_version(session, organization)  # cached listings carry the theme
    session.commit()
