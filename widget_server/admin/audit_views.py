"""The audit log page: who changed what, and when, filtered by action, person and dates."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_organization, require_role
from widget_server.admin.labels import offer_state_label, role_label
from widget_server.admin.local_time import day_range
from widget_server.admin.volunteer_query import page_arg
from widget_server.models import Role
from widget_server.services import audit
from widget_server.services.access import team
from widget_server.services.audit import AuditFilters
from widget_server.web.error_texts import labeller, status_label

PER_PAGE = 50
ACTION_LABELS = {
    "task.create": _l("Task created"),
    "task.update": _l("Task edited"),
    "task.status": _l("Task status changed"),
    "task.delete": _l("Task deleted"),
    "task.import": _l("Tasks imported"),
    "signup.status": _l("Sign-up status changed"),
    "signup.note": _l("Note added to a sign-up"),
    "signup.offer": _l("Waitlist offer made or ended"),
    "signup.export": _l("Sign-ups exported"),
    "key.create": _l("Key created"),
    "key.revoke": _l("Key revoked"),
    "key.rotate": _l("Key rotated"),
    "embed.origins": _l("Allowed websites changed"),
    "embed.theme": _l("Widget look changed"),
    "organization.hours": _l("Working hours changed"),
    "organization.directory": _l("Listing on the server's front page changed"),
    "member.invite": _l("Member invited"),
    "invitation.revoke": _l("Invitation withdrawn"),
    "member.role": _l("Member's role changed"),
    "member.remove": _l("Member removed"),
    "webhook.create": _l("Webhook endpoint added"),
    "webhook.update": _l("Webhook endpoint changed"),
    "webhook.delete": _l("Webhook endpoint deleted"),
    "webhook.rotate": _l("Webhook secret rotated"),
    "webhook.test": _l("Webhook test event sent"),
    "privacy.export": _l("A person's data exported"),
    "privacy.erase": _l("A person erased"),
    "privacy.retention": _l("Retention period changed"),
    "followup.settings": _l("Follow-up limits changed"),
    "message.send": _l("Message sent to volunteers"),
    "reply.save": _l("Saved reply written"),
    "reply.delete": _l("Saved reply deleted"),
    "privacy.consent": _l("Consent text changed"),
}
action_label = labeller(ACTION_LABELS)


def change_summary(action: str, details: dict[str, Any]) -> str:
    """A short "from → to" for status and role changes; key=value otherwise."""
    if "from" in details and "to" in details:
        label = role_label if action.startswith("member.") else status_label
        text = f"{label(str(details['from']))} → {label(str(details['to']))}"
        return text + (f" ({details['hours']:g} h)" if "hours" in details else "")
    if action == "signup.offer":
        return offer_state_label(str(details.get("state", "")))
    if action == "signup.export":
        chosen = details.get("filters") or {}
        text = ", ".join(f"{k}={v}" for k, v in chosen.items()) or str(_l("all sign-ups"))
        searched = str(_l("with a search")) if details.get("searched") else ""
        return f"{text} ({searched})" if searched else text
    shown = {k: v for k, v in details.items() if k not in ("kind",)}
    return "; ".join(f"{k}: {v}" for k, v in shown.items())


@bp.get("/audit")
@require_role(Role.OWNER)
def audit_page() -> str:
    """The organization's audit log, newest first."""
    session = db.session()
    organization = current_organization()
    since, until = day_range()
    action = request.args.get("action", "")
    person = request.args.get("user", "")
    filters = AuditFilters(
        action=action if action in audit.ACTIONS else None,
        user_id=int(person) if person.isdigit() and len(person) < 10 else None,
        since=since,
        until=until,
        page=page_arg(),
        per_page=PER_PAGE,
    )

    def args(**changes: Any) -> dict[str, Any]:
        kept = {
            k: request.args[k] for k in ("action", "user", "since", "until") if request.args.get(k)
        }
        kept.update(changes)
        return {k: v for k, v in kept.items() if v not in (None, "")}

    return render_template(
        "admin/audit.html",
        log=audit.list_entries(session, organization.id, filters),
        filters=filters,
        actions=[(code, action_label(code)) for code in audit.ACTIONS],
        members=team.list_members(session, organization),
        action_label=action_label,
        change_summary=change_summary,
        args=args,
    )
