"""Saved replies: messages an organization's team writes often, kept to start from."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.db import begin_write
from widget_server.models import Organization, SavedReply
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from widget_server.services.inputs.control_chars import is_single_line
from widget_server.services.messaging import message_text

MAX_TITLE = 100
MAX_REPLIES = 100


def list_replies(session: Session, organization_id: int) -> list[SavedReply]:
    """The organization's saved replies by title."""
    return list(
        session.scalars(
            select(SavedReply)
            .where(SavedReply.organization_id == organization_id)
            .order_by(SavedReply.title, SavedReply.id)
        )
    )


def get_reply(session: Session, organization_id: int, public_id: str) -> SavedReply:
    reply = session.scalar(
        select(SavedReply).where(
            SavedReply.organization_id == organization_id, SavedReply.public_id == public_id
        )
    )
    if reply is None:
        raise NotFound("reply_not_found")
    return reply


def _checked_title(title: str) -> str:
    text = title.strip()
    if not text:
        raise ValidationFailed({"title": FieldProblem("required")})
    if len(text) > MAX_TITLE:
        raise ValidationFailed({"title": FieldProblem("too_long", {"max": MAX_TITLE})})
    if not is_single_line(text):
        raise ValidationFailed({"title": FieldProblem("not_single_line")})
    return text


def save_reply(
    session: Session,
    organization: Organization,
    title: str,
    body: str,
    *,
    by: audit.Actor,
    public_id: str | None = None,
) -> SavedReply:
    """A new saved reply, or (public_id) a changed one; titles are unique per organization."""
    problems: dict[str, FieldProblem] = {}
    clean_title = clean_body = ""
    try:
        clean_title = _checked_title(title)
    except ValidationFailed as exc:
        problems.update(exc.fields)
    try:
        clean_body = message_text.checked_body(body)
    except ValidationFailed as exc:
        problems.update(exc.fields)
    if problems:
        raise ValidationFailed(problems)
    begin_write(session)
    try:
        reply = None if public_id is None else get_reply(session, organization.id, public_id)
        clash = session.scalar(
            select(SavedReply.id).where(
                SavedReply.organization_id == organization.id,
                SavedReply.title == clean_title,
                SavedReply.id != (reply.id if reply else -1),
            )
        )
        if clash is not None:
            raise ValidationFailed({"title": FieldProblem("duplicate")})
        if reply is None:
            count = session.scalar(
                select(func.count())
                .select_from(SavedReply)
                .where(SavedReply.organization_id == organization.id)
            )
            if (count or 0) >= MAX_REPLIES:
                raise Conflict("too_many_replies", max=MAX_REPLIES)
            reply = SavedReply(public_id=new_public_id("rpl"), organization_id=organization.id)
            session.add(reply)
    except Exception:
        session.rollback()
        raise
    reply.title, reply.body = clean_title, clean_body
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="reply.save",
        target=reply.public_id,
        details={"title": clean_title},
    )
    session.commit()
    return reply


def delete_reply(
    session: Session, organization: Organization, public_id: str, *, by: audit.Actor
) -> None:
    begin_write(session)
    try:
        reply = get_reply(session, organization.id, public_id)
    except NotFound:
        session.rollback()
        raise
    session.delete(reply)
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="reply.delete",
        target=public_id,
        details={"title": reply.title},
    )
    session.commit()
