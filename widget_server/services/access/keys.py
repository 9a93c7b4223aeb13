"""API keys: making, parsing, checking, revoking and rotating them.

A token is "vw_pk_" or "vw_sk_", 30 random base62 characters (178 bits) and a 6-character
base62 CRC32 of what precedes it, so that malformed or mistyped keys are refused before
any lookup and leaked keys are easy for scanners to recognise.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from widget_server.db import utcnow
from widget_server.models import ApiKey, KeyKind, Organization
from widget_server.models.public_id import BASE62, new_public_id, random_base62
from widget_server.services import audit
from widget_server.services.errors import (
    Conflict,
    FieldProblem,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from widget_server.services.inputs.control_chars import is_single_line

PREFIXES = {KeyKind.PUBLISHABLE: "vw_pk_", KeyKind.SECRET: "vw_sk_"}
_BODY_LENGTH = 30
_CHECKSUM_LENGTH = 6
_TOKEN_RE = re.compile(r"^vw_(pk|sk)_[0-9A-Za-z]{36}$")
# last_used_at is written at most this often per key, so reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_GRACE = timedelta(days=30)


@dataclass(frozen=True)
class IssuedKey:
    """A key as created: the token is shown once and never again."""

    key: ApiKey
    token: str


def _checksum(text: str) -> str:
    value = zlib.crc32(text.encode())
    digits = []
    for _ in range(_CHECKSUM_LENGTH):
        value, rem = divmod(value, 62)
        digits.append(BASE62[rem])
    return "".join(reversed(digits))


def generate_token(kind: KeyKind) -> str:
    head = PREFIXES[kind] + random_base62(_BODY_LENGTH)
    return head + _checksum(head)


def parse_token(token: str) -> KeyKind | None:
    """The kind of a well-formed token with a valid checksum, else None."""
    if not _TOKEN_RE.match(token):
        return None
    head, checksum = token[:-_CHECKSUM_LENGTH], token[-_CHECKSUM_LENGTH:]
    if not hmac.compare_digest(_checksum(head), checksum):
        return None
    return KeyKind.PUBLISHABLE if token.startswith("vw_pk_") else KeyKind.SECRET


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_key(
    session: Session, organization: Organization, kind: KeyKind, label: str = ""
) -> IssuedKey:
    """Create a key (the caller commits); the token is returned only here."""
    token = generate_token(kind)
    key = ApiKey(
        public_id=new_public_id("key"),
        organization=organization,
        kind=kind,
        label=label.strip()[:100],
        token_hash=hash_token(token),
        display_prefix=token[:10],
        publishable_token=token if kind is KeyKind.PUBLISHABLE else None,
    )
    session.add(key)
    return IssuedKey(key, token)


def _record(
    session: Session,
    organization: Organization,
    user_id: int | None,
    action: str,
    key: ApiKey,
    **details: object,
) -> None:
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action=action,
        target=key.public_id,
        details={
            "kind": key.kind.value,
            "label": key.label,
            "prefix": key.display_prefix,
            **details,
        },
    )


def check_label(label: str) -> str:
    text = label.strip()
    if len(text) > 100:
        raise ValidationFailed({"label": FieldProblem("too_long", {"max": 100})})
    if not is_single_line(text):
        raise ValidationFailed({"label": FieldProblem("not_single_line")})
    return text


def create_key(
    session: Session,
    organization: Organization,
    kind: KeyKind,
    label: str = "",
    *,
    user_id: int | None = None,
) -> IssuedKey:
    """Create and store a key for an organization; user_id: who asked (for the audit log)."""
    issued = issue_key(session, organization, kind, check_label(label))
    session.flush()
    _record(session, organization, user_id, "key.create", issued.key)
    session.commit()
    return issued


def authenticate(session: Session, token: str, kind: KeyKind) -> ApiKey:
    """The active key for token, with its organization loaded; Unauthorized otherwise."""
    parsed = parse_token(token)
    if parsed is None:
        raise Unauthorized("invalid_key")
    if parsed is not kind:
        raise Unauthorized("wrong_key_kind")
    # The lookup is by the SHA-256 of the token, so the index compares hashes, never
    # secrets; compare_digest below keeps the final check constant-time all the same.
    digest = hash_token(token)
    key = session.scalar(
        select(ApiKey).options(joinedload(ApiKey.organization)).where(ApiKey.token_hash == digest)
    )
    now = utcnow()
    if key is None or not hmac.compare_digest(key.token_hash, digest) or not key.is_active(now):
        raise Unauthorized("invalid_key")
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        _touch(session, key, now)
    return key


def _touch(session: Session, key: ApiKey, now: datetime) -> None:
    # A separate short transaction keeps this bookkeeping out of the caller's work.
    session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
    session.commit()
    set_committed_value(key, "last_used_at", now)  # as stored: nothing left to write


def list_keys(session: Session, organization: Organization) -> list[ApiKey]:
    return list(
        session.scalars(
            select(ApiKey)
            .where(ApiKey.organization_id == organization.id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        )
    )


def get_key(session: Session, organization: Organization, public_id: str) -> ApiKey:
    key = session.scalar(
        select(ApiKey).where(
            ApiKey.organization_id == organization.id, ApiKey.public_id == public_id
        )
    )
    if key is None:
        raise NotFound("key_not_found")
    return key


def revoke_key(
    session: Session, organization: Organization, public_id: str, *, user_id: int | None = None
) -> ApiKey:
    """Stop a key working now."""
    key = get_key(session, organization, public_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        _record(session, organization, user_id, "key.revoke", key)
    session.commit()
    return key


def rotate_key(
    session: Session,
    organization: Organization,
    public_id: str,
    grace: timedelta,
    *,
    user_id: int | None = None,
) -> IssuedKey:
    """Issue a replacement key; the old one keeps working for the grace period."""
    if grace < timedelta(0) or grace > MAX_GRACE:
        raise Conflict("invalid_grace_period", max_days=MAX_GRACE.days)
    old = get_key(session, organization, public_id)
    now = utcnow()
    if not old.is_active(now):
        raise Conflict("key_inactive")
    issued = issue_key(session, organization, old.kind, old.label)
    session.flush()
    old.expires_at = now + grace
    old.replaced_by_id = issued.key.id
    _record(
        session,
        organization,
        user_id,
        "key.rotate",
        old,
        replaced_by=issued.key.public_id,
        grace_hours=round(grace.total_seconds() / 3600, 2),
    )
    session.commit()
    return issued
