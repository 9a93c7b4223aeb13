"""Admin accounts: checking a password at sign-in, and the memberships a user holds."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from widget_server.models import Membership, Role, User
from widget_server.services import passwords
from widget_server.services.email_addresses import normalise_email
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.local_times import is_zone

# What each role may do includes everything the roles below it may do.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}

# Verified when no account matches, so that a wrong address takes as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("not-a-real-password-at-all")


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
        passwords.verify_password(_DUMMY_HASH, password)
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.commit()
    return user


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does: sessions and reset links carry it to expire."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


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
