"""Password hashing for admins, and forgetting old idempotency answers, ended sessions and
closed account links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member
from widget_server.db import utcnow
from widget_server.models import IdempotencyRecord, Invitation, PasswordReset, Role
from widget_server.services.access import account_access, admin_sessions, invitations, passwords
from widget_server.services.inputs import idempotency


@pytest.mark.password_cost
def test_argon2_hashes_verify_and_refuse_the_wrong_password() -> None:
    stored = passwords.hash_password("correct horse battery")
    # RFC 9106's second recommended option: 64 MiB, three passes, four lanes.
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "wrong horse battery")
    assert not passwords.verify_password(None, "anything")
    assert not passwords.verify_password("not-a-hash", "anything")
    assert not passwords.needs_rehash(stored)


def test_prune_forgets_answers_older_than_a_day(session: Session, org: OrgWithKeys) -> None:
    for key in ("old", "new"):
        idempotency.remember(session, org.organization.id, key, "f" * 64, 201, {"ok": True})
    session.commit()
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.key == "old")
        .values(created_at=utcnow() - timedelta(hours=25))
    )
    session.commit()
    assert idempotency.prune(session, utcnow()) == 1
    assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1


def test_prune_forgets_ended_sessions_used_resets_and_invitations_closed_for_a_week(
    session: Session, org: OrgWithKeys
) -> None:
    lifetimes = admin_sessions.Lifetimes(idle_seconds=3600, max_seconds=7200)
    owner = make_member(session, org, Role.OWNER, "owner@example.org")
    live = admin_sessions.start_session(session, owner.id, lifetimes)
    admin_sessions.start_session(session, owner.id, lifetimes, utcnow() - timedelta(hours=3))
    account_access.request_password_reset(session, "owner@example.org", "en")
    for email in ("old@example.org", "new@example.org"):
        invitations.invite_member(session, org.organization, email, Role.VIEWER, "en")
    old = session.scalar(select(Invitation).where(Invitation.email == "old@example.org"))
    old.revoked_at = utcnow() - timedelta(days=8)
    session.execute(update(PasswordReset).values(used_at=utcnow()))
    session.commit()

    assert admin_sessions.prune(session, lifetimes) == 3  # a session, a reset, an invitation

    assert admin_sessions.open_session(session, live, lifetimes) is not None
    assert session.scalars(select(Invitation.email)).all() == ["new@example.org"]
