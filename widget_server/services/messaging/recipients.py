"""Who a message goes to: sign-ups of one organization, chosen one by one, by a task and
its statuses, or by the volunteers list's filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from widget_server.models import Organization, Signup, SignupStatus, Task
from widget_server.services.errors import FieldProblem, NotFound, ValidationFailed
from widget_server.services.volunteering import volunteers

MAX_RECIPIENTS = 5000
# Not written to: an address nobody confirmed (it may be someone else's), and sign-ups the
# volunteer or the server closed.
NOT_WRITTEN_TO = frozenset({SignupStatus.PENDING, SignupStatus.WITHDRAWN, SignupStatus.EXPIRED})
# A closed sign-up's conversation takes no answer either.
CLOSED = frozenset({SignupStatus.WITHDRAWN, SignupStatus.EXPIRED})
_CHUNK = 500  # ids per IN (…) list, well below every database's parameter limit


@dataclass(frozen=True)
class Recipients:
    """The sign-ups a message would reach, and how many of those chosen it leaves out."""

    signups: list[Signup]
    left_out: int

    @property
    def count(self) -> int:
        return len(self.signups)


def ids_for_task(
    session: Session, organization: Organization, task_public_id: str, statuses: Iterable[str]
) -> list[str]:
    """The public ids of one task's sign-ups in these statuses (NotFound: another's task)."""
    task_id = session.scalar(
        select(Task.id).where(
            Task.organization_id == organization.id, Task.public_id == task_public_id
        )
    )
    if task_id is None:
        raise NotFound("task_not_found")
    wanted = _statuses(statuses)
    return list(
        session.scalars(
            select(Signup.public_id)
            .where(Signup.task_id == task_id, Signup.status.in_(wanted))
            .order_by(Signup.id)
            .limit(MAX_RECIPIENTS + 1)
        )
    )


def ids_for_filters(
    session: Session, organization: Organization, filters: volunteers.VolunteerFilters
) -> list[str]:
    """The public ids the volunteers list shows for these filters, on every page."""
    where = volunteers.conditions(session, organization, filters)
    return list(
        session.scalars(
            select(Signup.public_id).where(*where).order_by(Signup.id).limit(MAX_RECIPIENTS + 1)
        )
    )


def resolve(session: Session, organization: Organization, public_ids: Sequence[str]) -> Recipients:
    """The sign-ups named, all of this organization (else NotFound, and nothing is sent),
    less those not written to; ValidationFailed when none is left or too many are named."""
    ids = list(dict.fromkeys(public_ids))
    if len(ids) > MAX_RECIPIENTS:
        raise ValidationFailed({"recipients": FieldProblem("too_many", {"max": MAX_RECIPIENTS})})
    found: list[Signup] = []
    for start in range(0, len(ids), _CHUNK):
        found.extend(
            session.scalars(
                select(Signup)
                .options(selectinload(Signup.task).selectinload(Task.translations))
                .where(
                    Signup.organization_id == organization.id,
                    Signup.public_id.in_(ids[start : start + _CHUNK]),
                )
                .order_by(Signup.id)
            )
        )
    if len(found) != len(ids):  # another organization's sign-up, or none at all
        raise NotFound("signup_not_found")
    kept = [s for s in found if s.status not in NOT_WRITTEN_TO]
    if not kept:
        raise ValidationFailed({"recipients": FieldProblem("no_recipients")})
    return Recipients(kept, len(found) - len(kept))


def _statuses(statuses: Iterable[str]) -> list[SignupStatus]:
    chosen = []
    for value in statuses:
        try:
            chosen.append(SignupStatus(value))
        except ValueError:
            choices = ", ".join(s.value for s in SignupStatus)
            raise ValidationFailed(
                {"status": FieldProblem("not_a_choice", {"choices": choices})}
            ) from None
    if not chosen:
        raise ValidationFailed({"status": FieldProblem("required")})
    return chosen
