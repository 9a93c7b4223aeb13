"""Getting back into an admin account without its password: a reset link by email.

Asking only queues an email through the outbox in the same transaction; the worker sends
it. The link works once, for a limited time, and not after the password changed anyway.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import PasswordReset, User
from widget_server.models.public_id import random_base62
from widget_server.services.access.account_links import (
    RESET,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    read_link_token,
)
from widget_server.services.access.accounts import set_password
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.outbound.outbox import enqueue_email

# At most one reset email per account in this many seconds, however often it is asked for.
RESET_EMAIL_INTERVAL = 600


def request_password_reset(
    session: Session, email: str, locale: str, *, lifetime_seconds: int = 3600
) -> None:
    """Email a reset link if an account has this address; say nothing either way."""
    try:
        address = normalise_email(email)
    except ValidationFailed:
        return
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        return
    now = utcnow()
    reset = PasswordReset(
        public_id=random_base62(22),
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(seconds=lifetime_seconds),
    )
    bucket = int(time.time()) // RESET_EMAIL_INTERVAL
    queued = enqueue_email(
        session,
        to=user.email,
        locale=locale,
        template="admin_password_reset",
        context={"reset": reset.public_id},
        dedupe_key=f"password-reset:{user.id}:{bucket}",
    )
    if queued is not None:
        session.add(reset)
    session.commit()


def check_reset_token(
    session: Session, secret: str, token: str, now: datetime | None = None
) -> PasswordReset:
    """The reset a link is for, if it is genuine, unused and not expired."""
    public_id = read_link_token(secret, RESET, token)
    reset = session.scalar(select(PasswordReset).where(PasswordReset.public_id == public_id))
    if reset is None:
        raise LinkInvalid()
    if reset.used_at is not None:
        raise LinkUsed()
    if (now or utcnow()) >= reset.expires_at:
        raise LinkExpired()
    return reset


def reset_password(session: Session, secret: str, token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link (and every other) stops working."""
    begin_write(session)
    reset = check_reset_token(session, secret, token)
    used = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if rows_changed(used) != 1:  # used at the same moment
        session.rollback()
        raise LinkUsed()
    user = session.get(User, reset.user_id)
    assert user is not None  # the reset is deleted with its user
    set_password(session, user, new_password)
    session.commit()
    return user
