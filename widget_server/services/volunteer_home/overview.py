"""What "My volunteering" shows: every sign-up and alert of one address on this server,
across organizations, newest first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from widget_server.models import AlertSubscription, Organization, Signup
from widget_server.services.volunteering import certificates
from widget_server.services.volunteering.volunteer_actions import WITHDRAWABLE


@dataclass(frozen=True)
class SignupEntry:
    signup: Signup
    organization: Organization
    certificate_code: str | None  # the certificate in force, if any

    @property
    def withdrawable(self) -> bool:
        return self.signup.status in WITHDRAWABLE


@dataclass(frozen=True)
class AlertEntry:
    subscription: AlertSubscription
    organization: Organization | None  # None: alerts of the whole server


@dataclass(frozen=True)
class Overview:
    email: str
    signups: list[SignupEntry]
    alerts: list[AlertEntry]
    timezone: str | None  # the zone most of the sign-ups give (the latest on a tie)
    availability_windows: list[dict[str, Any]]  # those of the latest sign-up

    @property
    def organization_ids(self) -> list[int]:
        """Every organization that holds something about the address."""
        ids = {e.organization.id for e in self.signups}
        ids |= {e.organization.id for e in self.alerts if e.organization is not None}
        return sorted(ids)


def signups_of(session: Session, email: str) -> list[Signup]:
    """Every sign-up of the normalised address on this server, newest first."""
    return list(
        session.scalars(
            select(Signup)
            .options(joinedload(Signup.task))
            .where(Signup.email_normalized == email)
            .order_by(Signup.created_at.desc(), Signup.id.desc())
        )
    )


def alerts_of(session: Session, email: str) -> list[AlertSubscription]:
    """Every alert subscription of the normalised address, server-wide ones included."""
    return list(
        session.scalars(
            select(AlertSubscription)
            .where(AlertSubscription.email == email)
            .order_by(AlertSubscription.id)
        )
    )


def overview_of(session: Session, email: str) -> Overview:
    """Everything the page lists for one normalised address."""
    signups = signups_of(session, email)
    subscriptions = alerts_of(session, email)
    org_ids = {s.organization_id for s in signups} | {
        a.organization_id for a in subscriptions if a.organization_id is not None
    }
    organizations = {
        o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(org_ids)))
    }
    codes = certificates.current_codes(session, [s.id for s in signups])
    zones = Counter(s.timezone for s in signups if s.timezone)
    # most_common keeps first-seen order on ties, and the list is newest first.
    zone = zones.most_common(1)[0][0] if zones else None
    return Overview(
        email=email,
        signups=[
            SignupEntry(s, organizations[s.organization_id], codes.get(s.id)) for s in signups
        ],
        alerts=[
            AlertEntry(
                a, organizations.get(a.organization_id) if a.organization_id is not None else None
            )
            for a in subscriptions
        ],
        timezone=zone,
        availability_windows=list(signups[0].availability_windows) if signups else [],
    )
