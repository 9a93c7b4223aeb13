"""What a new sign-up reads before it writes, folded into as few statements as possible.

A sign-up is the server's busiest write. Each statement is a round trip to the database
and a pass through SQLAlchemy's Python, so the reads are gathered: the task with its
translations and any stored idempotent answer in one statement, then the address's
previous sign-up and the consent notice's version in another.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from widget_server.models import IdempotencyRecord, Organization, Signup, Task
from widget_server.services.catalog.tasks import public_task_query
from widget_server.services.personal_data import consent


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
    query = public_task_query(organization.id, task_public_id, today).options(
        joinedload(Task.translations)
    )
    if idempotency_key is None:
        return session.scalars(query).unique().one_or_none(), None
    row = (
        session.execute(
            query.add_columns(IdempotencyRecord).outerjoin(
                IdempotencyRecord,
                and_(
                    IdempotencyRecord.organization_id == organization.id,
                    IdempotencyRecord.key == idempotency_key,
                ),
            )
        )
        .unique()
        .one_or_none()
    )
    if row is not None:
        return row[0], row[1]
    stored = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization.id,
            IdempotencyRecord.key == idempotency_key,
        )
    )
    return None, stored


def previous_signup_and_consent(
    session: Session, organization_id: int, task_id: int, email_normalized: str, locale: str
) -> tuple[Signup | None, str]:
    """The address's sign-up for the task, if any, and the consent version it agrees to."""
    previous_id = (
        select(Signup.id)
        .where(Signup.task_id == task_id, Signup.email_normalized == email_normalized)
        .scalar_subquery()
    )
    row = session.execute(
        select(previous_id, consent.version_subquery(organization_id, locale))
    ).one()
    previous = session.get(Signup, row[0]) if row[0] is not None else None
    return previous, consent.version_or_builtin(row[1])
