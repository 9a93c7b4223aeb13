"""Names people read for the admin panel's codes (roles, task statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from widget_server.web.error_texts import labeller, role_label

__all__ = [
    "OFFER_STATE_LABELS",
    "TASK_STATUS_LABELS",
    "offer_state_label",
    "role_label",
    "task_status_label",
]


TASK_STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "paused": _l("Paused"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}


# What became of an offer of a freed slot to a waitlisted volunteer.
OFFER_STATE_LABELS = {
    "open": _l("offered, awaiting an answer"),
    "accepted": _l("offer accepted"),
    "declined": _l("offer declined"),
    "expired": _l("offer expired"),
    "cancelled": _l("offer withdrawn: the sign-up changed"),
}


task_status_label = labeller(TASK_STATUS_LABELS)
offer_state_label = labeller(OFFER_STATE_LABELS)
