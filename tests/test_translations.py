"""Arabic and French catalogs are complete, compiled and consistent with the source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from widget_server.settings import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(locale: str):  # noqa: ANN202
    with open(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def _source_messages() -> set[str]:
    found: set[str] = set()
    method_map = [
        ("widget_server/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords={"_l": None, "_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_every_message_in_the_source_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(_source_messages() - translated.keys())
    assert missing == [], f"run pybabel extract/update: {missing[:5]}"
    empty = [
        key
        for key, m in translated.items()
        if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert empty == []


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_translations_keep_every_placeholder(locale: str) -> None:
    for message in _catalog(locale):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(source[-1]))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | {"num"}, (message.id, text)


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_compiled_catalogs_match_the_po_files(locale: str) -> None:
    with open(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in _catalog(locale):
        if not message.id or isinstance(message.id, tuple):
            continue
        assert compiled.gettext(message.id) == message.string, "run pybabel compile"


def test_arabic_has_six_plural_forms() -> None:
    catalog = _catalog("ar")
    assert catalog.num_plurals == 6
