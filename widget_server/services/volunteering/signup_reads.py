"""What a new sign-up reads before it writes, folded into as few statements as possible.

A sign-up is the server's busiest write. Each statement is a round trip to the database
and a pass through SQLAlchemy's Python, so the reads are gathered: the task with its
translations and any stored idempotent answer in one statement, then the address's
previous sign-up and the consent notice's version in another, then who else hears of it
(webhook endpoints, members told at once) in a third.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    cast,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session, joinedload

from widget_server.models import (
    IdempotencyRecord,
    Membership,
    Organization,
    Signup,
    SignupNotice,
    Task,
    User,
    WebhookEndpoint,
)
from widget_server.services.catalog.tasks import public_task_query
from widget_server.services.hooks import webhook_events
from widget_server.services.personal_data import consent

# Built once: a sign-up pays for running its statements, not for composing them.
_ORGANIZATION = bindparam("organization_id", type_=Integer)
_KEY = bindparam("idempotency_key", type_=String)
_TASK = public_task_query(
    _ORGANIZATION, bindparam("task_public_id", type_=String), bindparam("today", type_=Date)
).options(joinedload(Task.translations))
_TASK_AND_ANSWER = _TASK.add_columns(IdempotencyRecord).outerjoin(
    IdempotencyRecord,
    and_(IdempotencyRecord.organization_id == _ORGANIZATION, IdempotencyRecord.key == _KEY),
)
_ANSWER = select(IdempotencyRecord).where(
    IdempotencyRecord.organization_id == _ORGANIZATION, IdempotencyRecord.key == _KEY
)
_PREVIOUS_AND_CONSENT = select(
    select(Signup.id)
    .where(
        Signup.task_id == bindparam("task_id", type_=Integer),
        Signup.email_normalized == bindparam("email_normalized", type_=String),
    )
    .scalar_subquery(),
    consent.version_subquery(_ORGANIZATION, bindparam("locale", type_=String)),
)

# The webhook endpoints and the members told at once, as rows of one shape: (kind,
# order, public id or address, event types as JSON text or language).
_RECIPIENTS = union_all(
    select(
        literal("endpoint"),
        WebhookEndpoint.id,
        WebhookEndpoint.public_id,
        cast(WebhookEndpoint.event_types, Text),
    ).where(WebhookEndpoint.organization_id == _ORGANIZATION, WebhookEndpoint.enabled.is_(True)),
    select(literal("member"), Membership.id, User.email, User.locale)
    .join(User, Membership.user_id == User.id)
    .where(
        Membership.organization_id == _ORGANIZATION,
        Membership.signup_notice == SignupNotice.IMMEDIATE,
    ),
)


@dataclass(frozen=True)
class Recipients:
    """Who hears of a new sign-up besides the volunteer."""

    endpoint_ids: list[str]  # enabled webhook endpoints subscribed to signup.created
    told_at_once: list[tuple[str, str]]  # members' addresses and languages


def task_and_stored_answer(
    session: Session,
    organization: Organization,
    task_public_id: str,
    today: date,
    idempotency_key: str | None,
) -> tuple[Task | None, IdempotencyRecord | None]:
    """The open task (None if there is none) and the answer stored under the key, if any.

    A stored answer is replayed even when the task has closed since: then it takes a
    second statement, as rare as such a retry.
    """
    values = {"organization_id": organization.id, "task_public_id": task_public_id, "today": today}
    if idempotency_key is None:
        return session.scalars(_TASK, values).unique().one_or_none(), None
    values["idempotency_key"] = idempotency_key
    row = session.execute(_TASK_AND_ANSWER, values).unique().one_or_none()
    if row is not None:
        return row[0], row[1]
    return None, session.scalar(_ANSWER, values)


def previous_signup_and_consent(
    session: Session, organization_id: int, task_id: int, email_normalized: str, locale: str
) -> tuple[Signup | None, str]:
    """The address's sign-up for the task, if any, and the consent version it agrees to."""
    row = session.execute(
        _PREVIOUS_AND_CONSENT,
        {
            "organization_id": organization_id,
            "task_id": task_id,
            "email_normalized": email_normalized,
            "locale": locale,
        },
    ).one()
    previous = session.get(Signup, row[0]) if row[0] is not None else None
    return previous, consent.version_or_builtin(row[1])


def recipients(session: Session, organization_id: int) -> Recipients:
    """The endpoints and members a new sign-up is sent to, in one statement (what
    webhook_events.emit and notifications.members_to_tell would read in two)."""
    endpoints: list[tuple[int, str]] = []
    members: list[tuple[int, tuple[str, str]]] = []
    for kind, order, name, extra in session.execute(
        _RECIPIENTS, {"organization_id": organization_id}
    ):
        if kind == "member":
            members.append((order, (name, extra)))
        elif webhook_events.SIGNUP_CREATED in json.loads(extra):
            endpoints.append((order, name))
    return Recipients([e for _, e in sorted(endpoints)], [m for _, m in sorted(members)])
