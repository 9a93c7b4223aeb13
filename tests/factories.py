"""Plain functions that make test data through the services, as the product would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from widget_server.models import Organization, Role, Signup, Task, User
from widget_server.services.access import organizations
from widget_server.services.catalog import tasks
from widget_server.services.volunteering import signups

_counter = itertools.count(1)
ORIGIN = "https://ngo.example"


@dataclass
class OrgWithKeys:
    organization: Organization
    publishable: str
    secret: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


def make_org(session: Session, **overrides: Any) -> OrgWithKeys:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Organization {n}",
        "slug": f"org-{n}",
        "origins": [ORIGIN],
        "default_locale": "en",
        "timezone": "Asia/Beirut",
    }
    values.update(overrides)
    new = organizations.create_organization(session, **values)
    return OrgWithKeys(new.organization, new.publishable.token, new.secret.token)


def task_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "status": "open",
        "category": "translation",
        "skills": ["Arabic", "English"],
        "languages": ["ar", "en"],
        "hours_per_week": 3,
        "commitment": "ongoing",
        "capacity": 5,
        "waitlist": False,
        "translations": {
            "en": {
                "title": "Translate our newsletter",
                "summary": "Monthly, from home.",
                "description": "Translate **four pages** a month.",
            },
            "ar": {"title": "ترجمة نشرتنا الإخبارية", "summary": "شهريًا من المنزل."},
        },
    }
    payload.update(overrides)
    return payload


def make_task(session: Session, org: OrgWithKeys | Organization, **overrides: Any) -> Task:
    organization = org.organization if isinstance(org, OrgWithKeys) else org
    return tasks.create_task(session, organization, task_payload(**overrides))


def signup_payload(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    payload: dict[str, Any] = {
        "name": "Layla Haddad",
        "email": f"volunteer{n}@example.org",
        "consent": True,
    }
    payload.update(overrides)
    return payload


def make_signup(
    session: Session, org: OrgWithKeys, task: Task, origin: str | None = ORIGIN, **overrides: Any
) -> Signup:
    """A volunteer's sign-up, made as the widget's form makes it."""
    outcome = signups.create_signup(
        session,
        org.organization,
        task.public_id,
        signup_payload(**overrides),
        default_locale="en",
        origin=origin,
        today=datetime.now(UTC).date(),
    )
    return signups.get_signup(session, org.organization, outcome.body["signup"]["id"])


def make_member(session: Session, org: OrgWithKeys, role: Role, email: str | None = None) -> User:
    address = email or f"member{next(_counter)}@example.org"
    return organizations.add_member(session, org.organization, address, role, "a long password")


def store_text(
    session: Session, task: Task, locale: str = "en", skills: list[str] | None = None, **fields: str
) -> Task:
    """Write a task's text straight to the database, past the input checks: text saved
    before single-line fields refused control characters, or by another program."""
    translation = next(t for t in task.translations if t.locale == locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    if skills is not None:
        task.skills = skills
    session.commit()
    return task
