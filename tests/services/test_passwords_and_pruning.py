"""Password hashing for admins, and forgetting old idempotency answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys
from widget_server.db import utcnow
from widget_server.models import IdempotencyRecord
from widget_server.services import idempotency, passwords


def test_argon2_hashes_verify_and_refuse_the_wrong_password() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
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
