"""Which emails a sign-up's changes cause, written to the outbox with the change itself.

Each function only adds outbox rows to the caller's session (no I/O): the emails are
committed with the sign-up change, or not at all. Texts are rendered later, in each
reader's language, by the worker (widget_server/mail/).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from widget_server.db import utcnow
from widget_server.models import (
    Membership,
    Organization,
    Role,
    Schedule,
    Signup,
    SignupNotice,
    SignupStatus,
    Task,
)
from widget_server.services.follow_up import followup
from widget_server.services.outbound.outbox import enqueue_email

# The email a volunteer gets when their sign-up reaches a status.
_VOLUNTEER_TEMPLATES = {
    SignupStatus.CONFIRMED: "signup_received",
    SignupStatus.ACCEPTED: "accepted",
    SignupStatus.DECLINED: "declined",
    SignupStatus.WAITLISTED: "waitlisted",
    SignupStatus.COMPLETED: "completed",
}


def volunteer_context(signup: Signup, task: Task, organization: Organization) -> dict[str, Any]:
    """What every email to a volunteer shows; links are made from signup_id when sent.

    respond_by (with the volunteer's zone) is the follow-up promise, while one stands.
    """
    due = followup.respond_by(signup, organization)
    context: dict[str, Any] = {
        "signup_id": signup.public_id,
        "name": signup.name,
        "org_name": organization.name,
        "task_title": task.text_for(signup.locale).title,
        "respond_by": due.isoformat() if due else None,
        "respond_tz": followup.volunteer_zone(signup, task, organization),
    }
    if task.schedule is Schedule.FIXED and task.starts_at is not None:
        # Shown in the volunteer's own zone beside the task's (mail/compose.py).
        context["starts_at"] = task.starts_at.isoformat()
        context["ends_at"] = task.ends_at.isoformat() if task.ends_at else None
        context["timezone"] = task.timezone
        context["volunteer_timezone"] = signup.timezone
    return context


def email_volunteer(
    session: Session,
    signup: Signup,
    task: Task,
    organization: Organization,
    template: str,
    *,
    extra: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> None:
    enqueue_email(
        session,
        to=signup.email,
        locale=signup.locale,
        template=template,
        context={**volunteer_context(signup, task, organization), **(extra or {})},
        organization_id=organization.id,
        dedupe_key=dedupe_key,
    )


def members_to_tell(
    session: Session,
    organization_id: int,
    notices: frozenset[SignupNotice],
    roles: tuple[Role, ...] = tuple(Role),
) -> list[Membership]:
    """Members, with their users, who chose one of these notices and have one of the roles."""
    return list(
        session.scalars(
            select(Membership)
            .options(joinedload(Membership.user))
            .where(
                Membership.organization_id == organization_id,
                Membership.signup_notice.in_(sorted(notices)),
                Membership.role.in_(roles),
            )
            .order_by(Membership.id)
        )
    )


def _email_members(
    session: Session,
    signup: Signup,
    task: Task,
    organization: Organization,
    template: str,
    notices: frozenset[SignupNotice],
) -> None:
    members = members_to_tell(session, organization.id, notices)
    people = [(m.user.email, m.user.locale) for m in members]
    _email_people(session, signup, task, organization, template, people)


def _email_people(
    session: Session,
    signup: Signup,
    task: Task,
    organization: Organization,
    template: str,
    people: list[tuple[str, str]],
) -> None:
    for email, locale in people:
        enqueue_email(
            session,
            to=email,
            locale=locale,
            template=template,
            context={
                "org_name": organization.name,
                "task_title": task.text_for(locale).title,
                "volunteer_name": signup.name,
                "volunteer_email": signup.email,
                "signup_id": signup.public_id,
                "status": signup.status.value,
            },
            organization_id=organization.id,
        )


def signup_created(
    session: Session,
    signup: Signup,
    task: Task,
    organization: Organization,
    told_at_once: list[tuple[str, str]] | None = None,
) -> None:
    """A new sign-up: the volunteer confirms their address (double opt-in), or hears they
    are on the waitlist; members who asked to be told at once are told (told_at_once:
    their addresses and languages, when the caller read them)."""
    template = "confirm_email" if signup.status is SignupStatus.PENDING else "waitlisted"
    email_volunteer(session, signup, task, organization, template)
    if told_at_once is not None:
        _email_people(session, signup, task, organization, "admin_new_signup", told_at_once)
        return
    _email_members(
        session,
        signup,
        task,
        organization,
        "admin_new_signup",
        frozenset({SignupNotice.IMMEDIATE}),
    )


def signup_repeated(
    session: Session, signup: Signup, task: Task, organization: Organization
) -> None:
    """Someone sent this address's sign-up again: the person is told, with their links, at
    most once a day per sign-up (a stranger repeating it cannot flood their inbox)."""
    email_volunteer(
        session,
        signup,
        task,
        organization,
        "signup_repeated",
        extra={"status": signup.status.value},
        dedupe_key=f"signup_repeated:{signup.public_id}:{utcnow().date().isoformat()}",
    )


def status_changed(
    session: Session,
    signup: Signup,
    task: Task,
    organization: Organization,
    previous: SignupStatus,
    *,
    by_volunteer: bool = False,
) -> None:
    """Tell the volunteer of the organization's decision, and members of a withdrawal."""
    if signup.status is SignupStatus.WITHDRAWN:
        if by_volunteer:
            _email_members(
                session,
                signup,
                task,
                organization,
                "admin_withdrawn",
                frozenset({SignupNotice.IMMEDIATE, SignupNotice.DAILY}),
            )
        return
    template = _VOLUNTEER_TEMPLATES.get(signup.status)
    if signup.status is SignupStatus.ACCEPTED and previous is SignupStatus.WAITLISTED:
        template = "slot_freed"  # a place opened up for someone who was waiting
    if template is not None:
        extra = {"hours": signup.hours_contributed} if template == "completed" else None
        email_volunteer(session, signup, task, organization, template, extra=extra)
