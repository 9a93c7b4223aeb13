"""A volunteer's answer from the signed link in their email, and the panel's badge.

An answer is the volunteer's side of the conversation: it never counts as the
organization's first response (services/follow_up/followup.py). It tells the members who
follow the sign-up, by email and by the badge on the panel's Volunteers entry.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from widget_server.db import begin_write, utcnow
from widget_server.models import (
    Direction,
    Membership,
    Message,
    Organization,
    Signup,
    SignupNotice,
    Task,
)
from widget_server.models.public_id import new_public_id
from widget_server.services.errors import Conflict, NotFound, RateLimited
from widget_server.services.hooks import webhook_events
from widget_server.services.messaging import message_text, recipients
from widget_server.services.outbound.outbox import enqueue_email

# Per sign-up and rolling hour: a conversation, not a way to flood the team's inboxes.
HOURLY_ANSWERS = 20
TEMPLATE = "admin_message_received"


def signup_for_link(session: Session, signup_public_id: str) -> Signup:
    """The sign-up a conversation link names (NotFound once it is erased)."""
    signup = session.scalar(
        select(Signup)
        .options(selectinload(Signup.task).selectinload(Task.translations))
        .where(Signup.public_id == signup_public_id)
    )
    if signup is None:
        raise NotFound("signup_not_found")
    return signup


def is_closed(signup: Signup) -> bool:
    return signup.status in recipients.CLOSED


def receive_answer(session: Session, signup_public_id: str, body: str) -> Message:
    """Store the volunteer's answer and tell the members who follow the sign-up.

    ValidationFailed (field "body"), NotFound (erased), Conflict signup_closed (withdrawn
    or closed), RateLimited: nothing is stored or sent.
    """
    text = message_text.checked_body(body)
    begin_write(session)
    try:
        signup = signup_for_link(session, signup_public_id)
        if is_closed(signup):
            raise Conflict("signup_closed")
        since = utcnow() - timedelta(hours=1)
        recent = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(
                Message.signup_id == signup.id,
                Message.direction == Direction.IN,
                Message.created_at >= since,
            )
        )
        if (recent or 0) >= HOURLY_ANSWERS:
            raise RateLimited("answers_rate_limited")
        organization = session.get_one(Organization, signup.organization_id)
    except Exception:
        session.rollback()
        raise
    message = Message(
        public_id=new_public_id("msg"),
        organization_id=signup.organization_id,
        signup_id=signup.id,
        direction=Direction.IN,
        body=text,
        batch_id=new_public_id("msb"),
    )
    session.add(message)
    webhook_events.message_received(session, message, signup)
    for membership in followers(session, signup):
        user = membership.user
        enqueue_email(
            session,
            to=user.email,
            locale=user.locale,
            template=TEMPLATE,
            context={
                "org_name": organization.name,
                "task_title": signup.task.text_for(user.locale).title,
                "volunteer_name": signup.name,
                "signup_id": signup.public_id,
                "message_id": message.public_id,
                "body": text,
            },
            organization_id=organization.id,
        )
    session.commit()
    return message


def followers(session: Session, signup: Signup) -> list[Membership]:
    """Who hears of an answer: the members who wrote to this volunteer, and the members who
    asked to hear of each new sign-up at once (they follow every task as it happens)."""
    wrote = select(Message.author_id).where(
        Message.signup_id == signup.id, Message.author_id.is_not(None)
    )
    return list(
        session.scalars(
            select(Membership)
            .options(joinedload(Membership.user))
            .where(
                Membership.organization_id == signup.organization_id,
                (Membership.user_id.in_(wrote))
                | (Membership.signup_notice == SignupNotice.IMMEDIATE),
            )
            .order_by(Membership.id)
        )
    )


def unread_count_query(organization_id: int) -> Select[int]:
    """The count of answers no member has seen yet (the panel reads it with its other badge)."""
    return (
        select(func.count())
        .select_from(Message)
        .where(
            Message.organization_id == organization_id,
            Message.direction == Direction.IN,
            Message.read_at.is_(None),
        )
    )


def unread_count(session: Session, organization_id: int) -> int:
    """Answers no member has seen yet: the number on the panel's badge."""
    return session.scalar(unread_count_query(organization_id)) or 0


def unread_by_signup(
    session: Session, organization_id: int, signup_ids: list[int]
) -> dict[int, int]:
    """Unread answers per sign-up id, for a page of the volunteers list."""
    if not signup_ids:
        return {}
    rows = session.execute(
        select(Message.signup_id, func.count())
        .where(
            Message.organization_id == organization_id,
            Message.signup_id.in_(signup_ids),
            Message.direction == Direction.IN,
            Message.read_at.is_(None),
        )
        .group_by(Message.signup_id)
    ).all()
    return {signup_id: count for signup_id, count in rows}


def mark_read(session: Session, organization_id: int, signup_id: int) -> int:
    """A member opened the conversation: its answers leave the badge. How many did."""
    begin_write(session)
    result = session.execute(
        update(Message)
        .where(
            Message.organization_id == organization_id,
            Message.signup_id == signup_id,
            Message.direction == Direction.IN,
            Message.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
