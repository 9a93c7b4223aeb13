"""Idempotency keys: the first answer to a request is stored and replayed on retries."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from widget_server.db import rows_changed
from widget_server.models import IdempotencyRecord
from widget_server.services.errors import DomainError, FieldProblem, ValidationFailed

# Stripe keeps keys for 24 hours; a day covers any client's retry schedule.
RETENTION = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class IdempotencyKeyReused(DomainError):
    status = 422
    code = "idempotency_key_reused"


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed({"Idempotency-Key": FieldProblem("invalid_idempotency_key")})
    return key


def request_fingerprint(method: str, path: str, payload: Any) -> str:
    canonical = json.dumps([method, path, payload], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def find(
    session: Session, organization_id: int, key: str, fingerprint: str
) -> IdempotencyRecord | None:
    """The stored answer for key; IdempotencyKeyReused if it was for another request."""
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id, IdempotencyRecord.key == key
        )
    )
    if record is not None:
        check_fingerprint(record, fingerprint)
    return record


def check_fingerprint(record: IdempotencyRecord, fingerprint: str) -> None:
    """IdempotencyKeyReused unless the stored answer was for this very request."""
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused()


def remember(
    session: Session,
    organization_id: int,
    key: str,
    fingerprint: str,
    status_code: int,
    body: dict[str, Any],
) -> None:
    """Store an answer in the caller's transaction (a concurrent twin fails on the unique key)."""
    session.add(
        IdempotencyRecord(
            organization_id=organization_id,
            key=key,
            request_hash=fingerprint,
            status_code=status_code,
            response_body=body,
        )
    )


def prune(session: Session, now: datetime) -> int:
    """Forget answers older than the retention period."""
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - RETENTION)
    )
    session.commit()
    return rows_changed(result)
