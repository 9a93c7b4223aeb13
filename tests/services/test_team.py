"""Team: roles change, members leave, and an organization always keeps one owner."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_org
from widget_server.models import AuditEntry, Membership, Role
from widget_server.services.access import team
from widget_server.services.errors import Conflict, NotFound


def _membership(session: Session, org: OrgWithKeys, user_id: int) -> Membership:
    return session.scalars(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.organization_id == org.organization.id,
        )
    ).one()


def test_members_are_listed_owners_first(session: Session, org: OrgWithKeys) -> None:
    make_member(session, org, Role.VIEWER, "b@example.org")
    make_member(session, org, Role.OWNER, "z@example.org")
    make_member(session, org, Role.EDITOR, "a@example.org")
    members = team.list_members(session, org.organization)
    assert [(m.role.value, m.user.email) for m in members] == [
        ("owner", "z@example.org"),
        ("editor", "a@example.org"),
        ("viewer", "b@example.org"),
    ]


def test_the_last_owner_can_be_neither_demoted_nor_removed(
    session: Session, org: OrgWithKeys
) -> None:
    owner = make_member(session, org, Role.OWNER)
    membership = _membership(session, org, owner.id)
    with pytest.raises(Conflict) as demoted:
        team.change_role(session, org.organization, membership.id, "editor", user_id=owner.id)
    assert demoted.value.code == "last_owner"
    with pytest.raises(Conflict):
        team.remove_member(session, org.organization, membership.id, user_id=owner.id)

    second = make_member(session, org, Role.OWNER)
    team.change_role(session, org.organization, membership.id, "editor", user_id=second.id)
    team.remove_member(session, org.organization, membership.id, user_id=second.id)
    assert [m.user.email for m in team.list_members(session, org.organization)] == [second.email]
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["member.role", "member.remove"]


def test_another_organizations_member_is_not_found(session: Session, org: OrgWithKeys) -> None:
    other = make_org(session)
    outsider = make_member(session, other, Role.EDITOR)
    membership = _membership(session, other, outsider.id)
    with pytest.raises(NotFound):
        team.change_role(session, org.organization, membership.id, "viewer", user_id=None)
    with pytest.raises(NotFound):
        team.remove_member(session, org.organization, membership.id, user_id=None)
