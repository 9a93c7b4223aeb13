"""An organization's team: its members, their roles, and the rule that one owner remains."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import Membership, Organization, Role
from widget_server.services import audit
from widget_server.services.access import admin_sessions, invitations
from widget_server.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed


def list_members(session: Session, organization: Organization) -> list[Membership]:
    """Members with their users, owners first, then by email: one query."""
    rank = {Role.OWNER: 0, Role.EDITOR: 1, Role.VIEWER: 2}
    members = list(
        session.scalars(
            select(Membership)
            .options(joinedload(Membership.user))
            .where(Membership.organization_id == organization.id)
        )
    )
    return sorted(members, key=lambda m: (rank[m.role], m.user.email))


def get_member(session: Session, organization: Organization, membership_id: int) -> Membership:
    member = session.scalar(
        select(Membership)
        .options(joinedload(Membership.user))
        .where(Membership.organization_id == organization.id, Membership.id == membership_id)
    )
    if member is None:
        raise NotFound("member_not_found")
    return member


def _owner_count(session: Session, organization: Organization) -> int:
    # Locking the owners' rows (SQLite: the write lock from begin_write) keeps two owners
    # who demote each other at the same moment from leaving the organization with none.
    owners = session.scalars(
        select(Membership.id)
        .where(Membership.organization_id == organization.id, Membership.role == Role.OWNER)
        .with_for_update()
    )
    return len(list(owners))


def change_role(
    session: Session,
    organization: Organization,
    membership_id: int,
    role: str,
    *,
    user_id: int | None,
) -> Membership:
    """Give a member another role; the last owner stays an owner."""
    begin_write(session)
    member = get_member(session, organization, membership_id)  # another organization's: 404
    if role not in {r.value for r in Role}:
        session.rollback()
        raise ValidationFailed(
            {"role": FieldProblem("not_a_choice", {"choices": ", ".join(r.value for r in Role)})}
        )
    new_role = Role(role)
    if member.role is new_role:
        session.commit()
        return member
    if member.role is Role.OWNER and _owner_count(session, organization) <= 1:
        session.rollback()
        raise Conflict("last_owner")
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="member.role",
        target=member.user.email,
        details={"from": member.role.value, "to": new_role.value},
    )
    member.role = new_role
    session.commit()
    return member


def remove_member(
    session: Session, organization: Organization, membership_id: int, *, user_id: int | None
) -> None:
    """Take a member out of the organization (their account stays for other ones)."""
    begin_write(session)
    member = get_member(session, organization, membership_id)
    if member.role is Role.OWNER and _owner_count(session, organization) <= 1:
        session.rollback()
        raise Conflict("last_owner")
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="member.remove",
        target=member.user.email,
        details={"role": member.role.value},
    )
    # Whatever let them in ends with their membership: every session of theirs (they sign
    # in again for their other organizations) and the invitation that brought them.
    admin_sessions.end_sessions_of(session, member.user_id)
    invitations.revoke_for_member(session, organization.id, member.user.email)
    session.delete(member)
    session.commit()
