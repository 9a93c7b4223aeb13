"""Update the plugin's translations: extract volunteer-widget.pot from the PHP, the editor
script and block.json, merge it into each .po, and compile the .mo files (for PHP) and the
JSON files (for the editor script, in WordPress's Jed format).

    .venv/bin/python integrations/wordpress/translations.py

Needs GNU gettext (xgettext, msgmerge, msgfmt: `apt-get install gettext`) and Babel (a
dependency of the server, so in its virtualenv)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

PLUGIN = Path(__file__).resolve().parent / "volunteer-widget"
LANGUAGES = PLUGIN / "languages"
DOMAIN = "volunteer-widget"
LOCALES = ("ar", "fr_FR")
EDITOR_HANDLE = "volunteer-widget-block-editor"
KEYWORDS = [
    "__:1", "_e:1", "esc_html__:1", "esc_html_e:1", "esc_attr__:1", "esc_attr_e:1",
    "_x:1,2c", "esc_html_x:1,2c", "esc_attr_x:1,2c", "_n:1,2",
]  # fmt: skip
# block.json's strings, which WordPress translates with these contexts.
BLOCK_CONTEXTS = {"title": "block title", "description": "block description"}


def _run(*args: str) -> None:
    done = subprocess.run(args, cwd=PLUGIN, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:  # xgettext's warnings about a bug address are only noise
        raise SystemExit(f"{args[0]} failed:\n{done.stderr}")


def _block_entries() -> str:
    block = json.loads((PLUGIN / "block" / "block.json").read_text())
    entries = [(context, block[name]) for name, context in BLOCK_CONTEXTS.items()]
    entries += [("block keyword", keyword) for keyword in block.get("keywords", [])]
    return "".join(
        f"\n#: block/block.json\nmsgctxt {json.dumps(context)}\n"
        f'msgid {json.dumps(text, ensure_ascii=False)}\nmsgstr ""\n'
        for context, text in entries
    )


def extract() -> Path:
    pot = LANGUAGES / f"{DOMAIN}.pot"
    php = sorted(str(p.relative_to(PLUGIN)) for p in PLUGIN.rglob("*.php"))
    common = [
        "--from-code=UTF-8",
        "--add-comments=translators:",
        "--sort-by-file",
        f"--package-name={DOMAIN}",
        "--package-version=0.1.0",
        "--copyright-holder=Volunteer Widget Server contributors",
        "-o",
        str(pot),
    ]
    keywords = [f"--keyword={k}" for k in KEYWORDS]
    _run("xgettext", "--language=PHP", *keywords, *common, *php)
    _run("xgettext", "--language=JavaScript", "--join-existing", *keywords, *common,
         "block/editor.js")  # fmt: skip
    with pot.open("a") as out:
        out.write(_block_entries())
    return pot


def _jed(po: Path, locale: str) -> dict[str, object]:
    with po.open("rb") as source:
        catalog = read_po(source)
    messages: dict[str, list[str]] = {"": {"domain": "messages", "lang": locale}}  # type: ignore[dict-item]
    for message in catalog:
        if message.id and message.string and "block/editor.js" in {f for f, _ in message.locations}:
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            messages[key] = [message.string]
    return {"domain": "messages", "locale_data": {"messages": messages}}


def main() -> None:
    pot = extract()
    for locale in LOCALES:
        po = LANGUAGES / f"{DOMAIN}-{locale}.po"
        _run("msgmerge", "--quiet", "--update", "--backup=none", "--no-fuzzy-matching",
             str(po), str(pot))  # fmt: skip
        _run("msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po))
        jed = _jed(po, locale)
        target = LANGUAGES / f"{DOMAIN}-{locale}-{EDITOR_HANDLE}.json"
        target.write_text(json.dumps(jed, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
