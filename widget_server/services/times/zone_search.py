"""What each time zone is found by in a zone list's filter field.

A select's own type-ahead only answers the first letters of its labels, in the reader's
script and spelling: an Arabic label ("كالكتا") does not answer "Kolk", nor "ابيدجان"
typed without its hamza. The filter field matches any word of the zone's city in every
supported language and of its IANA name, normalised as search is (services/catalog/search.py).
"""

from __future__ import annotations

from functools import lru_cache

from widget_server.locales import LOCALES
from widget_server.services.catalog.search import normalise
from widget_server.services.times.time_display import zone_choices, zone_label


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
