"""Demo sign-ups that show the follow-up promise: some answered quickly or late (the
dashboard's figures), one nearing its due time and one overdue (the panel's badge)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import Organization, Signup, SignupStatus, Task
from widget_server.models.public_id import new_public_id
from widget_server.services.catalog.search import search_columns
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.volunteering import capacity

# (name, email, locale, skill, age in hours, hours to first answer or None, status)
DEMO_SIGNUPS: list[tuple[str, str, str, str, int, int | None, str]] = [
    ("سلمى حداد", "salma@example.org", "ar", "google sheets", 960, 5, "accepted"),
    ("Omar Khalil", "omar@example.org", "en", "blog writing", 792, 20, "accepted"),
    ("Nour Aziz", "nour@example.org", "fr", "data entry", 600, 30, "declined"),
    ("يوسف سعيد", "yousef@example.org", "ar", "interviewing", 432, 2, "accepted"),
    ("Lina Farah", "lina@example.org", "en", "storytelling", 288, 110, "accepted"),
    ("رامي ناصر", "rami@example.org", "ar", "google sheets", 96, None, "confirmed"),  # overdue
    ("Maya Saleh", "maya@example.org", "en", "blog writing", 54, None, "confirmed"),  # nearing
    ("هدى منصور", "huda@example.org", "ar", "data entry", 3, None, "pending"),
]


def _unlimited_tasks(session: Session, organization: Organization) -> list[Task]:
    """Open tasks without a cap, so demo sign-ups take no place a visitor could want."""
    return list(
        session.scalars(
            select(Task)
            .where(Task.organization_id == organization.id, Task.capacity.is_(None))
            .order_by(Task.id)
        )
    )


def seed_followup(session: Session, organization: Organization, now: datetime | None = None) -> int:
    """Add the demo sign-ups (their emails are not sent: they are history); how many."""
    now = now or utcnow()
    tasks = _unlimited_tasks(session, organization)
    if not tasks:
        return 0
    for index, (name, email, locale, skill, age, hours, status) in enumerate(DEMO_SIGNUPS):
        task = tasks[index % len(tasks)]
        created = now - timedelta(hours=age)
        skills = [skill]
        signup = Signup(
            public_id=new_public_id("sgn"),
            task_id=task.id,
            organization_id=organization.id,
            name=name,
            email=email,
            email_normalized=normalise_email(email),
            skills=skills,
            consent_version="builtin",
            consented_at=created,
            locale=locale,
            status=SignupStatus(status),
            holds_slot=SignupStatus(status) is not SignupStatus.DECLINED,
            created_at=created,
            status_changed_at=created if hours is None else created + timedelta(hours=hours),
            first_response_at=None if hours is None else created + timedelta(hours=hours),
        )
        signup.search_text, signup.skill_tags = search_columns(name, email, skills, "")
        if signup.holds_slot:
            capacity.take_slot_any_status(session, task.id)
        session.add(signup)
    session.commit()
    return len(DEMO_SIGNUPS)
