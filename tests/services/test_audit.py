"""The audit log: changes to keys and origins are recorded, and the log filters and pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_org
from widget_server.db import utcnow
from widget_server.models import KeyKind, Role
from widget_server.services import audit
from widget_server.services.access import keys, organizations
from widget_server.services.audit import AuditFilters


def test_key_and_origin_changes_are_logged_with_who_and_never_the_secret(
    session: Session, org: OrgWithKeys
) -> None:
    owner = make_member(session, org, Role.OWNER)
    issued = keys.create_key(session, org.organization, KeyKind.SECRET, "CRM", user_id=owner.id)
    rotated = keys.rotate_key(
        session, org.organization, issued.key.public_id, timedelta(hours=2), user_id=owner.id
    )
    keys.revoke_key(session, org.organization, rotated.key.public_id, user_id=owner.id)
    organizations.set_allowed_origins(
        session,
        org.organization,
        ["https://ngo.example", "https://blog.ngo.example"],
        user_id=owner.id,
    )
    page = audit.list_entries(session, org.organization.id, AuditFilters())
    assert [r.entry.action for r in page.items] == [
        "embed.origins",
        "key.revoke",
        "key.rotate",
        "key.create",
    ]
    assert {r.user_email for r in page.items} == {owner.email}
    logged = str([(r.entry.target, r.entry.details) for r in page.items])
    assert issued.token not in logged and rotated.token not in logged
    assert page.items[2].entry.details["grace_hours"] == 2


def test_the_log_filters_by_action_person_and_time_and_pages(
    session: Session, org: OrgWithKeys
) -> None:
    first = make_member(session, org, Role.OWNER)
    second = make_member(session, org, Role.EDITOR)
    for n in range(5):
        audit.record(
            session,
            organization_id=org.organization.id,
            by=audit.Actor.member(first.id),
            action="task.update",
            target=f"tsk_{n}",
        )
    audit.record(
        session,
        organization_id=org.organization.id,
        by=audit.Actor.member(second.id),
        action="signup.export",
        target="csv",
    )
    other = make_org(session)
    audit.record(
        session,
        organization_id=other.organization.id,
        by=audit.NOBODY,
        action="task.update",
        target="theirs",
    )
    session.commit()
    org_id = org.organization.id
    assert audit.list_entries(session, org_id, AuditFilters(action="signup.export")).total == 1
    by_first = audit.list_entries(session, org_id, AuditFilters(user_id=first.id, per_page=2))
    assert by_first.total == 5 and by_first.total_pages == 3
    assert [r.entry.target for r in by_first.items] == ["tsk_4", "tsk_3"]
    later = AuditFilters(since=utcnow() + timedelta(minutes=1))
    assert audit.list_entries(session, org_id, later).total == 0
