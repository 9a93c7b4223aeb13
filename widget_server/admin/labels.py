"""Names people read for the admin panel's codes (roles, task statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {"owner": _l("Owner"), "editor": _l("Editor"), "viewer": _l("Viewer")}

TASK_STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "paused": _l("Paused"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}


# Each language named in itself, as language pickers do.
LOCALE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(str(code), code))


def task_status_label(code: str) -> str:
    return str(TASK_STATUS_LABELS.get(str(code), code))
