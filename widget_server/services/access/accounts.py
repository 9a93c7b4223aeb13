"""Admin accounts: checking a password at sign-in, and the memberships a user holds."""

from __future__ import annotations

from functools import cache

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from widget_server.db import utcnow
from widget_server.models import Membership, PasswordReset, Role, User
from widget_server.services.access import admin_sessions, passwords
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.times.zones import is_zone

# What each role may do includes everything the roles below it may do.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


@cache
def _dummy_hash() -> str:
    """Verified when no account matches, so that a wrong address takes as long as a wrong
    password. Made on first use: hashing at import would slow the start of every process."""
    return passwords.hash_password("not-a-real-password-at-all")


def role_allows(role: Role, needed: Role) -> bool:
    return ROLE_RANK[role] >= ROLE_RANK[needed]


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user whose email and password these are, else None; old hashes are upgraded."""
    try:
        address = normalise_email(email)
    except ValidationFailed:
        address = None
    user = session.scalar(select(User).where(User.email == address)) if address else None
    if user is None or not user.password_hash:
        passwords.verify_password(_dummy_hash(), password)
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.commit()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Give the user a new password, in the caller's transaction: every session of theirs
    ends and every reset link still open stops working."""
    check_new_password(password)
    user.password_hash = passwords.hash_password(password)
    if user.id is not None:
        admin_sessions.end_sessions_of(session, user.id)
        session.execute(
            update(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
            .values(used_at=utcnow())
        )


def check_new_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise ValidationFailed(
            {"password": FieldProblem("too_short", {"min": passwords.MIN_LENGTH})}
        )
    if len(password) > 1000:
        raise ValidationFailed({"password": FieldProblem("too_long", {"max": 1000})})


def memberships_of(session: Session, user_id: int) -> list[Membership]:
    """The user's memberships with their user and organization, in one query."""
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.user_id == user_id)
            .options(joinedload(Membership.organization), joinedload(Membership.user))
            .order_by(Membership.id)
        )
    )


def set_locale(session: Session, user: User, locale: str) -> None:
    """The language the admin panel and emails use for this user."""
    user.locale = locale
    session.commit()


def set_time_zone(session: Session, user: User, zone: str) -> None:
    """The zone the panel shows this person's times in; "" goes back to each organization's."""
    zone = zone.strip()
    if zone and not is_zone(zone):
        raise ValidationFailed({"timezone": FieldProblem("invalid_timezone")})
    user.timezone = zone or None
    session.commit()
