"""Control characters in text: refused at input, removed where a format forbids them.

Single-line text (titles, summaries, names, labels, skills…) reaches email headers,
calendar properties, CSV cells and feeds: it may hold no control character at all, nor
a Unicode line or paragraph separator. Multi-line text (descriptions, messages) may hold
tabs and line breaks, and nothing else of the kind.
"""

from __future__ import annotations

import re

# XML 1.0's Char production, less what iCalendar's TEXT also refuses: keep tab and newlines.
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# C0 and C1 controls, DEL, the Unicode line and paragraph separators, lone surrogates and
# the two noncharacters XML refuses.
_NOT_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NOT_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_control_chars(text: str) -> str:
    """text with C0 controls (but tab and line breaks), lone surrogates and U+FFFE/F removed."""
    return _FORBIDDEN.sub("", text)


def as_one_line(text: str) -> str:
    """text on one line: every character a single line may not hold becomes a space, and
    runs of white space one space (for text stored before input refused them)."""
    return " ".join(_NOT_SINGLE_LINE.sub(" ", text).split())


def is_single_line(text: str) -> bool:
    """Whether text holds no control character, line break or line separator."""
    return _NOT_SINGLE_LINE.search(text) is None


def is_clean_multi_line(text: str) -> bool:
    """Whether text holds no control character but tab and line breaks."""
    return _NOT_MULTI_LINE.search(text) is None
