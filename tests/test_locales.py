"""The server's languages are one tuple in widget_server/locales.py; all else derives from it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskClient

from widget_server.locales import (
    LOCALE_NAMES,
    LOCALES,
    direction,
    language_names,
    open_graph_locale,
)

ROOT = Path(__file__).resolve().parent.parent
# Where a copy of the set could hide: the server, its templates and the widget's sources.
# Migrations are history, and the catalogs translate messages rather than list languages.
_SEARCHED = ("widget_server", "templates", "embed")
_SKIPPED = ("widget_server/locales.py", "widget_server/translations/")
_SUFFIXES = {".py", ".html", ".txt", ".js", ".css", ".mako", ".json"}


def _source_lines() -> list[tuple[str, int, str]]:
    found = []
    for folder in _SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in _SUFFIXES or relative.startswith(_SKIPPED):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found.append((relative, number, line))
    return found


def test_the_set_of_languages_is_spelled_out_only_in_locales_py() -> None:
    codes = [re.compile(rf"(?<![\w-]){code}(?![\w-])") for code in LOCALES]
    # A name in quotes: a table of them ("العربية" alone, not inside a sentence's word).
    names = [f"{q}{name}{q}" for name in LOCALE_NAMES.values() for q in "\"'"]
    copies = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _source_lines()
        if all(code.search(line) for code in codes) or any(name in line for name in names)
    ]
    assert copies == [], "use widget_server.locales instead of a copy of its languages"


def test_what_a_language_is_called_and_written_like_comes_from_cldr() -> None:
    assert LOCALE_NAMES == {"ar": "العربية", "en": "English", "fr": "Français"}
    assert [direction(code) for code in LOCALES] == ["rtl", "ltr", "ltr"]
    assert [open_graph_locale(code) for code in LOCALES] == ["ar_AR", "en_US", "fr_FR"]
    assert open_graph_locale("de") == "de_DE"
    assert language_names(["ar", "fr"], "en") == ["Arabic", "French"]


def test_every_language_but_the_source_one_has_a_catalog() -> None:
    catalogs = ROOT / "widget_server" / "translations"
    for code in LOCALES:
        assert code == "en" or (catalogs / code / "LC_MESSAGES" / "messages.po").is_file()


def test_the_widget_bundle_knows_the_servers_languages_and_their_directions(
    client: FlaskClient,
) -> None:
    js = client.get("/embed/v1/widget.js").text
    # SUPPORTED in options.js, under the short name the build gave it.
    found = re.search(r'=(\{(?:"[a-z]+":"(?:ltr|rtl)",?)+\})', js)
    assert found, "options.js reads its languages from __VW_LOCALES__"
    assert json.loads(found.group(1)) == {code: direction(code) for code in LOCALES}


# Run in a fresh interpreter: the tuple is changed before any module reads it, as an edit
# of locales.py would. German has no catalog here, so its text falls back to English.
_WITH_GERMAN = """
import json, sys, types
from pathlib import Path
source = Path(sys.argv[2]).read_text(encoding="utf-8")
assert 'LOCALES = ("ar", "en", "fr")' in source
module = types.ModuleType("widget_server.locales")
module.__file__ = sys.argv[2]
sys.modules["widget_server.locales"] = module
exec(compile(source.replace('LOCALES = ("ar", "en", "fr")', 'LOCALES = ("ar", "de", "en", "fr")'),
             sys.argv[2], "exec"), module.__dict__)

from tests.factories import make_org, task_payload
from widget_server import create_app

app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "SECRET_KEY": "k",
                  "PUBLIC_URL": "http://widgets.test", "RATELIMIT_ENABLED": False})
with app.extensions["db_sessionmaker"]() as session:
    org = make_org(session, default_locale="de")
client = app.test_client()
payload = task_payload(default_locale="de")
payload["translations"] = {"de": {"title": "Newsletter übersetzen", "summary": "Monatlich."}}
created = client.post("/api/v1/tasks", json=payload, headers=org.auth)
assert created.status_code == 201, created.json
listed = client.get(f"/api/v1/public/tasks?key={org.publishable}&locale=de").json
assert listed["data"][0]["title"] == "Newsletter übersetzen", json.dumps(listed)[:2000]
assert '"de":"ltr"' in client.get("/embed/v1/widget.js").text
assert "Deutsch" in client.get("/admin/sign-in").text
assert "de" in client.get("/api/v1/openapi.json").json["components"]["schemas"]["AdminTask"][
    "properties"]["default_locale"]["enum"]
hosted = client.get(f"/o/{org.organization.slug}?locale=de").text
assert 'hreflang="de"' in hosted and 'content="de_DE"' in hosted
print("ok")
"""


def test_adding_a_language_to_the_tuple_is_all_the_code_it_takes(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITH_GERMAN, database_url, str(ROOT / "widget_server/locales.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stderr[-3000:]
