"""One-time form tokens: a form sent twice (a double click, a resent POST) acts once.

Each create form carries a random nonce; the first submission records it in the same
transaction as its change, and a unique constraint makes a second one find the record
instead. Records are pruned with idempotency keys (``widget-server db prune``).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from widget_server.models import IdempotencyRecord

_PREFIX = "admin-form:"
_KIND = "admin-form"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def earlier_result(session: Session, organization_id: int, nonce: str) -> dict[str, Any] | None:
    """What the first submission of this form produced, if it was already sent."""
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id,
            IdempotencyRecord.key == _PREFIX + nonce[:200],
        )
    )
    return record.response_body if record is not None else None


def claim(session: Session, organization_id: int, nonce: str) -> IdempotencyRecord | None:
    """Record the nonce in the caller's transaction; None if another submission holds it."""
    record = IdempotencyRecord(
        organization_id=organization_id,
        key=_PREFIX + nonce[:200],
        request_hash=_KIND,
        status_code=0,
        response_body={},
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    return record


def record_result(session: Session, record: IdempotencyRecord, result: dict[str, Any]) -> None:
    """Keep what the first submission made, so that a repeat can point to it."""
    record.response_body = result
    session.commit()
