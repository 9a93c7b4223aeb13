"""The WordPress plugin's translations are complete and compiled from their sources
(integrations/wordpress/translations.py updates them)."""

from __future__ import annotations

import json

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.integrations.wordpress import PLUGIN

LANGUAGES = PLUGIN / "languages"
LOCALES = ["ar", "fr_FR"]


def _entries(catalog: object) -> dict[tuple[str | None, str], str]:
    return {(m.context, m.id): m.string for m in catalog if m.id}


def _po(locale: str) -> dict[tuple[str | None, str], str]:
    with (LANGUAGES / f"volunteer-widget-{locale}.po").open("rb") as source:
        return _entries(read_po(source))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_of_the_template_is_translated(locale: str) -> None:
    with (LANGUAGES / "volunteer-widget.pot").open("rb") as source:
        template = _entries(read_po(source))
    translated = _po(locale)
    assert set(translated) == set(template)
    assert [key for key, text in translated.items() if not text] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_files_match_the_translations(locale: str) -> None:
    with (LANGUAGES / f"volunteer-widget-{locale}.mo").open("rb") as source:
        compiled = _entries(read_mo(source))
    assert compiled == _po(locale)
    editor = json.loads(
        (LANGUAGES / f"volunteer-widget-{locale}-volunteer-widget-block-editor.json").read_text()
    )
    messages = editor["locale_data"]["messages"]
    assert messages["Widget options"] == [_po(locale)[(None, "Widget options")]]
