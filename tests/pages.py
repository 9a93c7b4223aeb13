"""Reading HTML pages in tests: elements by tag and attributes, without a browser."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def elements(html: str, tag: str, **attrs: str) -> list[dict[str, str]]:
    """Attributes of every <tag> whose attributes include attrs (use _ for -, class_ for class)."""
    wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    return [
        values
        for name, values in parse(html).elements
        if name == tag and all(values.get(k) == v for k, v in wanted.items())
    ]


def element(html: str, tag: str, **attrs: str) -> dict[str, str]:
    found = elements(html, tag, **attrs)
    assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
    return found[0]


def meta(html: str, key: str) -> str:
    """The content of <meta property=key> or <meta name=key>."""
    found = elements(html, "meta", property=key) or elements(html, "meta", name=key)
    assert found, f"no meta {key}"
    return found[0]["content"]


def json_ld_scripts(html: str) -> list[str]:
    return [
        text for attrs, text in parse(html).scripts if attrs.get("type") == "application/ld+json"
    ]


def form_token(html: str) -> str:
    """The signed form token of a page's (first) form."""
    tokens = [v["value"] for v in elements(html, "input", name="form_token")]
    assert tokens, "no form token on the page"
    return tokens[0]


def press_the_button(client: FlaskClient, url: str, **get: Any) -> TestResponse:
    """What a person does with a link from an email: open its page (which changes
    nothing), then press the page's one button."""
    shown = client.get(url, **get)
    assert shown.status_code == 200, shown.get_data(as_text=True)[:500]
    action = element(shown.get_data(as_text=True), "form", method="post")["action"]
    return client.post(action, data={"form_token": form_token(shown.get_data(as_text=True))})
