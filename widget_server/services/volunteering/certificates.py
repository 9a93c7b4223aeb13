"""Certificates of volunteering: issued on completion, revoked when that is undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import Certificate, Organization, Signup, SignupStatus
from widget_server.models.public_id import random_base62
from widget_server.services.times.zones import zone_or_utc

# 22 base62 characters: about 131 bits, so codes cannot be guessed or walked.
CODE_LENGTH = 22


@dataclass(frozen=True)
class Statement:
    """What a certificate states, read back from its snapshot."""

    volunteer_name: str
    org_name: str
    task_titles: dict[str, str]
    task_locale: str
    hours: float
    completed_on: date

    def task_title(self, locale: str) -> str:
        """The task's title in locale, else in the task's own language."""
        return self.task_titles.get(locale) or self.task_titles[self.task_locale]


def statement_of(certificate: Certificate) -> Statement:
    data = certificate.statement
    return Statement(
        volunteer_name=data["volunteer_name"],
        org_name=data["org_name"],
        task_titles=dict(data["task_titles"]),
        task_locale=data["task_locale"],
        hours=float(data["hours"]),
        completed_on=date.fromisoformat(data["completed_on"]),
    )


def _snapshot(signup: Signup, organization: Organization) -> dict[str, Any]:
    task = signup.task
    zone = zone_or_utc(organization.timezone)
    return {
        "volunteer_name": signup.name,
        "org_name": organization.name,
        "task_titles": {t.locale: t.title for t in task.translations},
        "task_locale": task.default_locale,
        "hours": signup.hours_contributed,
        "completed_on": signup.status_changed_at.astimezone(zone).date().isoformat(),
    }


def current(session: Session, signup_id: int) -> Certificate | None:
    """The sign-up's certificate in force, if it has one."""
    return session.scalar(
        select(Certificate)
        .where(Certificate.signup_id == signup_id, Certificate.revoked_at.is_(None))
        .order_by(Certificate.id.desc())
        .limit(1)
    )


def current_codes(session: Session, signup_ids: list[int]) -> dict[int, str]:
    """The code of each listed sign-up's certificate in force, in one query."""
    if not signup_ids:
        return {}
    rows = session.execute(
        select(Certificate.signup_id, Certificate.code).where(
            Certificate.signup_id.in_(signup_ids), Certificate.revoked_at.is_(None)
        )
    ).all()
    return dict(rows)


def of_signups(session: Session, signup_ids: list[int]) -> dict[int, list[Certificate]]:
    """Every certificate of the listed sign-ups, withdrawn ones too, oldest first."""
    found: dict[int, list[Certificate]] = {}
    if signup_ids:
        for certificate in session.scalars(
            select(Certificate)
            .where(Certificate.signup_id.in_(signup_ids))
            .order_by(Certificate.id)
        ):
            found.setdefault(certificate.signup_id, []).append(certificate)
    return found


def follow_signup(session: Session, signup: Signup, organization: Organization) -> None:
    """Keep the sign-up's certificate true to it, in the caller's transaction.

    A completed sign-up with hours has exactly one certificate in force stating them; any
    other sign-up has none (a certificate it had is revoked, and its page says so).
    """
    session.flush()
    active = current(session, signup.id)
    wanted = signup.status is SignupStatus.COMPLETED and signup.hours_contributed is not None
    if active is not None and wanted and active.statement.get("hours") == signup.hours_contributed:
        return
    if active is not None:
        session.execute(
            update(Certificate)
            .where(Certificate.signup_id == signup.id, Certificate.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    if wanted:
        session.add(
            Certificate(
                code=random_base62(CODE_LENGTH),
                signup_id=signup.id,
                organization_id=organization.id,
                statement=_snapshot(signup, organization),
            )
        )


def find(session: Session, code: str) -> Certificate | None:
    """The certificate with this code, revoked or not; None for a code never issued."""
    if not 0 < len(code) <= 32 or not code.isascii() or not code.isalnum():
        return None
    return session.scalar(select(Certificate).where(Certificate.code == code))
