"""The admin panel's main navigation: one entry per page, shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from widget_server import db
from widget_server.db import utcnow
from widget_server.models import Role, Signup
from widget_server.services.access.accounts import role_allows
from widget_server.services.follow_up import followup
from widget_server.services.messaging import answers


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any  # a lazy string, translated when the page is drawn
    role: Role = Role.VIEWER
    # Other endpoints that count as "this page" for aria-current.
    also: tuple[str, ...] = ()


# Pages are listed in the order people meet them. Add an entry here for a new page.
NAV_ITEMS: list[NavItem] = [
    NavItem("admin.dashboard_page", _l("Dashboard")),
    NavItem(
        "admin.task_list",
        _l("Tasks"),
        also=("admin.task_new", "admin.task_edit", "admin.task_view", "admin.task_import"),
    ),
    NavItem(
        "admin.volunteer_list",
        _l("Volunteers"),
        also=("admin.volunteer_view", "admin.message_new"),
    ),
    NavItem("admin.saved_replies_page", _l("Saved replies"), role=Role.EDITOR),
    NavItem("admin.embed_page", _l("Embed")),
    NavItem("admin.team_page", _l("Team"), also=("admin.invitation_new",)),
    NavItem("admin.webhook_list", _l("Webhooks"), role=Role.OWNER),
    NavItem("admin.followup_page", _l("Follow-up"), role=Role.OWNER),
    NavItem("admin.privacy_page", _l("Privacy"), role=Role.OWNER),
    NavItem("admin.audit_page", _l("Audit log"), role=Role.OWNER),
    NavItem("admin.notifications_page", _l("My notifications")),
    NavItem("admin.time_zones_page", _l("Time zones")),
]


def _badges() -> None:
    """Both numbers of the Volunteers entry, in one query: sign-ups nearing or past the
    follow-up promise, and volunteers' answers no member has read."""
    if "needs_reply_count" not in g:
        organization = g.membership.organization
        needs_reply = select(func.count()).select_from(Signup)
        needs_reply = needs_reply.where(followup.needs_reply(organization, utcnow()))
        unread = answers.unread_count_query(organization.id)
        row = db.session().execute(select(needs_reply.scalar_subquery(), unread.scalar_subquery()))
        g.needs_reply_count, g.unread_answers_count = row.one()


def needs_reply_count() -> int:
    """Sign-ups nearing or past the follow-up promise: the Volunteers entry's badge."""
    _badges()
    return int(g.needs_reply_count)


def unread_answers_count() -> int:
    """Volunteers' answers no member has read: the Volunteers entry's second badge."""
    _badges()
    return int(g.unread_answers_count)


def visible_items() -> list[dict[str, Any]]:
    """The entries the current member may open, marking the one being shown."""
    membership = g.get("membership")
    if membership is None:
        return []
    endpoints = current_app.view_functions
    return [
        {
            "endpoint": item.endpoint,
            "label": str(item.label),
            "current": request.endpoint == item.endpoint or request.endpoint in item.also,
            "badge": needs_reply_count() if item.endpoint == "admin.volunteer_list" else 0,
            "answers": unread_answers_count() if item.endpoint == "admin.volunteer_list" else 0,
        }
        for item in NAV_ITEMS
        if item.endpoint in endpoints and role_allows(membership.role, item.role)
    ]
