"""Time zones, decided here for the whole server: which names are zones, which a zone list
offers, what each is called in a reader's language and found by in a list's filter field.

A zone is an IANA name that tzdata lists (zoneinfo.available_timezones()); a name that is
no longer one falls back to UTC wherever a time must still be shown.

A select's own type-ahead only answers the first letters of its labels, in the reader's
script and spelling: an Arabic label ("كالكتا") does not answer "Kolk", nor "ابيدجان"
typed without its hamza. The filter field matches any word of the zone's city in every
supported language and of its IANA name, normalised as search is (services/catalog/search.py).
"""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard

from babel.dates import get_timezone_location

from widget_server.locales import LOCALES
from widget_server.services.catalog.search import normalise

# Where tzdata keeps cities, for a tzdata without zone1970.tab.
_REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: object) -> TypeGuard[str]:
    return isinstance(name, str) and name in zone_names()


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name) if is_zone(name) else zoneinfo.ZoneInfo("UTC")


def zone_label(zone: str, locale: str) -> str:
    """The zone's city in the reader's language ("Kolkata", "باريس"), else its IANA name."""
    if not is_zone(zone) or zone == "UTC":
        return "UTC"
    try:
        return get_timezone_location(zone, locale=locale, return_city=True) or zone
    except (LookupError, ValueError):
        return zone


@lru_cache(maxsize=8)
def zone_choices(locale: str) -> tuple[tuple[str, str], ...]:
    """Every IANA zone as (name, "City · Region/City"), sorted by city for type-ahead."""
    choices = [(name, f"{zone_label(name, locale)} · {name}") for name in _listed_zones()]
    choices.append(("UTC", "UTC"))
    return tuple(sorted(choices, key=lambda choice: choice[1].casefold()))


def zone_choices_with(locale: str, current: str) -> list[tuple[str, str]]:
    """zone_choices, plus current first when the list leaves it out: an old alias (Chromium
    still names Kolkata "Asia/Calcutta"), or a wrong value kept to show beside its error."""
    choices = list(zone_choices(locale))
    if current and current not in {name for name, _ in choices}:
        label = f"{zone_label(current, locale)} · {current}" if is_zone(current) else current
        choices.insert(0, (current, label))
    return choices


@lru_cache(maxsize=1)
def _listed_zones() -> frozenset[str]:
    """The zones tzdata lists by country (no old aliases like Asia/Calcutta), where it can."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone1970.tab"
        if table.is_file():
            lines = table.read_text(encoding="utf-8").splitlines()
            listed = {line.split("\t")[2] for line in lines if line and not line.startswith("#")}
            return frozenset(listed & zone_names())
    return frozenset(name for name in zone_names() if name.startswith(_REGIONS))


@lru_cache(maxsize=1)
def zone_search_terms() -> dict[str, str]:
    """Zone name -> its normalised search words, for every zone a zone list offers."""
    zones = {name for name, _ in zone_choices(LOCALES[0])}
    return {name: _terms(name) for name in sorted(zones)}


def search_terms_for(zone: str) -> str:
    """The search words of one zone, also one the lists leave out (an old alias)."""
    return zone_search_terms().get(zone) or _terms(zone)


def _terms(zone: str) -> str:
    names = [zone_label(zone, locale) for locale in LOCALES]
    names.append(zone.replace("/", " ").replace("_", " "))
    words: list[str] = []
    for word in normalise(" ".join(names)).split(" "):
        if word and word not in words:
            words.append(word)
    return " ".join(words)
