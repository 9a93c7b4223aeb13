"""A volunteer's data: everything held about one email, exported or erased.

Copies of a volunteer's details live in: sign-ups; alert subscriptions to the
organization's new tasks (an address and criteria); outbox messages (emails to them,
signup.created webhooks), whatever their state; and the answers stored for
Idempotency-Key replays (which hold ids only, but are removed with the sign-up); the
messages of each sign-up's conversation. Webhook delivery logs hold ids only and go too.
Nothing else keeps them: the listing and key caches hold public task data, and rate
limits count per address and key, not per person.

The address is never written to the audit log (erasure must leave no copy behind): the
log names PERSON and how many rows went.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write, rows_changed
from widget_server.models import (
    IdempotencyRecord,
    Message,
    Organization,
    OutboxMessage,
    Signup,
    WebhookDelivery,
    WebhookEndpoint,
)
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.hooks import webhook_events
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.task_alerts import alerts
from widget_server.services.volunteering import capacity, slot_offers

PERSON = "one person"


@dataclass(frozen=True)
class Erasure:
    """How many rows of each kind were removed."""

    signups: int = 0
    outbox_messages: int = 0
    webhook_deliveries: int = 0
    idempotency_records: int = 0
    alert_subscriptions: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __add__(self, other: Erasure) -> Erasure:
        mine, theirs = self.as_dict(), other.as_dict()
        return Erasure(**{name: mine[name] + theirs[name] for name in mine})


def normalised(email: str) -> str:
    """The form sign-ups and alert subscriptions are matched by (inputs/email_addresses.py)."""
    return normalise_email(email)


def signups_of(session: Session, organization_id: int, email: str) -> list[Signup]:
    return list(
        session.scalars(
            select(Signup)
            .options(joinedload(Signup.task))
            .where(Signup.organization_id == organization_id, Signup.email_normalized == email)
            .order_by(Signup.id)
        )
    )


def _mentions(payload: Any, needles: Iterable[str]) -> bool:
    text = json.dumps(payload, ensure_ascii=False).casefold()
    return any(needle.casefold() in text for needle in needles if needle)


def outbox_rows_about(
    session: Session, organization_id: int, needles: set[str]
) -> list[OutboxMessage]:
    """Messages of the organization (or of no organization) whose payload names a needle.

    Payloads are JSON of several shapes (emails, webhooks), so they are read and searched
    as text rather than by a column the shapes would have to share.
    """
    query = select(OutboxMessage).where(
        or_(
            OutboxMessage.organization_id == organization_id,
            OutboxMessage.organization_id.is_(None),
        )
    )
    return [row for row in session.scalars(query) if _mentions(row.payload, needles)]


def remove_traces(
    session: Session, organization_id: int, signups: list[Signup], needles: set[str]
) -> Erasure:
    """Delete the sign-ups and every row that copies their details or names them."""
    ids = {s.public_id for s in signups} | needles
    outbox_rows = outbox_rows_about(session, organization_id, ids)
    for row in outbox_rows:
        session.delete(row)
    endpoint_ids = select(WebhookEndpoint.id).where(
        WebhookEndpoint.organization_id == organization_id
    )
    signup_ids = [s.public_id for s in signups]
    deliveries = rows_changed(
        session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.endpoint_id.in_(endpoint_ids),
                WebhookDelivery.subject_id.in_(signup_ids),
            )
        )
    )
    records = [
        r
        for r in session.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.organization_id == organization_id)
        )
        if _mentions(r.response_body, signup_ids)
    ]
    for record in records:
        session.delete(record)
    # The conversation goes with the sign-up (the foreign key cascades too; this says so).
    session.execute(delete(Message).where(Message.signup_id.in_([s.id for s in signups])))
    released = False
    freed: set[int] = set()
    for signup in signups:
        # Conditional: a waitlist offer expiring meanwhile may have given the slot back.
        if signup.holds_slot and slot_offers.let_go(session, signup):
            capacity.release_slot(session, signup.task_id)
            released = released or signup.task.capacity is not None
            freed.add(signup.task_id)
        session.delete(signup)
    session.flush()  # the erased are gone before the next in line is chosen
    for task_id in sorted(freed):
        slot_offers.offer_freed_slots(session, task_id)
    if released:
        organization = session.get(Organization, organization_id)
        assert organization is not None
        bump_content_version(session, organization)
    return Erasure(len(signups), len(outbox_rows), deliveries or 0, len(records))


def erase_person(
    session: Session,
    *,
    organization_id: int,
    email: str,
    by: audit.Actor = audit.NOBODY,
    logged: bool = True,
) -> Erasure:
    """Erase everything the organization holds about one email, and commit.

    Subscribed webhook endpoints get signup.withdrawn (reason "erased", ids only) for each
    sign-up, so the organization's own systems can erase their copies too. The audit log
    records who asked (by) unless the volunteer did (logged=False).
    """
    address = normalised(email)
    begin_write(session)
    signups = signups_of(session, organization_id, address)
    notices = [webhook_events.erasure_notice(s, s.task) for s in signups]
    # Messages went to the address as each sign-up wrote it, which may be another spelling.
    needles = {address, email.strip(), *(s.email for s in signups)}
    erased = remove_traces(session, organization_id, signups, needles)
    subscriptions = alerts.subscriptions_of(session, organization_id, address)
    for subscription in subscriptions:
        session.delete(subscription)
    for pending in alerts.pending_of(session, organization_id, address):
        session.delete(pending)
    erased += Erasure(alert_subscriptions=len(subscriptions))
    for data in notices:
        webhook_events.emit(
            session, organization_id, webhook_events.SIGNUP_WITHDRAWN, data, subject_id=data["id"]
        )
    if logged:
        record(session, organization_id, "privacy.erase", erased.as_dict(), by)
    session.commit()
    scrub_free_pages(session)
    return erased


def record(
    session: Session,
    organization_id: int,
    action: str,
    details: dict[str, Any],
    by: audit.Actor,
) -> None:
    """Log a change about one person, never naming them, in the caller's transaction."""
    audit.record(
        session,
        organization_id=organization_id,
        by=by,
        action=action,
        target=PERSON,
        details=details,
    )


def scrub_free_pages(session: Session) -> None:
    """On SQLite, fold the write-ahead log into the file so erased rows leave no old copy.

    secure_delete zeroes freed space in the database file, but the log keeps earlier page
    images until a checkpoint; TRUNCATE also empties the log file.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        session.commit()
