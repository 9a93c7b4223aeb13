"""The words a zone list's filter field finds each zone by."""

from __future__ import annotations

from widget_server.services.times.zones import search_terms_for, zone_search_terms


def test_a_zone_is_found_by_its_city_in_each_language_and_by_its_iana_name() -> None:
    words = zone_search_terms()["Asia/Kolkata"].split(" ")
    assert {"كالكتا", "kolkata", "calcutta", "asia"} <= set(words)


def test_arabic_words_are_folded_as_search_folds_them() -> None:
    # The label is "أبيدجان": its hamza is dropped, as in a search query.
    assert "ابيدجان" in zone_search_terms()["Africa/Abidjan"].split(" ")


def test_every_listed_zone_has_words_and_an_old_alias_gets_them_too() -> None:
    assert all(zone_search_terms().values())
    assert "calcutta" in search_terms_for("Asia/Calcutta").split(" ")
