"""API keys: format, hashing at rest, revocation, rotation and last use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys
from widget_server.db import utcnow
from widget_server.models import ApiKey, KeyKind
from widget_server.services.access import keys
from widget_server.services.errors import Conflict, Unauthorized


def test_tokens_carry_prefix_and_at_least_128_random_bits() -> None:
    token = keys.generate_token(KeyKind.PUBLISHABLE)
    assert token.startswith("vw_pk_")
    assert len(token) == 6 + 36
    # 30 base62 characters are log2(62) * 30 ≈ 178 bits.
    assert keys.parse_token(token) is KeyKind.PUBLISHABLE
    assert keys.parse_token(keys.generate_token(KeyKind.SECRET)) is KeyKind.SECRET


def test_a_mistyped_key_fails_its_checksum_before_any_lookup() -> None:
    token = keys.generate_token(KeyKind.SECRET)
    typo = token[:10] + ("a" if token[10] != "a" else "b") + token[11:]
    assert keys.parse_token(typo) is None
    assert keys.parse_token("vw_sk_short") is None
    assert keys.parse_token("sk_live_" + token[6:]) is None


def test_secret_keys_are_stored_only_as_hashes(session: Session, org: OrgWithKeys) -> None:
    stored = session.scalars(select(ApiKey)).all()
    columns = [str(getattr(k, c.key)) for k in stored for c in ApiKey.__table__.columns]
    assert all(org.secret not in value for value in columns)
    secret_row = next(k for k in stored if k.kind is KeyKind.SECRET)
    assert secret_row.token_hash == keys.hash_token(org.secret)
    assert secret_row.publishable_token is None


def test_authenticate_checks_kind_and_records_last_use(session: Session, org: OrgWithKeys) -> None:
    key = keys.authenticate(session, org.secret, KeyKind.SECRET)
    assert key.organization.id == org.organization.id
    assert key.last_used_at is not None
    with pytest.raises(Unauthorized) as wrong:
        keys.authenticate(session, org.secret, KeyKind.PUBLISHABLE)
    assert wrong.value.code == "wrong_key_kind"


def test_revoked_key_stops_working(session: Session, org: OrgWithKeys) -> None:
    key = keys.authenticate(session, org.secret, KeyKind.SECRET)
    keys.revoke_key(session, org.organization, key.public_id)
    with pytest.raises(Unauthorized):
        keys.authenticate(session, org.secret, KeyKind.SECRET)


def test_rotated_key_works_during_grace_then_stops(session: Session, org: OrgWithKeys) -> None:
    old = keys.authenticate(session, org.secret, KeyKind.SECRET)
    new = keys.rotate_key(session, org.organization, old.public_id, timedelta(hours=2))

    assert keys.authenticate(session, new.token, KeyKind.SECRET).id == new.key.id
    assert keys.authenticate(session, org.secret, KeyKind.SECRET).id == old.id
    assert old.replaced_by_id == new.key.id

    session.execute(
        update(ApiKey).where(ApiKey.id == old.id).values(expires_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()
    with pytest.raises(Unauthorized):
        keys.authenticate(session, org.secret, KeyKind.SECRET)
    assert keys.authenticate(session, new.token, KeyKind.SECRET).id == new.key.id


def test_rotation_refuses_a_grace_period_over_thirty_days(
    session: Session, org: OrgWithKeys
) -> None:
    old = keys.authenticate(session, org.secret, KeyKind.SECRET)
    with pytest.raises(Conflict):
        keys.rotate_key(session, org.organization, old.public_id, timedelta(days=31))
