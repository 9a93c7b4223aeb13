"""Getting into an admin account without its password: a reset by email, an invitation.

Both only queue an email through the outbox in the same transaction; the worker sends it.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.models import Membership, Organization, Role, User
from widget_server.services import audit, passwords
from widget_server.services.account_links import (
    Invitation,
    LinkInvalid,
    LinkUsed,
    read_invitation_token,
    read_reset_token,
)
from widget_server.services.accounts import authenticate, password_fingerprint
from widget_server.services.email_addresses import normalise_email
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.outbox import enqueue_email

# At most one reset email per account in this many seconds, however often it is asked for.
RESET_EMAIL_INTERVAL = 600


def request_password_reset(session: Session, email: str, locale: str) -> None:
    """Email a reset link if an account has this address; say nothing either way."""
    try:
        address = normalise_email(email)
    except ValidationFailed:
        return
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        return
    bucket = int(time.time()) // RESET_EMAIL_INTERVAL
    enqueue_email(
        session,
        to=user.email,
        locale=locale,
        template="admin_password_reset",
        context={"user_id": user.id, "fingerprint": password_fingerprint(user)},
        dedupe_key=f"password-reset:{user.id}:{bucket}",
    )
    session.commit()


def check_reset_token(session: Session, secret: str, token: str, max_age: int) -> User:
    """The user a reset link is for, if it is genuine, recent and not used yet."""
    user_id, fingerprint = read_reset_token(secret, token, max_age)
    user = session.get(User, user_id)
    if user is None:
        raise LinkInvalid()
    if password_fingerprint(user) != fingerprint:
        raise LinkUsed()
    return user


def reset_password(
    session: Session, secret: str, token: str, max_age: int, new_password: str
) -> User:
    """Set a new password through a reset link; the link stops working at once."""
    user = check_reset_token(session, secret, token, max_age)
    _check_new_password(new_password)
    user.password_hash = passwords.hash_password(new_password)
    session.commit()
    return user


def invite_member(
    session: Session,
    organization: Organization,
    email: str,
    role: Role,
    locale: str,
    *,
    user_id: int | None = None,
) -> None:
    """Email an invitation to join the organization with a role; user_id: who invited."""
    address = normalise_email(email)
    audit.record(
        session,
        organization_id=organization.id,
        user_id=user_id,
        action="member.invite",
        target=address,
        details={"role": role.value},
    )
    enqueue_email(
        session,
        to=address,
        locale=locale,
        template="admin_invitation",
        context={
            "org_name": organization.name,
            "organization_id": organization.id,
            "email": address,
            "role": role.value,
        },
        organization_id=organization.id,
    )
    session.commit()


def read_invitation(session: Session, secret: str, token: str, max_age: int) -> Invitation:
    invitation = read_invitation_token(secret, token, max_age)
    if session.get(Organization, invitation.organization_id) is None:
        raise LinkInvalid()
    return invitation


def invitation_account(session: Session, invitation: Invitation) -> User | None:
    """The existing account the invitation's address belongs to, if any."""
    return session.scalar(select(User).where(User.email == invitation.email))


def accept_invitation(
    session: Session, secret: str, token: str, max_age: int, password: str
) -> User:
    """Join the organization: a new account chooses its password, an existing one proves it."""
    invitation = read_invitation(session, secret, token, max_age)
    user = invitation_account(session, invitation)
    if user is not None and user.password_hash:
        if authenticate(session, user.email, password) is None:
            raise ValidationFailed({"password": FieldProblem("wrong_password")})
    else:
        _check_new_password(password)
        if user is None:
            organization = session.get(Organization, invitation.organization_id)
            user = User(email=invitation.email, locale=organization.default_locale)
            session.add(user)
        user.password_hash = passwords.hash_password(password)
        session.flush()
    membership = session.scalar(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.organization_id == invitation.organization_id,
        )
    )
    if membership is None:
        session.add(
            Membership(
                user_id=user.id, organization_id=invitation.organization_id, role=invitation.role
            )
        )
    session.commit()
    return user


def _check_new_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise ValidationFailed(
            {"password": FieldProblem("too_short", {"min": passwords.MIN_LENGTH})}
        )
    if len(password) > 1000:
        raise ValidationFailed({"password": FieldProblem("too_long", {"max": 1000})})
