"""Text for XML and iCalendar, which forbid control characters that task text may hold."""

from __future__ import annotations

import re

# XML 1.0's Char production, less what iCalendar's TEXT also refuses: keep tab and newlines.
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def without_control_chars(text: str) -> str:
    """text with C0 controls (but tab and line breaks), lone surrogates and U+FFFE/F removed."""
    return _FORBIDDEN.sub("", text)
