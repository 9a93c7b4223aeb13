"""Signing in to "My volunteering" with a link sent by email: no account, no password.

Asking for a link answers the same whether the address has anything here or not; only an
address with sign-ups or alerts gets an email. The link carries a random id signed with
the server's secret (no address in it, since links end up in access logs); the row says
whether it may still open a session: it works once, within its minutes. A session is a
random token in a cookie whose hash the database keeps, so signing out ends it for good.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import (
    AlertSubscription,
    Signup,
    VolunteerSession,
    VolunteerSignInLink,
)
from widget_server.models.public_id import new_public_id
from widget_server.services.inputs.email_addresses import read_email
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.services.volunteering.volunteer_links import LinkError

# The purpose a link's id is signed for (account_links.make_link_token's salt).
LINK_PURPOSE = "volunteer-sign-in"
# Used and expired links are kept this long, so that a second click still says "used".
KEEP_USED_LINKS = timedelta(days=1)


@dataclass(frozen=True)
class Lifetimes:
    """A link works link_seconds after it was asked for; a session lasts session_seconds."""

    link_seconds: int
    session_seconds: int


def is_known(session: Session, email: str) -> bool:
    """Whether anything on this server is held for the normalised address."""
    return bool(
        session.scalar(
            select(
                or_(
                    exists().where(Signup.email_normalized == email),
                    exists().where(AlertSubscription.email == email),
                )
            )
        )
    )


def request_link(
    session: Session, email: str, locale: str, lifetimes: Lifetimes, now: datetime | None = None
) -> None:
    """Queue a sign-in email to a known address, and commit; ValidationFailed names
    "email" when it is no address. The caller answers the same either way."""
    written, address = read_email(email)
    now = now or utcnow()
    begin_write(session)
    forget_ended(session, now)
    if is_known(session, address):
        link = VolunteerSignInLink(
            public_id=new_public_id("vsl"),
            email=address,
            locale=locale,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetimes.link_seconds),
        )
        session.add(link)
        enqueue_email(
            session,
            to=written,
            locale=locale,
            template="my_sign_in",
            context={"link_id": link.public_id, "minutes": max(1, lifetimes.link_seconds // 60)},
            organization_id=None,
            dedupe_key=f"my-sign-in:{link.public_id}",
        )
    session.commit()


def usable_link(
    session: Session, public_id: str, now: datetime | None = None
) -> VolunteerSignInLink:
    """The link a genuine token names if it may still sign in; LinkError
    my_link_invalid, my_link_used or my_link_expired otherwise. Changes nothing."""
    link = session.scalar(
        select(VolunteerSignInLink).where(VolunteerSignInLink.public_id == public_id)
    )
    _check(link, now or utcnow())
    assert link is not None
    return link


def _check(link: VolunteerSignInLink | None, now: datetime) -> None:
    if link is None:
        raise LinkError("my_link_invalid")
    if link.used_at is not None:
        raise LinkError("my_link_used")
    if link.expires_at <= now:
        raise LinkError("my_link_expired")


def sign_in(
    session: Session, public_id: str, lifetimes: Lifetimes, now: datetime | None = None
) -> tuple[str, VolunteerSignInLink]:
    """Use the link (once: a conditional UPDATE, so two clicks at once make one session)
    and start a session; its token, for the cookie only. LinkError as usable_link."""
    now = now or utcnow()
    begin_write(session)
    used = rows_changed(
        session.execute(
            update(VolunteerSignInLink)
            .where(
                VolunteerSignInLink.public_id == public_id,
                VolunteerSignInLink.used_at.is_(None),
                VolunteerSignInLink.expires_at > now,
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    link = session.scalar(
        select(VolunteerSignInLink)
        .where(VolunteerSignInLink.public_id == public_id)
        .execution_options(populate_existing=True)
    )
    if not used:
        session.rollback()
        _check(link, now)
        raise LinkError("my_link_used")  # a racing click used it in between
    assert link is not None
    token = secrets.token_urlsafe(32)
    session.add(
        VolunteerSession(
            token_hash=_hash(token),
            link_id=link.id,
            email=link.email,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetimes.session_seconds),
        )
    )
    session.commit()
    return token, link


def signed_in_email(session: Session, token: str, now: datetime | None = None) -> str | None:
    """The normalised address whose session the cookie's token names, if it has not ended."""
    if not token:
        return None
    return session.scalar(
        select(VolunteerSession.email).where(
            VolunteerSession.token_hash == _hash(token),
            VolunteerSession.expires_at > (now or utcnow()),
        )
    )


def sign_out(session: Session, token: str) -> None:
    """End the session for good: a copy of the cookie opens nothing afterwards."""
    begin_write(session)
    session.execute(delete(VolunteerSession).where(VolunteerSession.token_hash == _hash(token)))
    session.commit()


def forget_address(session: Session, email: str) -> None:
    """Delete every link and session of the address, in the caller's transaction (erasure)."""
    session.execute(delete(VolunteerSession).where(VolunteerSession.email == email))
    session.execute(delete(VolunteerSignInLink).where(VolunteerSignInLink.email == email))


def forget_ended(session: Session, now: datetime) -> None:
    """Delete ended sessions and links a day past their time, in the caller's transaction."""
    session.execute(delete(VolunteerSession).where(VolunteerSession.expires_at <= now))
    session.execute(
        delete(VolunteerSignInLink).where(VolunteerSignInLink.expires_at <= now - KEEP_USED_LINKS)
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
