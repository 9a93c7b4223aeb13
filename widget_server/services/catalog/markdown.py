"""Task descriptions: Markdown in, sanitised HTML out."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Raw HTML in Markdown is escaped rather than parsed, and nh3 then removes anything that is
# not plain formatting: no script, style, event handler or javascript: URL survives.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(text: str) -> str:
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
