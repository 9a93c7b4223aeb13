"""Task descriptions: Markdown rendered to HTML with nothing executable left."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from widget_server.services.catalog.markdown import render_markdown


def test_formatting_and_links_survive() -> None:
    html = render_markdown("**Bold** and [site](https://ngo.example)\n\n- one\n- two")
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://ngo.example" rel="noopener noreferrer nofollow ugc">site</a>' in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)">',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_no_script_survives(attack: str) -> None:
    elements = _elements(render_markdown(attack))
    assert {tag for tag, _ in elements} <= {"p", "a"}
    for _, attrs in elements:
        assert not any(name.startswith("on") for name in attrs)
        assert attrs.get("href", "https:").startswith(("https:", "http:"))


def test_html_in_markdown_is_shown_as_text() -> None:
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, {k: v or "" for k, v in attrs}))

    Collector().feed(html)
    return found
