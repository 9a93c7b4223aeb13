"""The languages people read this server in, and which one each person is answered in.

LOCALES is the one list of them. Everything else about a language (its name, its
direction, its Open Graph tag, the widget's list) is derived here from that tuple and
Babel's CLDR data, so adding a language touches this tuple and the message catalogs only.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_time
from flask import Flask, current_app, g, has_request_context, request

LOCALES = ("ar", "en", "fr")

# Facebook knows all Arabic as ar_AR; CLDR's likely territory (ar_EG) would name one country.
_OPEN_GRAPH_EXCEPTIONS = {"ar": "ar_AR"}


def _native_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]  # "français" starts a menu entry: "Français"


# Each language named in itself, as language pickers do.
LOCALE_NAMES: dict[str, str] = {code: _native_name(code) for code in LOCALES}
RTL_LOCALES = frozenset(code for code in LOCALES if Locale.parse(code).text_direction == "rtl")


def direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def open_graph_locale(locale: str) -> str:
    """The og:locale of a language ("fr" -> "fr_FR")."""
    if locale in _OPEN_GRAPH_EXCEPTIONS:
        return _OPEN_GRAPH_EXCEPTIONS[locale]
    language, _, rest = get_global("likely_subtags").get(locale, "en_Latn_US").partition("_")
    return f"{language}_{rest.rpartition('_')[2]}"


def language_names(codes: list[str], locale: str) -> list[str]:
    """Language codes as names in the reader's language ("ar" -> "Arabic" / "العربية")."""
    names = Locale.parse(locale).languages
    return [names.get(code, code) for code in codes]


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


def deadline(moment: datetime, zone: str, locale: str) -> str:
    """A time someone must act by, in their zone and language, to the minute, with the
    zone named: "Friday, 27 November 2026 17:02 (Asia/Beirut)"."""
    local = moment.astimezone(ZoneInfo(zone))
    day = format_date(local.date(), "full", locale=locale)
    return f"{day} {format_time(local, 'short', locale=locale)} ({zone})"


def init_app(app: Flask) -> None:
    """Every template may list the languages and name them."""
    app.jinja_env.globals.update(
        locales=LOCALES, locale_names=LOCALE_NAMES, text_direction=direction
    )
