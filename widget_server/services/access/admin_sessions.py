"""Signed-in admin sessions: started at sign-in, checked on every request, ended for good.

The session cookie carries a random id; the database keeps its hash, when it started and
when it was last used. A cookie copied before its session ended opens nothing afterwards:
signing out deletes the row, and so do signing out everywhere, a password change and
removal from an organization (for every session of that person).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import rows_changed, utcnow
from widget_server.models import AdminSession, Invitation, Membership, PasswordReset

# Last use is written at most this often, not on every request.
TOUCH_SECONDS = 60


@dataclass(frozen=True)
class Lifetimes:
    """A session ends after idle_seconds without a request, and max_seconds after sign-in."""

    idle_seconds: int
    max_seconds: int


def lifetimes_from(config: Mapping[str, Any]) -> Lifetimes:
    """The lifetimes the settings give (SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS)."""
    return Lifetimes(int(config["SESSION_IDLE_SECONDS"]), int(config["SESSION_MAX_SECONDS"]))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session, user_id: int, lifetimes: Lifetimes, now: datetime | None = None
) -> str:
    """A new session for the user; the token goes in the cookie and nowhere else."""
    now = now or utcnow()
    _forget_ended(session, lifetimes, now)
    token = secrets.token_urlsafe(32)
    session.add(
        AdminSession(token_hash=_hash(token), user_id=user_id, created_at=now, last_seen_at=now)
    )
    session.commit()
    return token


def open_session(
    session: Session, token: str, lifetimes: Lifetimes, now: datetime | None = None
) -> list[Membership] | None:
    """The memberships (with user and organization) of the person whose session this token
    opens, in one query; None if the session ended (it is then forgotten)."""
    now = now or utcnow()
    rows = session.execute(
        select(AdminSession, Membership)
        .outerjoin(Membership, Membership.user_id == AdminSession.user_id)
        .options(joinedload(Membership.organization), joinedload(Membership.user))
        .where(AdminSession.token_hash == _hash(token))
        .order_by(Membership.id)
    ).all()
    if not rows:
        return None
    row = rows[0][0]
    idle = now - row.last_seen_at > timedelta(seconds=lifetimes.idle_seconds)
    if idle or now - row.created_at > timedelta(seconds=lifetimes.max_seconds):
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > timedelta(seconds=TOUCH_SECONDS):
        row.last_seen_at = now
        session.commit()
    return [membership for _, membership in rows if membership is not None]


def end_session(session: Session, token: str) -> None:
    """Sign this session out."""
    session.execute(delete(AdminSession).where(AdminSession.token_hash == _hash(token)))
    session.commit()


def end_sessions_of(session: Session, user_id: int) -> int:
    """End every session of the user, in the caller's transaction; how many there were."""
    return _count(session.execute(delete(AdminSession).where(AdminSession.user_id == user_id)))


def sign_out_everywhere(session: Session, user_id: int) -> int:
    """End every session of the user, this one included; how many there were."""
    ended = end_sessions_of(session, user_id)
    session.commit()
    return ended


def _forget_ended(session: Session, lifetimes: Lifetimes, now: datetime) -> int:
    return _count(
        session.execute(
            delete(AdminSession).where(
                or_(
                    AdminSession.last_seen_at < now - timedelta(seconds=lifetimes.idle_seconds),
                    AdminSession.created_at < now - timedelta(seconds=lifetimes.max_seconds),
                )
            )
        )
    )


def prune(session: Session, lifetimes: Lifetimes, now: datetime | None = None) -> int:
    """Forget sessions that ended by their lifetimes, and reset links and invitations that
    can no longer be used (a week after they closed: the audit log keeps what happened)."""
    now = now or utcnow()
    closed = now - timedelta(days=7)
    removed = _forget_ended(session, lifetimes, now)
    removed += _count(
        session.execute(
            delete(PasswordReset).where(
                or_(PasswordReset.expires_at < now, PasswordReset.used_at.is_not(None))
            )
        )
    )
    removed += _count(
        session.execute(
            delete(Invitation).where(
                or_(
                    Invitation.expires_at < closed,
                    Invitation.accepted_at < closed,
                    Invitation.revoked_at < closed,
                )
            )
        )
    )
    session.commit()
    return removed


def _count(result: Any) -> int:
    return int(rows_changed(result) or 0)
