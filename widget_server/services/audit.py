"""The audit log: every change an organization's people make, recorded with the change.

record() only adds the entry to the session: the service that makes the change commits
both together, so the log never shows a change that did not happen, nor misses one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.models import ApiKey, AuditEntry, Membership, User
from widget_server.services.errors import NotFound
from widget_server.services.paging import Page

# What the log can say happened, in the order the filter offers them.
ACTIONS = (
    "task.create",
    "task.update",
    "task.status",
    "task.delete",
    "task.import",
    "signup.status",
    "signup.note",
    "signup.offer",
    "signup.export",
    "key.create",
    "key.revoke",
    "key.rotate",
    "embed.origins",
    "embed.theme",
    "organization.hours",
    "organization.directory",
    "member.invite",
    "invitation.revoke",
    "member.role",
    "member.remove",
    "webhook.create",
    "webhook.update",
    "webhook.delete",
    "webhook.rotate",
    "webhook.test",
    "privacy.export",
    "privacy.erase",
    "privacy.retention",
    "privacy.consent",
    "followup.settings",
    "message.send",
    "reply.save",
    "reply.delete",
)


@dataclass(frozen=True)
class Actor:
    """Who made a change: a member from the panel, a secret key through the admin API, or
    neither (NOBODY: the command line, the server itself)."""

    user_id: int | None = None
    api_key_id: int | None = None

    @classmethod
    def member(cls, user_id: int | None) -> Actor:
        return cls(user_id=user_id)

    @classmethod
    def key(cls, api_key_id: int) -> Actor:
        return cls(api_key_id=api_key_id)


NOBODY = Actor()


def record(
    session: Session,
    *,
    organization_id: int,
    by: Actor,
    action: str,
    target: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the caller's transaction (the caller commits it with the change)."""
    entry = AuditEntry(
        organization_id=organization_id,
        user_id=by.user_id,
        api_key_id=by.api_key_id,
        action=action,
        target=target[:200],
        details=details or {},
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    user_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    user_email: str | None
    key_prefix: str | None = None


def list_entries(session: Session, organization_id: int, filters: AuditFilters) -> Page[AuditRow]:
    """Entries newest first, with who made them, in two queries whatever the page size.

    A user filter must name a member, or someone the log mentions (a member who left):
    any other user id is NotFound, like every other organization's object.
    """
    if filters.user_id is not None and not _knows_user(session, organization_id, filters.user_id):
        raise NotFound("member_not_found")
    conditions = [AuditEntry.organization_id == organization_id]
    if filters.action:
        conditions.append(AuditEntry.action == filters.action)
    if filters.user_id is not None:
        conditions.append(AuditEntry.user_id == filters.user_id)
    if filters.since is not None:
        conditions.append(AuditEntry.created_at >= filters.since)
    if filters.until is not None:
        conditions.append(AuditEntry.created_at < filters.until)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    rows = session.execute(
        select(AuditEntry, User.email, ApiKey.display_prefix)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(ApiKey, ApiKey.id == AuditEntry.api_key_id)
        .where(*conditions)
        .order_by(AuditEntry.id.desc())
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    ).all()
    return Page([AuditRow(*row) for row in rows], total, filters.page, filters.per_page)


def _knows_user(session: Session, organization_id: int, user_id: int) -> bool:
    member = select(Membership.id).where(
        Membership.organization_id == organization_id, Membership.user_id == user_id
    )
    logged = select(AuditEntry.id).where(
        AuditEntry.organization_id == organization_id, AuditEntry.user_id == user_id
    )
    return session.scalar(member.limit(1)) is not None or (
        session.scalar(logged.limit(1)) is not None
    )
