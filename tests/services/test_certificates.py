"""Certificates follow the sign-up: issued on completion, replaced when the hours are
corrected, revoked when the completion is undone, erased with the volunteer's data."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import Certificate, OutboxMessage, Signup
from widget_server.services.errors import ValidationFailed
from widget_server.services.personal_data import person_export, privacy
from widget_server.services.volunteering import certificates, signups, volunteers


def _accepted(session: Session, org: OrgWithKeys, **overrides: object) -> Signup:
    signup = make_signup(session, org, make_task(session, org), **overrides)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def _all(session: Session, signup: Signup) -> list[Certificate]:
    return list(
        session.scalars(
            select(Certificate).where(Certificate.signup_id == signup.id).order_by(Certificate.id)
        )
    )


def test_completing_issues_a_certificate_stating_the_hours_under_an_unguessable_code(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, name="سارة المصري")
    signups.change_status(session, org.organization, signup.public_id, "completed", hours=12.5)
    (issued,) = _all(session, signup)
    statement = certificates.statement_of(issued)
    assert len(issued.code) == 22 and issued.code.isalnum() and issued.revoked_at is None
    assert statement.volunteer_name == "سارة المصري"
    assert statement.org_name == org.organization.name and statement.hours == 12.5
    assert statement.task_title("ar") == "ترجمة نشرتنا الإخبارية"
    assert statement.task_title("fr") == "Translate our newsletter"  # the task's own language
    assert certificates.find(session, issued.code) == issued
    assert certificates.find(session, issued.code[:-1] + "_") is None


def test_completing_without_hours_is_refused_naming_the_field(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    for hours in (None, 0, -2, 10001):
        with pytest.raises(ValidationFailed) as refused:
            signups.change_status(
                session, org.organization, signup.public_id, "completed", hours=hours
            )
        assert set(refused.value.fields) == {"hours"}
    with pytest.raises(ValidationFailed) as refused:
        volunteers.change_many(session, org.organization, [signup.public_id], "completed")
    assert set(refused.value.fields) == {"hours"}
    assert _all(session, signup) == []


def test_correcting_the_hours_replaces_the_certificate_and_undoing_revokes_it(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    change = signups.change_status
    change(session, org.organization, signup.public_id, "completed", hours=4)
    change(session, org.organization, signup.public_id, "completed", hours=4)  # sent twice
    assert len(_all(session, signup)) == 1
    change(session, org.organization, signup.public_id, "completed", hours=6)
    first, second = _all(session, signup)
    assert first.revoked_at is not None and second.revoked_at is None
    assert certificates.statement_of(second).hours == 6
    change(session, org.organization, signup.public_id, "accepted")
    assert all(c.revoked_at is not None for c in _all(session, signup))
    assert certificates.current(session, signup.id) is None


def test_bulk_completion_issues_one_certificate_each_and_emails_each_volunteer(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    ids = []
    for n in range(3):
        signup = make_signup(session, org, task, email=f"bulk{n}@example.org")
        signups.change_status(session, org.organization, signup.public_id, "accepted")
        ids.append(signup.public_id)
    outcome = volunteers.change_many(session, org.organization, ids, "completed", hours=2)
    assert sorted(outcome.changed) == sorted(ids)
    assert len(list(session.scalars(select(Certificate)))) == 3
    completed = [
        m for m in session.scalars(select(OutboxMessage)) if m.payload["template"] == "completed"
    ]
    assert len(completed) == 3 and all(m.payload["context"]["hours"] == 2 for m in completed)


def test_the_volunteers_export_holds_their_certificates_and_erasing_deletes_them(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, email="erase.me@example.org")
    signups.change_status(session, org.organization, signup.public_id, "completed", hours=3)
    exported = person_export.export_person(
        session, organization_id=org.organization.id, email="erase.me@example.org"
    )
    (held,) = exported["signups"]
    assert held["hours_contributed"] == 3 and held["certificates"][0]["statement"]["hours"] == 3
    privacy.erase_person(session, organization_id=org.organization.id, email="erase.me@example.org")
    assert list(session.scalars(select(Certificate))) == []


def test_a_few_minutes_count_as_a_quarter_hour_and_hours_on_other_decisions_are_not_kept(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    done = signups.change_status(
        session, org.organization, signup.public_id, "completed", hours=0.1
    )
    assert done.hours_contributed == 0.25
    assert certificates.statement_of(_all(session, signup)[0]).hours == 0.25
    back = signups.change_status(session, org.organization, signup.public_id, "accepted", hours=4)
    assert back.hours_contributed is None
