"""Alert subscriptions: asking (double opt-in), confirming, unsubscribing, counting.

Asking stores a pending request and queues one confirmation email whose signed link
names it (by an opaque id). Confirming creates the subscription, or updates the one the
address already has for that organization (or for the whole server), so asking again
never makes a second one, and the page a visitor sees after asking is the same whether
the address was subscribed or not. Pending requests are pruned after the link's week.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import AlertSubscription, Organization, PendingAlertRequest
from widget_server.models.alert import scope_of
from widget_server.models.public_id import new_public_id
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.services.task_alerts.alert_input import AlertRequest
from widget_server.services.task_alerts.alert_links import CONFIRM_MAX_AGE_SECONDS


def criteria_context(request: AlertRequest | AlertSubscription) -> dict[str, object]:
    """The criteria as an email shows them (labels are looked up in the reader's language)."""
    return {
        "categories": list(request.categories),
        "skills": list(request.skills),
        "languages": list(request.languages),
        "max_hours": request.max_hours,
        "frequency": request.frequency.value,
    }


def request_subscription(
    session: Session, request: AlertRequest, organization: Organization | None
) -> None:
    """Queue the confirmation email for a request, and commit.

    The same request made again within the hour queues nothing more, so a page reloaded
    or a form sent twice does not flood the address.
    """
    claims = request.as_claims()
    digest = hashlib.sha256(json.dumps(claims, sort_keys=True).encode()).hexdigest()[:32]
    hour = utcnow().strftime("%Y%m%d%H")
    pending = PendingAlertRequest(
        public_id=new_public_id("alq"),
        organization_id=request.organization_id,
        email=request.email,
        claims=claims,
    )
    session.add(pending)
    queued = enqueue_email(
        session,
        to=request.email,
        locale=request.locale,
        template="alert_confirm",
        context={
            "request_id": pending.public_id,
            "org_name": organization.name if organization is not None else None,
            **criteria_context(request),
        },
        organization_id=request.organization_id,
        dedupe_key=f"alert-confirm:{digest}:{hour}",
    )
    if queued is None:  # the same request within the hour: its first link still works
        session.expunge(pending)
    try:
        session.commit()
    except IntegrityError:  # the very same request, queued by a racing request
        session.rollback()


@dataclass(frozen=True)
class Confirmed:
    subscription: AlertSubscription
    organization: Organization | None
    created: bool


def confirm(session: Session, request: AlertRequest, *, now: datetime | None = None) -> Confirmed:
    """Create the subscription a confirmed request asks for, or update the address's one."""
    now = now or utcnow()
    begin_write(session)
    organization = None
    if request.organization_id is not None:
        organization = session.get(Organization, request.organization_id)
        if organization is None:
            session.rollback()
            raise LookupError("organization_not_found")
    scope = scope_of(request.organization_id)
    subscription = session.scalar(
        select(AlertSubscription).where(
            AlertSubscription.scope == scope, AlertSubscription.email == request.email
        )
    )
    created = subscription is None
    if subscription is None:
        subscription = AlertSubscription(
            public_id=new_public_id("alr"),
            scope=scope,
            organization_id=request.organization_id,
            email=request.email,
            covered_until=now,  # "new tasks": from now on
        )
        session.add(subscription)
    subscription.categories = list(request.categories)
    subscription.skills = list(request.skills)
    subscription.languages = list(request.languages)
    subscription.max_hours = request.max_hours
    subscription.frequency = request.frequency
    subscription.locale = request.locale
    subscription.confirmed_at = now
    session.commit()
    return Confirmed(subscription, organization, created)


def pending_request(session: Session, public_id: str) -> AlertRequest | None:
    """The request a confirmation link names, while it waits (None once pruned or erased)."""
    pending = session.scalar(
        select(PendingAlertRequest).where(PendingAlertRequest.public_id == public_id)
    )
    if pending is None:
        return None
    return AlertRequest.from_claims(pending.claims)


# A pending request outlives its confirmation link by a day, so a link is never left
# naming a request pruned while the link still works.
PENDING_LIFETIME = timedelta(seconds=CONFIRM_MAX_AGE_SECONDS) + timedelta(days=1)


def prune_pending(session: Session, cutoff: datetime) -> int:
    """Delete pending requests made before cutoff (their links have expired), and commit."""
    result = session.execute(
        delete(PendingAlertRequest).where(PendingAlertRequest.created_at < cutoff)
    )
    session.commit()
    return rows_changed(result)


def pending_of(session: Session, organization_id: int, email: str) -> list[PendingAlertRequest]:
    """The organization's pending requests of one normalised address (for erasure)."""
    return list(
        session.scalars(
            select(PendingAlertRequest).where(
                PendingAlertRequest.organization_id == organization_id,
                PendingAlertRequest.email == email,
            )
        )
    )


def find(session: Session, public_id: str) -> AlertSubscription | None:
    return session.scalar(select(AlertSubscription).where(AlertSubscription.public_id == public_id))


def unsubscribe(session: Session, public_id: str) -> AlertSubscription | None:
    """Delete the subscription; the deleted row (detached), or None if it was gone."""
    begin_write(session)
    subscription = find(session, public_id)
    if subscription is not None:
        session.delete(subscription)
    session.commit()
    return subscription


def organization_of(session: Session, subscription: AlertSubscription) -> Organization | None:
    if subscription.organization_id is None:
        return None
    return session.get(Organization, subscription.organization_id)


def active_count(session: Session, organization_id: int) -> int:
    """How many addresses receive the organization's alerts (server-wide ones not counted)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AlertSubscription)
            .where(AlertSubscription.organization_id == organization_id)
        )
        or 0
    )


def subscriptions_of(session: Session, organization_id: int, email: str) -> list[AlertSubscription]:
    """The organization's subscriptions of one normalised address (for export and erasure)."""
    return list(
        session.scalars(
            select(AlertSubscription)
            .where(
                AlertSubscription.organization_id == organization_id,
                AlertSubscription.email == email,
            )
            .order_by(AlertSubscription.id)
        )
    )


def export_entry(subscription: AlertSubscription) -> dict[str, object]:
    return {
        "id": subscription.public_id,
        "email": subscription.email,
        **criteria_context(subscription),
        "locale": subscription.locale,
        "created_at": subscription.created_at.isoformat(),
        "confirmed_at": subscription.confirmed_at.isoformat(),
    }


def purge_unrenewed(session: Session, organization_id: int | None, cutoff: datetime) -> list[str]:
    """Delete subscriptions last confirmed before cutoff, in the caller's transaction;
    the addresses they held."""
    scope = AlertSubscription.scope == scope_of(organization_id)
    old = AlertSubscription.confirmed_at < cutoff
    addresses = list(session.scalars(select(AlertSubscription.email).where(scope, old)))
    session.execute(delete(AlertSubscription).where(scope, old))
    return addresses
