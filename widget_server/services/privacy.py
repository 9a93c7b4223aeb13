"""Erasing what an organization holds about one person.

A person's details are copied into their sign-ups and into outbox messages (emails to
them, and notices about them to the organization's members). Erasure removes both, and
gives back any slot the sign-ups held, in one transaction.
"""

from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import begin_write
from widget_server.models import Organization, OutboxMessage, Signup
from widget_server.services import capacity
from widget_server.services.organizations import bump_content_version


def _mentions(payload: object, needles: set[str]) -> bool:
    text = json.dumps(payload, ensure_ascii=False).casefold()
    return any(needle.casefold() in text for needle in needles if needle)


def erase_person(session: Session, *, organization_id: int, email: str) -> int:
    """Delete the person's sign-ups in the organization and every outbox message that
    names them (sent or not); commits, and returns how many sign-ups were erased."""
    address = email.strip().casefold()
    begin_write(session)
    signups = list(
        session.scalars(
            select(Signup)
            .options(joinedload(Signup.task))
            .where(Signup.organization_id == organization_id, Signup.email_normalized == address)
        )
    )
    needles = {address, email.strip()} | {s.public_id for s in signups}
    messages = session.scalars(
        select(OutboxMessage).where(
            or_(
                OutboxMessage.organization_id == organization_id,
                OutboxMessage.organization_id.is_(None),
            )
        )
    )
    for message in messages:
        if _mentions(message.payload, needles):
            session.delete(message)
    released = False
    for signup in signups:
        if signup.holds_slot:
            capacity.release_slot(session, signup.task_id)
            released = released or signup.task.capacity is not None
        session.delete(signup)
    if released:
        organization = session.get(Organization, organization_id)
        if organization is not None:
            bump_content_version(session, organization)
    session.commit()
    return len(signups)
