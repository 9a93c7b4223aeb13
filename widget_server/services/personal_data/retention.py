"""How long an organization keeps sign-ups, and the daily purge of those kept too long."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import Organization, Signup, WebhookDelivery, WebhookEndpoint
from widget_server.models.organization import DEFAULT_RETENTION_DAYS
from widget_server.services import audit
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.personal_data import privacy
from widget_server.services.task_alerts import alerts
from widget_server.services.volunteer_home import sign_in

MAX_RETENTION_DAYS = 3650


def set_retention(
    session: Session,
    organization: Organization,
    days: int,
    *,
    by: audit.Actor = audit.NOBODY,
) -> None:
    """Keep sign-ups for days after their last status change; who set it is logged."""
    if not 1 <= days <= MAX_RETENTION_DAYS:
        problem = FieldProblem("out_of_range", {"min": 1, "max": MAX_RETENTION_DAYS})
        raise ValidationFailed({"retention_days": problem})
    before, organization.retention_days = organization.retention_days, days
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="privacy.retention",
        target=organization.slug,
        details={"days": days, "was": before},
    )
    session.commit()


def purge(session: Session, now: datetime | None = None) -> privacy.Erasure:
    """Erase sign-ups unchanged for longer than their organization's retention period.

    Their outbox messages and webhook delivery logs go with them, as does every delivery
    log entry older than the period. Alert subscriptions not confirmed again within the
    period go too (server-wide ones after the default period). Returns the totals over
    all organizations.
    """
    now = now or utcnow()
    totals = privacy.Erasure()
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
        erased = privacy.remove_traces(session, organization.id, old, addresses)
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
        totals += erased + privacy.Erasure(
            webhook_deliveries=old_logs or 0, alert_subscriptions=len(unrenewed)
        )
    begin_write(session)
    server_wide = alerts.purge_unrenewed(
        session, None, now - timedelta(days=DEFAULT_RETENTION_DAYS)
    )
    # My volunteering's ended sessions and old sign-in links name an address too.
    sign_in.forget_ended(session, now)
    session.commit()
    totals += privacy.Erasure(alert_subscriptions=len(server_wide))
    privacy.scrub_free_pages(session)
    return totals
