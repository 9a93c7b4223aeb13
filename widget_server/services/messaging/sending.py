"""Sending one message to a set of an organization's volunteers.

One Message row and one outbox email per recipient are written in one transaction, with
the audit entry: the request never waits for delivery, and a worker that is down loses
nothing. The email's frame (greeting, footer, links) is rendered later in each
volunteer's language; the body is the team's own words with the merge fields filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.db import begin_write, utcnow
from widget_server.models import Direction, Message, Organization
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.errors import Conflict, RateLimited
from widget_server.services.follow_up import followup
from widget_server.services.hooks import webhook_events
from widget_server.services.messaging import message_text, recipients
from widget_server.services.outbound import notifications
from widget_server.services.outbound.outbox import enqueue_email

# Per organization and rolling hour: enough for a message to every volunteer of a large
# programme, not enough to turn the server into a mass mailer.
HOURLY_RECIPIENTS = 10_000
HOURLY_SENDS = 200
TEMPLATE = "volunteer_message"


def send_message(
    session: Session,
    organization: Organization,
    signup_ids: Sequence[str],
    body: str,
    *,
    by: audit.Actor,
    reply_to: str | None = None,
    expected_count: int | None = None,
) -> list[Message]:
    """Write `body` to the named sign-ups (all of this organization); the stored rows.

    ValidationFailed: an empty, oversized or malformed body (field "body"), no one left to
    write to or too many (field "recipients"); NotFound: a sign-up not of this
    organization; RateLimited: the organization's hourly allowance is used up. In each
    case nothing is stored or sent. reply_to: the sending member's address.
    expected_count: how many recipients the sender was shown; Conflict recipients_changed
    when the set no longer has that many.
    """
    text = message_text.checked_body(body)
    begin_write(session)
    try:
        chosen = recipients.resolve(session, organization, signup_ids)
        if expected_count is not None and chosen.count != expected_count:
            raise Conflict("recipients_changed", count=chosen.count)
        _check_allowance(session, organization.id, chosen.count)
    except Exception:
        session.rollback()
        raise
    batch = new_public_id("msb")
    sent: list[Message] = []
    for signup in chosen.signups:
        task = signup.task
        merged = message_text.merged(
            text, name=signup.name, task=task.text_for(signup.locale).title
        )
        message = Message(
            public_id=new_public_id("msg"),
            organization_id=organization.id,
            signup_id=signup.id,
            direction=Direction.OUT,
            body=merged,
            author_id=by.user_id,
            batch_id=batch,
        )
        session.add(message)
        sent.append(message)
        followup.record_answer(signup)  # the volunteer heard back: the promise is kept
        enqueue_email(
            session,
            to=signup.email,
            locale=signup.locale,
            template=TEMPLATE,
            context={
                **notifications.volunteer_context(signup, task, organization),
                "message_id": message.public_id,
                "body": merged,
                "reply_to": reply_to,
            },
            organization_id=organization.id,
        )
    webhook_events.messages_sent(
        session, organization.id, list(zip(sent, chosen.signups, strict=True))
    )
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="message.send",
        target=chosen.signups[0].public_id if chosen.count == 1 else batch,
        details={"recipients": chosen.count, "left_out": chosen.left_out},
    )
    session.commit()
    return sent


def _check_allowance(session: Session, organization_id: int, count: int) -> None:
    since = utcnow() - timedelta(hours=1)
    recent = (
        select(Message.batch_id)
        .where(
            Message.organization_id == organization_id,
            Message.direction == Direction.OUT,
            Message.created_at >= since,
        )
        .subquery()
    )
    row = session.execute(
        select(func.count(), func.count(func.distinct(recent.c.batch_id))).select_from(recent)
    ).one()
    if row[0] + count > HOURLY_RECIPIENTS or row[1] >= HOURLY_SENDS:
        raise RateLimited("messages_rate_limited")
