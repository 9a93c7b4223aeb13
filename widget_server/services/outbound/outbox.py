"""Writing messages to the outbox, and the registry of who delivers each kind.

enqueue() only adds a row to the caller's session: the message is committed, or rolled
back, with the change that caused it, and no network I/O happens here. Delivery is done
later by `widget-server worker` (services/outbound/delivery.py), which looks up the sender
registered for the message's kind. Senders are registered in one place,
widget_server/worker/senders.py (install_senders), which the worker and the demo call at start;
a sender runs inside an application context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from widget_server.db import rows_changed, utcnow
from widget_server.models import MessageKind, MessageStatus, OutboxMessage
from widget_server.services.errors import Conflict, NotFound


class PermanentFailure(Exception):
    """A sender's verdict that retrying cannot help (a malformed recipient, a 5xx refusal
    of this address): the message is marked failed with this reason at once."""


class TemporaryFailure(Exception):
    """A sender's verdict that a later attempt may succeed (server down, 4xx): retried
    with backoff until the last attempt, then dead. Any other exception counts the same."""


@dataclass(frozen=True)
class Delivery:
    """What a sender is given: the row's id (a stable message id), kind and payload."""

    message_id: int
    kind: str
    payload: dict[str, Any]
    organization_id: int | None
    attempt: int  # 1 for the first attempt


# A sender delivers one message or raises; what it returns is ignored. A sender that
# keeps connections open may have a close() method, called when it is replaced or the
# worker stops.
Sender = Callable[[Delivery], None]

_senders: dict[str, Sender] = {}


def register_sender(kind: str, sender: Sender) -> None:
    """Make `sender` deliver every outbox message of `kind` (the last registration wins)."""
    MessageKind(kind)  # refuse kinds the outbox table cannot hold
    previous = _senders.get(kind)
    _senders[kind] = sender
    if previous is not None and previous is not sender:
        _close(previous)


def unregister_sender(kind: str) -> None:
    sender = _senders.pop(kind, None)
    if sender is not None:
        _close(sender)


def close_senders() -> None:
    """Let every sender close what it keeps open (they stay registered)."""
    for sender in list(_senders.values()):
        _close(sender)


def _close(sender: Sender) -> None:
    close = getattr(sender, "close", None)
    if callable(close):
        close()


def sender_for(kind: str) -> Sender | None:
    return _senders.get(kind)


def registered_kinds() -> frozenset[str]:
    return frozenset(_senders)


def enqueue(
    session: Session,
    *,
    kind: str,
    payload: dict[str, Any],
    organization_id: int | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Add a message to the caller's transaction; None if dedupe_key was used already.

    The dedupe check sees committed rows and this session's own; two transactions racing
    with one key meet the unique constraint, and the later one fails as a whole, which
    is what a caller retrying its transaction wants.
    """
    if dedupe_key is not None:
        pending = any(
            isinstance(obj, OutboxMessage) and obj.dedupe_key == dedupe_key for obj in session.new
        )
        if pending or session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        ):
            return None
    message = OutboxMessage(
        kind=MessageKind(kind),
        payload=payload,
        organization_id=organization_id,
        status=MessageStatus.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
        dedupe_key=dedupe_key,
    )
    session.add(message)
    return message


def enqueue_email(
    session: Session,
    *,
    to: str,
    locale: str,
    template: str,
    context: dict[str, Any],
    organization_id: int | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queue an email rendered later from templates/email/<template>.txt and .html.

    context must be JSON-serialisable; it is rendered in `locale` at delivery time.
    """
    return enqueue(
        session,
        kind=MessageKind.EMAIL.value,
        payload={"to": to, "locale": locale, "template": template, "context": context},
        organization_id=organization_id,
        dedupe_key=dedupe_key,
    )


RETRYABLE = (MessageStatus.FAILED, MessageStatus.DEAD)


def list_messages(
    session: Session, *, status: str | None = None, limit: int = 100
) -> list[OutboxMessage]:
    """Messages newest first, optionally of one status (e.g. failed or dead)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == MessageStatus(status))
    return list(session.scalars(query))


def undelivered_emails(
    session: Session, organization_id: int, signup_public_id: str, *, scan: int = 500
) -> list[OutboxMessage]:
    """The organization's emails about one sign-up that ended failed or dead, newest first
    (among its last `scan` such messages: they are few, and kept only until pruned)."""
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.organization_id == organization_id,
            OutboxMessage.kind == MessageKind.EMAIL,
            OutboxMessage.status.in_(RETRYABLE),
        )
        .order_by(OutboxMessage.id.desc())
        .limit(scan)
    )
    return [
        row
        for row in rows
        if isinstance(row.payload.get("context"), dict)
        and row.payload["context"].get("signup_id") == signup_public_id
    ]


def retry_message(session: Session, message_id: int) -> OutboxMessage:
    """Give a failed or dead message a fresh set of attempts, due now."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("message_not_found")
    if message.status not in RETRYABLE:
        raise Conflict("message_not_retryable", status=message.status.value)
    message.status = MessageStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()
    session.commit()
    return message


def retry_dead(session: Session) -> int:
    """Give every dead message a fresh set of attempts; the number of messages."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.DEAD)
        .values(status=MessageStatus.PENDING, attempts=0, next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return rows_changed(result)
