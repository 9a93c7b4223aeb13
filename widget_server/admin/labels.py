"""Names people read for the admin panel's codes (roles, task statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from widget_server.messages import role_label

__all__ = ["LOCALE_NAMES", "TASK_STATUS_LABELS", "role_label", "task_status_label"]


TASK_STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "paused": _l("Paused"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}


# Each language named in itself, as language pickers do.
LOCALE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}


def task_status_label(code: str) -> str:
    return str(TASK_STATUS_LABELS.get(str(code), code))
