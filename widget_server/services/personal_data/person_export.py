"""Everything an organization holds about one email, exported as JSON for that person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import Certificate, Message, Signup, WebhookDelivery, WebhookEndpoint
from widget_server.services import audit
from widget_server.services.messaging import conversation
from widget_server.services.personal_data import consent, privacy
from widget_server.services.task_alerts import alerts
from widget_server.services.volunteering import certificates


def export_person(
    session: Session,
    *,
    organization_id: int,
    email: str,
    by: audit.Actor = audit.NOBODY,
    logged: bool = True,
) -> dict[str, Any]:
    """Everything the organization holds about one email, as a JSON-ready dict.

    The audit log records who took it (by), committed before it is handed
    over; logged=False only looks (the panel's preview of an erasure).
    """
    address = privacy.normalised(email)
    signups = privacy.signups_of(session, organization_id, address)
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
    messages = privacy.outbox_rows_about(session, organization_id, {address, *written, *ids})
    issued = certificates.of_signups(session, [s.id for s in signups])
    talks = conversation.messages_by_signup(session, [s.id for s in signups])
    exported = {
        "email": address,
        "exported_at": utcnow().isoformat(),
        "signups": [_signup(s, texts, issued.get(s.id, []), talks.get(s.id, [])) for s in signups],
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
    if logged:
        details = {"signups": len(signups)}
        privacy.record(session, organization_id, "privacy.export", details, by)
        session.commit()
    return exported


def _signup(
    signup: Signup, texts: dict[str, Any], issued: list[Certificate], talk: list[Message]
) -> dict[str, Any]:
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
        "conversation": [conversation.export_entry(m) for m in talk],
    }
