"""Cells that a spreadsheet cannot be tricked by: the rule both CSV exports apply."""

from __future__ import annotations

from typing import Any

from widget_server.services.inputs.control_chars import without_control_chars

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> str:
    """A cell as text that a spreadsheet will not run as a formula (OWASP's advice), with
    control characters but tab and line breaks left out (the csv module quotes those)."""
    return quoted_if_formula(without_control_chars("" if value is None else str(value)))


def quoted_if_formula(text: str) -> str:
    """text behind a quote if it starts as a formula. A formula behind leading spaces or
    line breaks is neutralised too: some spreadsheets trim them before they look."""
    if text.startswith(_FORMULA_STARTS) or text.lstrip(" \t\r\n").startswith(_FORMULA_STARTS):
        return "'" + text
    return text
