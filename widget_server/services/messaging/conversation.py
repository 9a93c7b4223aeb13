"""A sign-up's conversation: its messages and its status changes, in the order they came."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.models import AuditEntry, Direction, Message, Signup, User
from widget_server.services.errors import NotFound


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: kind is "signed_up", "status" or "message"."""

    kind: str
    at: datetime
    direction: Direction | None = None  # a message's
    body: str = ""
    author: str | None = None  # the member who wrote a message out, if still known
    status: str | None = None  # the status a change led to
    message_id: str | None = None
    unread: bool = False  # an answer no member has seen yet


def list_messages(
    session: Session,
    organization_id: int,
    *,
    signup_public_id: str | None = None,
    direction: Direction | None = None,
    after_id: int | None = None,
    limit: int = 100,
) -> list[tuple[Message, str]]:
    """The organization's messages oldest first, each with its sign-up's public id; of one
    sign-up (NotFound when it is not the organization's), one direction, and after a
    message's row id (to page on)."""
    query = (
        select(Message, Signup.public_id)
        .join(Signup, Signup.id == Message.signup_id)
        .where(Message.organization_id == organization_id)
        .order_by(Message.id)
        .limit(limit)
    )
    if signup_public_id is not None:
        known = session.scalar(
            select(Signup.id).where(
                Signup.organization_id == organization_id, Signup.public_id == signup_public_id
            )
        )
        if known is None:
            raise NotFound("signup_not_found")
        query = query.where(Message.signup_id == known)
    if direction is not None:
        query = query.where(Message.direction == direction)
    if after_id is not None:
        query = query.where(Message.id > after_id)
    return [(message, public_id) for message, public_id in session.execute(query).all()]


def batch_messages(
    session: Session, organization_id: int, batch_id: str
) -> list[tuple[Message, str]]:
    """The messages one sending stored, each with its sign-up's public id."""
    query = (
        select(Message, Signup.public_id)
        .join(Signup, Signup.id == Message.signup_id)
        .where(Message.organization_id == organization_id, Message.batch_id == batch_id)
        .order_by(Message.id)
    )
    return [(message, public_id) for message, public_id in session.execute(query).all()]


def timeline(session: Session, signup: Signup) -> list[Entry]:
    """The sign-up, each status change the organization made, and each message, oldest first."""
    entries = [Entry("signed_up", signup.created_at)]
    changes = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.organization_id == signup.organization_id,
            AuditEntry.action == "signup.status",
            AuditEntry.target == signup.public_id,
        )
        .order_by(AuditEntry.id)
    )
    for change in changes:
        to = change.details.get("to") if isinstance(change.details, dict) else None
        if isinstance(to, str) and to != change.details.get("from"):
            entries.append(Entry("status", change.created_at, status=to))
    rows = session.execute(
        select(Message, User.name, User.email)
        .outerjoin(User, User.id == Message.author_id)
        .where(Message.signup_id == signup.id)
        .order_by(Message.id)
    ).all()
    for message, name, email in rows:
        entries.append(
            Entry(
                "message",
                message.created_at,
                direction=message.direction,
                body=message.body,
                author=(name or email) if message.direction is Direction.OUT else None,
                message_id=message.public_id,
                unread=message.direction is Direction.IN and message.read_at is None,
            )
        )
    # Stable: entries of one moment keep the order they were read in.
    return sorted(entries, key=lambda e: e.at)


def messages_by_signup(session: Session, signup_ids: list[int]) -> dict[int, list[Message]]:
    """Each sign-up's messages, oldest first (a person's data export)."""
    found: dict[int, list[Message]] = {}
    if signup_ids:
        query = select(Message).where(Message.signup_id.in_(signup_ids)).order_by(Message.id)
        for message in session.scalars(query):
            found.setdefault(message.signup_id, []).append(message)
    return found


def export_entry(message: Message) -> dict[str, str]:
    return {
        "id": message.public_id,
        "direction": message.direction.value,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
    }
