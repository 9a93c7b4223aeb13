"""The widget's text comes from the gettext catalogs, with every plural category."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

from widget_server.frames.widget_strings import strings_for


def test_every_locale_has_every_string_with_its_placeholders(app: Flask) -> None:
    with app.app_context():
        tables = {locale: strings_for(locale) for locale in ("ar", "en", "fr")}
    for locale, table in tables.items():
        assert table.keys() == tables["en"].keys(), locale
        assert "{title}" in table["formTitle"] and "{n}" in table["upTo"]
        assert all("%(" not in json.dumps(v) for v in table.values()), locale
    assert set(tables["ar"]["tasks"]) == {"zero", "one", "two", "few", "many", "other"}
    assert tables["ar"]["tasks"]["two"] == "مهمتان"
    assert tables["en"]["left"] == {"one": "{n} place left", "other": "{n} places left"}
    assert tables["fr"]["search"] == "Rechercher une mission"


def test_widget_js_carries_the_strings_and_the_css_path(client: FlaskClient) -> None:
    js = client.get("/embed/v1/widget.js").text
    assert "__VW_STRINGS__" not in js and "__VW_CSS_PATH__" not in js
    assert "ابحث في المهام" in js
    assert re.search(r"/embed/v1/assets/widget\.[0-9a-f]{12}\.css", js)


def test_texts_only_details_and_the_form_show_come_with_the_second_bundle(
    client: FlaskClient,
) -> None:
    first = client.get("/embed/v1/widget.js").text
    later_path = re.search(r"/embed/v1/assets/widget-later\.[0-9a-f]{12}\.js", first)
    assert later_path
    later = client.get(later_path.group()).text
    assert "ابحث في المهام" in first and "ابحث في المهام" not in later  # search: the list's
    assert "Share this task" in later and "Share this task" not in first  # the details'
