"""Invitations to join an organization's team with a role: sent by email, listed on the
team page, revocable by owners, and good for one acceptance before they expire."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import Invitation, Membership, Organization, Role, User
from widget_server.models.public_id import random_base62
from widget_server.services import audit
from widget_server.services.access.account_links import (
    INVITATION,
    LinkExpired,
    LinkInvalid,
    LinkRevoked,
    LinkUsed,
    read_link_token,
)
from widget_server.services.access.accounts import authenticate, check_new_password, set_password
from widget_server.services.errors import FieldProblem, NotFound, ValidationFailed
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.outbound.outbox import enqueue_email


def invite_member(
    session: Session,
    organization: Organization,
    email: str,
    role: Role,
    locale: str,
    *,
    user_id: int | None = None,
    lifetime_seconds: int = 7 * 24 * 3600,
) -> Invitation:
    """Email an invitation to join with a role; user_id: who invited. An earlier invitation
    of the same address to the same organization still open is revoked: one link works."""
    address = normalise_email(email)
    now = utcnow()
    _revoke_open(session, organization.id, address, now)
    invitation = Invitation(
        public_id=random_base62(22),
        organization_id=organization.id,
        email=address,
        role=role,
        invited_by_id=user_id,
        created_at=now,
        expires_at=now + timedelta(seconds=lifetime_seconds),
    )
    session.add(invitation)
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
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
            "role": role.value,
            "invitation": invitation.public_id,
        },
        organization_id=organization.id,
    )
    session.commit()
    return invitation


def read_invitation(
    session: Session, secret: str, token: str, now: datetime | None = None
) -> Invitation:
    """The invitation a link is for, if it is genuine and still open."""
    public_id = read_link_token(secret, INVITATION, token)
    invitation = session.scalar(select(Invitation).where(Invitation.public_id == public_id))
    if invitation is None:
        raise LinkInvalid()
    if invitation.accepted_at is not None:
        raise LinkUsed()
    if invitation.revoked_at is not None:
        raise LinkRevoked()
    if (now or utcnow()) >= invitation.expires_at:
        raise LinkExpired()
    return invitation


def invitation_account(session: Session, invitation: Invitation) -> User | None:
    """The existing account the invitation's address belongs to, if any."""
    return session.scalar(select(User).where(User.email == invitation.email))


def accept_invitation(
    session: Session, secret: str, token: str, password: str
) -> tuple[User, Invitation]:
    """Join the organization: a new account chooses its password, an existing one proves it.
    The invitation is used up, even by two acceptances at the same moment."""
    begin_write(session)
    invitation = read_invitation(session, secret, token)
    user = invitation_account(session, invitation)
    if user is not None and user.password_hash:
        if authenticate(session, user.email, password) is None:
            raise ValidationFailed({"password": FieldProblem("wrong_password")})
    else:
        check_new_password(password)
        if user is None:
            organization = session.get(Organization, invitation.organization_id)
            assert organization is not None  # invitations are deleted with it
            user = User(email=invitation.email, locale=organization.default_locale)
            session.add(user)
            session.flush()
        set_password(session, user, password)
    accepted = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow())
    )
    if rows_changed(accepted) != 1:
        session.rollback()
        raise LinkUsed()
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
    return user, invitation


def open_invitations(
    session: Session, organization: Organization, now: datetime | None = None
) -> list[Invitation]:
    """Invitations not yet accepted, revoked or expired, newest first."""
    return list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.organization_id == organization.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > (now or utcnow()),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def revoke_invitation(
    session: Session, organization: Organization, public_id: str, *, user_id: int | None
) -> Invitation:
    """Make an open invitation's link stop working (another organization's: NotFound)."""
    invitation = session.scalar(
        select(Invitation).where(
            Invitation.organization_id == organization.id, Invitation.public_id == public_id
        )
    )
    if invitation is None:
        raise NotFound("invitation_not_found")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            session,
            organization_id=organization.id,
            by=audit.Actor.member(user_id),
            action="invitation.revoke",
            target=invitation.email,
            details={"role": invitation.role.value},
        )
    session.commit()
    return invitation


def revoke_for_member(session: Session, organization_id: int, email: str) -> None:
    """When a member leaves, no invitation of theirs to the organization may bring them
    back (in the caller's transaction)."""
    _revoke_open(session, organization_id, email, utcnow())


def _revoke_open(session: Session, organization_id: int, email: str, now: datetime) -> None:
    session.execute(
        update(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
