"""The follow-up promise's rules: what counts as an answer, when a sign-up is due,
nearing its due time or overdue, and which limits an owner may set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import Signup, SignupStatus
from widget_server.services.errors import ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.services.volunteering import signups, volunteer_actions, volunteers

CREATED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _age(session: Session, signup: Signup, created_at: datetime) -> Signup:
    signup.created_at = created_at
    session.commit()
    return signup


@pytest.mark.parametrize(
    ("after", "stage"),
    [
        (timedelta(days=2) - timedelta(seconds=1), followup.Stage.NONE),
        (timedelta(days=2), followup.Stage.NEARING),  # 24 hours before the 3-day promise
        (timedelta(days=3) - timedelta(seconds=1), followup.Stage.NEARING),
        (timedelta(days=3), followup.Stage.OVERDUE),
        (timedelta(days=30), followup.Stage.OVERDUE),
    ],
)
def test_a_signup_nears_its_due_time_a_day_before_and_is_overdue_from_it(
    after: timedelta, stage: int
) -> None:
    assert followup.due_at(CREATED, 3) == CREATED + timedelta(days=3)
    assert followup.stage_at(CREATED, 3, CREATED + after) == stage


def test_a_new_signup_is_promised_an_answer_within_the_organizations_response_days(
    session: Session, org: OrgWithKeys
) -> None:
    org.organization.response_days = 5
    session.commit()
    signup = make_signup(session, org, make_task(session, org))
    assert signup.first_response_at is None
    assert followup.respond_by(signup, org.organization) == signup.created_at + timedelta(days=5)


def test_the_volunteers_own_confirmation_and_withdrawal_are_not_answers(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    confirming = make_signup(session, org, task)
    withdrawing = make_signup(session, org, task)

    volunteer_actions.confirm_email(session, confirming.public_id)
    volunteer_actions.withdraw(session, withdrawing.public_id)

    session.expire_all()
    assert confirming.status is SignupStatus.CONFIRMED
    assert confirming.first_response_at is None
    assert followup.awaits_answer(confirming)
    assert withdrawing.first_response_at is None
    assert not followup.awaits_answer(withdrawing)


def test_the_organizations_first_status_change_is_its_answer_and_later_ones_keep_it(
    session: Session, org: OrgWithKeys
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    before = utcnow()

    signups.change_status(session, org.organization, signup.public_id, "accepted")
    session.expire_all()
    first = signup.first_response_at
    assert first is not None and first >= before
    assert followup.respond_by(signup, org.organization) is None

    signups.change_status(session, org.organization, signup.public_id, "completed", hours=2)
    session.expire_all()
    assert signup.first_response_at == first


def test_needs_reply_counts_unanswered_signups_nearing_or_past_due_only(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    now = utcnow()
    fresh = make_signup(session, org, task)
    nearing = _age(session, make_signup(session, org, task), now - timedelta(days=2, hours=1))
    overdue = _age(session, make_signup(session, org, task), now - timedelta(days=4))
    answered = _age(session, make_signup(session, org, task), now - timedelta(days=4))
    signups.change_status(session, org.organization, answered.public_id, "declined")
    withdrawn = _age(session, make_signup(session, org, task), now - timedelta(days=4))
    volunteer_actions.withdraw(session, withdrawn.public_id)

    assert followup.needs_reply_count(session, org.organization, now) == 2
    page = volunteers.list_volunteers(
        session, org.organization, volunteers.VolunteerFilters(needs_reply=True)
    )
    assert {s.id for s in page.items} == {nearing.id, overdue.id}
    assert fresh.id not in {s.id for s in page.items}
    org.organization.response_days = 10
    session.commit()
    assert followup.needs_reply_count(session, org.organization, now) == 0


def test_signing_up_again_after_being_closed_starts_a_new_promise(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    old = _age(session, make_signup(session, org, task, email="again@example.org"), CREATED)
    old.status = SignupStatus.EXPIRED
    old.holds_slot = False
    session.commit()

    again = make_signup(session, org, task, email="again@example.org")

    assert again.id == old.id
    assert again.status is SignupStatus.PENDING
    assert again.created_at > CREATED
    assert followup.awaits_answer(again)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"response_days": "", "close_after_days": "14"}, "response_days"),
        ({"response_days": "0", "close_after_days": "14"}, "response_days"),
        ({"response_days": "three", "close_after_days": "14"}, "response_days"),
        ({"response_days": "3", "close_after_days": "3"}, "close_after_days"),
        ({"response_days": "3", "close_after_days": "181"}, "close_after_days"),
    ],
)
def test_follow_up_limits_out_of_range_name_the_field(form: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        followup.read_settings(form)
    assert list(caught.value.fields) == [field]


def test_follow_up_limits_in_range_are_read_as_days() -> None:
    settings = followup.read_settings({"response_days": " 2 ", "close_after_days": "10"})
    assert (settings.response_days, settings.close_after_days) == (2, 10)
