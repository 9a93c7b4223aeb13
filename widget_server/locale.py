"""The one place that decides which language a person is answered in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import current_app, g, has_request_context, request

from widget_server.languages import LOCALES, RTL_LOCALES


def pick(*candidates: str | None) -> str | None:
    """The first candidate that is a supported locale ("ar-EG" counts as "ar")."""
    for candidate in candidates:
        if candidate:
            base = candidate.replace("_", "-").split("-")[0].lower()
            if base in LOCALES:
                return base
    return None


def select_locale() -> str:
    """An explicit ?locale=, else what the view set for its organization, else the browser's."""
    if not has_request_context():  # commands and workers
        return current_app.config["DEFAULT_LOCALE"]
    return (
        pick(request.args.get("locale"), g.get("locale_hint"))
        or request.accept_languages.best_match(LOCALES)
        or "en"
    )


def direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def deadline(moment: datetime, zone: str, locale: str) -> str:
    """A time someone must act by, in their zone and language, to the minute, with the
    zone named: "Friday, 27 November 2026 17:02 (Asia/Beirut)"."""
    local = moment.astimezone(ZoneInfo(zone))
    day = format_date(local.date(), "full", locale=locale)
    return f"{day} {format_time(local, 'short', locale=locale)} ({zone})"
