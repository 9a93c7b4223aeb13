"""Webhook events: what each carries, and writing them to the outbox with the change.

Each event is written as one outbox message of kind "webhook" per subscribed endpoint, in
the caller's transaction, so an event exists exactly when its change was committed; the
outbox worker delivers it later (services/hooks/webhook_delivery.py).

Personal data: signup.created carries the volunteer's name, email and phone, which the
organization owns and needs to contact them; every other event carries ids and statuses
only. Free text (message, availability, answers, and the messages of a conversation)
never leaves through webhooks: the
admin API serves it to whoever needs it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import (
    Message,
    Signup,
    SignupStatus,
    Task,
    TaskStatus,
    WebhookEndpoint,
)
from widget_server.models.public_id import random_base62
from widget_server.services.outbound import outbox

KIND = "webhook"
SIGNUP_CREATED = "signup.created"
SIGNUP_CONFIRMED = "signup.confirmed"
SIGNUP_STATUS_CHANGED = "signup.status_changed"
SIGNUP_WITHDRAWN = "signup.withdrawn"
SIGNUP_OFFERED = "signup.offered"  # a freed slot is held for a waitlisted volunteer
TASK_PUBLISHED = "task.published"
TASK_CLOSED = "task.closed"
MESSAGE_SENT = "message.sent"  # one per recipient of a message from the organization
MESSAGE_RECEIVED = "message.received"  # a volunteer's answer
TEST_EVENT = "webhook.test"
EVENT_TYPES = (
    SIGNUP_CREATED,
    SIGNUP_CONFIRMED,
    SIGNUP_STATUS_CHANGED,
    SIGNUP_WITHDRAWN,
    SIGNUP_OFFERED,
    TASK_PUBLISHED,
    TASK_CLOSED,
    MESSAGE_SENT,
    MESSAGE_RECEIVED,
)


def new_message_id() -> str:
    """A webhook-id: the same on every retry, so receivers can drop repeats."""
    return "msg_" + random_base62(22)


def message(
    endpoint_id: str, event_type: str, data: dict[str, Any], subject_id: str | None
) -> dict[str, Any]:
    """An outbox payload: where to send (the endpoint's public id), the id to send it
    under, and the body."""
    return {
        "endpoint_id": endpoint_id,
        "message_id": new_message_id(),
        "event_type": event_type,
        "subject_id": subject_id,
        "body": {"type": event_type, "timestamp": utcnow().isoformat(), "data": data},
    }


def emit(
    session: Session,
    organization_id: int,
    event_type: str,
    data: dict[str, Any],
    *,
    subject_id: str | None = None,
) -> int:
    """Queue the event for every enabled endpoint subscribed to it; returns how many."""
    endpoint_ids = subscribers(session, organization_id, event_type)
    return emit_to(session, organization_id, endpoint_ids, event_type, data, subject_id=subject_id)


def subscribers(session: Session, organization_id: int, event_type: str) -> list[str]:
    """The public ids of the organization's enabled endpoints subscribed to event_type."""
    endpoints = session.execute(
        select(WebhookEndpoint.public_id, WebhookEndpoint.event_types)
        .where(
            WebhookEndpoint.organization_id == organization_id,
            WebhookEndpoint.enabled.is_(True),
        )
        .order_by(WebhookEndpoint.id)
    )
    return [public_id for public_id, types in endpoints if event_type in types]


def emit_to(
    session: Session,
    organization_id: int,
    endpoint_ids: list[str],
    event_type: str,
    data: dict[str, Any],
    *,
    subject_id: str | None = None,
) -> int:
    """Queue the event for these endpoints, read by the caller (enabled, subscribed)."""
    for endpoint_id in endpoint_ids:
        outbox.enqueue(
            session,
            kind=KIND,
            payload=message(endpoint_id, event_type, data, subject_id),
            organization_id=organization_id,
            dedupe_key=None,  # message ids are random: nothing to deduplicate
        )
    return len(endpoint_ids)


def signup_data(signup: Signup, task: Task) -> dict[str, Any]:
    """Ids and status of a sign-up, as every signup.* event carries them."""
    return {
        "id": signup.public_id,
        "task_id": task.public_id,
        "status": signup.status.value,
        "holds_slot": signup.holds_slot,
    }


def signup_created(
    session: Session, signup: Signup, task: Task, endpoint_ids: list[str] | None = None
) -> None:
    """signup.created, to endpoint_ids when the caller read them, else to those subscribed."""
    data = {
        **signup_data(signup, task),
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "locale": signup.locale,
        "created_at": signup.created_at.isoformat(),
    }
    if endpoint_ids is None:
        emit(session, signup.organization_id, SIGNUP_CREATED, data, subject_id=signup.public_id)
    else:
        emit_to(
            session,
            signup.organization_id,
            endpoint_ids,
            SIGNUP_CREATED,
            data,
            subject_id=signup.public_id,
        )


def signup_status_changed(
    session: Session, signup: Signup, task: Task, previous: SignupStatus, *, reason: str = ""
) -> None:
    """signup.confirmed, signup.withdrawn, or signup.status_changed for any other move."""
    event_type = {
        SignupStatus.CONFIRMED: SIGNUP_CONFIRMED,
        SignupStatus.WITHDRAWN: SIGNUP_WITHDRAWN,
    }.get(signup.status, SIGNUP_STATUS_CHANGED)
    data = {**signup_data(signup, task), "previous_status": previous.value}
    if reason:
        data["reason"] = reason
    emit(session, signup.organization_id, event_type, data, subject_id=signup.public_id)


def erasure_notice(signup: Signup, task: Task) -> dict[str, Any]:
    """signup.withdrawn data for a sign-up being erased, taken before it is gone."""
    return {
        **signup_data(signup, task),
        "status": SignupStatus.WITHDRAWN.value,
        "holds_slot": False,
        "previous_status": signup.status.value,
        "reason": "erased",
    }


def task_data(task: Task) -> dict[str, Any]:
    return {
        "id": task.public_id,
        "status": task.status.value,
        "title": task.text_for(task.default_locale).title,
        "published_at": task.published_at.isoformat() if task.published_at else None,
    }


def task_status_changed(session: Session, task: Task, previous: TaskStatus | None) -> None:
    """task.published when a task opens; task.closed when it closes or is archived open."""
    if task.status is previous:
        return
    if task.status is TaskStatus.OPEN:
        event_type = TASK_PUBLISHED
    elif task.status is TaskStatus.CLOSED or (
        task.status is TaskStatus.ARCHIVED and previous in (TaskStatus.OPEN, TaskStatus.PAUSED)
    ):
        event_type = TASK_CLOSED
    else:
        return
    data = {**task_data(task), "previous_status": previous.value if previous else None}
    emit(session, task.organization_id, event_type, data, subject_id=task.public_id)


def message_data(stored: Message, signup: Signup, task: Task) -> dict[str, Any]:
    """Ids and direction of a message: never its text, which the admin API serves."""
    return {
        "id": stored.public_id,
        "signup_id": signup.public_id,
        "task_id": task.public_id,
        "direction": stored.direction.value,
    }


def messages_sent(
    session: Session, organization_id: int, sent: list[tuple[Message, Signup]]
) -> None:
    """message.sent once per stored outgoing message; the endpoints are read once for all
    recipients (a message may go to thousands)."""
    endpoint_ids = subscribers(session, organization_id, MESSAGE_SENT)
    for stored, signup in sent if endpoint_ids else ():
        data = message_data(stored, signup, signup.task)
        emit_to(
            session, organization_id, endpoint_ids, MESSAGE_SENT, data, subject_id=stored.public_id
        )


def message_received(session: Session, stored: Message, signup: Signup) -> None:
    data = message_data(stored, signup, signup.task)
    emit(session, signup.organization_id, MESSAGE_RECEIVED, data, subject_id=stored.public_id)
