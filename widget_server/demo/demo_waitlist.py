"""Demo sign-ups on a full task with a waitlist, so that one volunteer holds an open
offer of a freed place, and the link to answer it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.models import Organization, Signup, SlotOffer, Task
from widget_server.services.volunteering import signups, volunteer_links

TASK_INDEX = 2  # in demo_tasks(): the social-media campaign, two places and a waitlist
# Two volunteers fill the task's two places, two wait; the first of them withdraws.
VOLUNTEERS = (
    {"name": "Rami Khoury", "email": "rami.khoury@example.org", "locale": "en"},
    {"name": "Nour Saleh", "email": "nour.saleh@example.org", "locale": "ar"},
    {"name": "ليلى حداد", "email": "layla.haddad@example.org", "locale": "ar"},
    {"name": "Camille Martin", "email": "camille.martin@example.org", "locale": "fr"},
)


def seed_offer(session: Session, organization: Organization, task: Task) -> None:
    """Fill the task, waitlist two more, then free a place: the first waiting gets it."""
    ids = []
    for volunteer in VOLUNTEERS:
        outcome = signups.create_signup(
            session,
            organization,
            task.public_id,
            {**volunteer, "consent": True, "skills": ["instagram", "canva"]},
            default_locale=organization.default_locale,
            origin=None,
            today=datetime.now(UTC).date(),
        )
        ids.append(outcome.body["signup"]["id"])
    signups.change_status(session, organization, ids[0], "withdrawn")


def offer_link(session: Session, secret_key: str, base_url: str) -> str | None:
    """The accept link of the demo's open offer, as its email carries it."""
    row = session.execute(
        select(Signup.public_id, Signup.locale, SlotOffer.public_id)
        .join(SlotOffer, SlotOffer.signup_id == Signup.id)
        .where(Signup.email == VOLUNTEERS[2]["email"], SlotOffer.state == "open")
    ).first()
    if row is None:
        return None
    signup_id, locale, offer_id = row
    token = volunteer_links.make_token(secret_key, "accept", signup_id, offer_public_id=offer_id)
    return f"{base_url}/v/accept/{token}?locale={locale}"
