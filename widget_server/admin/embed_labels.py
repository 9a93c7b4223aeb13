"""Names people read for the embed page's choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from widget_server.web.error_texts import labeller

THEME_LABELS = {
    "light": _l("Light"),
    "dark": _l("Dark"),
    "auto": _l("Follow the visitor's device"),
}
LAYOUT_LABELS = {"list": _l("List"), "grid": _l("Grid"), "compact": _l("Compact")}
theme_label = labeller(THEME_LABELS)
layout_label = labeller(LAYOUT_LABELS)


def grace_label(hours: int) -> str:
    """How long a rotated key keeps working, as a person says it."""
    if hours == 0:
        return str(_l("No time: stop it now"))
    if hours % 24 == 0:
        return ngettext("%(num)s day", "%(num)s days", hours // 24)
    return ngettext("%(num)s hour", "%(num)s hours", hours)


def choices() -> dict[str, object]:
    """Template values for the embed page's selects."""
    return {
        "theme_choices": [(code, theme_label(code)) for code in THEME_LABELS],
        "layout_choices": [(code, layout_label(code)) for code in LAYOUT_LABELS],
        "theme_label": theme_label,
        "layout_label": layout_label,
        "grace_label": grace_label,
    }
