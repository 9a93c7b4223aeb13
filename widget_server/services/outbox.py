"""Writing messages to the outbox, and the registry of who delivers each kind.

enqueue() only adds a row to the caller's session: the message is committed, or rolled
back, with the change that caused it, and no network I/O happens here. Delivery is done
later by `widget-server worker` (services/delivery.py), which looks up the sender
registered for the message's kind. Senders are registered in one place,
widget_server/senders.py (install_senders), which the worker and the demo call at start;
a sender runs inside an application context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import MessageKind, MessageStatus, OutboxMessage


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


# A sender delivers one message or raises; what it returns is ignored.
Sender = Callable[[Delivery], None]

_senders: dict[str, Sender] = {}


def register_sender(kind: str, sender: Sender) -> None:
    """Make `sender` deliver every outbox message of `kind` (the last registration wins)."""
    MessageKind(kind)  # refuse kinds the outbox table cannot hold
    _senders[kind] = sender


def unregister_sender(kind: str) -> None:
    _senders.pop(kind, None)


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
