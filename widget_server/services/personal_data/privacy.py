"""A volunteer's data: everything held about one email, exported or erased, and retention.

Copies of a volunteer's details live in: sign-ups; alert subscriptions to the
organization's new tasks (an address and criteria); outbox messages (emails to them,
signup.created webhooks), whatever their state; and the answers stored for
Idempotency-Key replays (which hold ids only, but are removed with the sign-up). Webhook
delivery logs hold ids only and go too. Nothing else keeps them: the listing and key
caches hold public task data, and rate limits count per address and key, not per person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import (
    Certificate,
    IdempotencyRecord,
    Organization,
    OutboxMessage,
    Signup,
    WebhookDelivery,
    WebhookEndpoint,
)
from widget_server.models.organization import DEFAULT_RETENTION_DAYS
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.hooks import webhook_events
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.personal_data import consent
from widget_server.services.task_alerts import alerts
from widget_server.services.volunteering import capacity, certificates, slot_offers


@dataclass(frozen=True)
class Erasure:
    """How many rows of each kind were removed."""

    signups: int = 0
    outbox_messages: int = 0
    webhook_deliveries: int = 0
    idempotency_records: int = 0
    alert_subscriptions: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "signups": self.signups,
            "outbox_messages": self.outbox_messages,
            "webhook_deliveries": self.webhook_deliveries,
            "idempotency_records": self.idempotency_records,
            "alert_subscriptions": self.alert_subscriptions,
        }

    def __add__(self, other: Erasure) -> Erasure:
        mine, theirs = self.as_dict(), other.as_dict()
        return Erasure(**{name: mine[name] + theirs[name] for name in mine})


def normalised(email: str) -> str:
    """The form sign-ups and alert subscriptions are matched by (inputs/email_addresses.py)."""
    return normalise_email(email)


def _signups_of(session: Session, organization_id: int, email: str) -> list[Signup]:
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


def _outbox_rows_about(
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


def _remove_traces(
    session: Session, organization_id: int, signups: list[Signup], needles: set[str]
) -> Erasure:
    """Delete the sign-ups and every row that copies their details or names them."""
    ids = {s.public_id for s in signups} | needles
    outbox_rows = _outbox_rows_about(session, organization_id, ids)
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


def erase_person(session: Session, *, organization_id: int, email: str) -> Erasure:
    """Erase everything the organization holds about one email, and commit.

    Subscribed webhook endpoints get signup.withdrawn (reason "erased", ids only) for each
    sign-up, so the organization's own systems can erase their copies too.
    """
    address = normalised(email)
    begin_write(session)
    signups = _signups_of(session, organization_id, address)
    notices = [webhook_events.erasure_notice(s, s.task) for s in signups]
    # Messages went to the address as each sign-up wrote it, which may be another spelling.
    needles = {address, email.strip(), *(s.email for s in signups)}
    erased = _remove_traces(session, organization_id, signups, needles)
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
    session.commit()
    _scrub_free_pages(session)
    return erased


def _scrub_free_pages(session: Session) -> None:
    """On SQLite, fold the write-ahead log into the file so erased rows leave no old copy.

    secure_delete zeroes freed space in the database file, but the log keeps earlier page
    images until a checkpoint; TRUNCATE also empties the log file.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        session.commit()


