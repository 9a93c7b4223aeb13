"""A message's plain text shown as HTML: escaped, its web addresses made links, its line
breaks kept. The team writes plain text; nothing they type becomes markup."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Up to the first space or angle bracket; a trailing full stop, comma or bracket is prose.
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}»”’،؛"


def message_html(text: str) -> Markup:
    html = Markup()
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        html += _lines(text[position : match.start()])
        html += Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url)
        position = match.start() + len(url)
    return html + _lines(text[position:])


def _lines(text: str) -> Markup:
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))