def export_person(session: Session, *, organization_id: int, email: str) -> dict[str, Any]:
    """Everything the organization holds about one email, as a JSON-ready dict."""
    address = normalised(email)
    signups = _signups_of(session, organization_id, address)
    texts = consent.texts_by_version(session, organization_id, {s.consent_version for s in signups})
    ids = [s.public_id for s in signups]
    deliveries = session.scalars(
        select(WebhookDelivery)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookEndpoint.organization_id == organization_id,
            WebhookDelivery.subject_id.in_(ids),
        )
        .order_by(WebhookDelivery.id)
    )
    written = {s.email for s in signups}
    messages = _outbox_rows_about(session, organization_id, {address, *written, *ids})
    issued = certificates.of_signups(session, [s.id for s in signups])
    return {
        "email": address,
        "exported_at": utcnow().isoformat(),
        "signups": [_signup(s, texts, issued.get(s.id, [])) for s in signups],
        "alert_subscriptions": [
            alerts.export_entry(s)
            for s in alerts.subscriptions_of(session, organization_id, address)
        ],
        "messages": [
            {
                "kind": m.kind.value,
                "status": m.status.value,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                "payload": m.payload,
            }
            for m in sorted(messages, key=lambda m: m.id)
        ],
        "webhook_deliveries": [
            {
                "message_id": d.message_id,
                "event_type": d.event_type,
                "subject_id": d.subject_id,
                "attempted_at": d.attempted_at.isoformat(),
                "status_code": d.status_code,
                "succeeded": d.succeeded,
            }
            for d in deliveries
        ],
    }


def _signup(signup: Signup, texts: dict[str, Any], issued: list[Certificate]) -> dict[str, Any]:
    text = texts.get(signup.consent_version)
    return {
        "id": signup.public_id,
        "task": {"id": signup.task.public_id, "title": signup.task.text_for(signup.locale).title},
        "status": signup.status.value,
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "skills": signup.skills,
        "availability": signup.availability,
        "timezone": signup.timezone,
        "availability_windows": signup.availability_windows,
        "message": signup.message,
        "answers": signup.answers,
        "locale": signup.locale,
        "origin": signup.origin,
        "page_url": signup.page_url,
        "consent": {
            "version": signup.consent_version,
            "at": signup.consented_at.isoformat(),
            "text": text.text if text is not None else None,
        },
        "created_at": signup.created_at.isoformat(),
        "status_changed_at": signup.status_changed_at.isoformat(),
        "hours_contributed": signup.hours_contributed,
        "certificates": [
            {
                "code": c.code,
                "statement": c.statement,
                "issued_at": c.issued_at.isoformat(),
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            }
            for c in issued
        ],
    }


def purge(session: Session, now: datetime | None = None) -> Erasure:
    """Erase sign-ups unchanged for longer than their organization's retention period.

    Their outbox messages and webhook delivery logs go with them, as does every delivery
    log entry older than the period. Alert subscriptions not confirmed again within the
    period go too (server-wide ones after the default period). Returns the totals over
    all organizations.
    """
    now = now or utcnow()
    totals = Erasure()
    for organization in list(session.scalars(select(Organization).order_by(Organization.id))):
        cutoff = now - timedelta(days=organization.retention_days)
        begin_write(session)
        old = list(
            session.scalars(
                select(Signup)
                .options(joinedload(Signup.task))
                .where(
                    Signup.organization_id == organization.id,
                    Signup.status_changed_at < cutoff,
                )
            )
        )
        # An address is searched for in messages only when none of its sign-ups remain.
        kept = set(
            session.scalars(
                select(Signup.email_normalized).where(
                    Signup.organization_id == organization.id,
                    Signup.status_changed_at >= cutoff,
                )
            )
        )
        unrenewed = alerts.purge_unrenewed(session, organization.id, cutoff)
        addresses = ({s.email_normalized for s in old} | set(unrenewed)) - kept
        erased = _remove_traces(session, organization.id, old, addresses)
        old_logs = rows_changed(
            session.execute(
                delete(WebhookDelivery).where(
                    WebhookDelivery.endpoint_id.in_(
                        select(WebhookEndpoint.id).where(
                            WebhookEndpoint.organization_id == organization.id
                        )
                    ),
                    WebhookDelivery.attempted_at < cutoff,
                )
            )
        )
        session.commit()
        totals += erased + Erasure(
            webhook_deliveries=old_logs or 0, alert_subscriptions=len(unrenewed)
        )
    begin_write(session)
    server_wide = alerts.purge_unrenewed(
        session, None, now - timedelta(days=DEFAULT_RETENTION_DAYS)
    )
    session.commit()
    totals += Erasure(alert_subscriptions=len(server_wide))
    _scrub_free_pages(session)
    return totals
