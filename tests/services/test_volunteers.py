"""The team's volunteer list: filters, Arabic-aware search, notes and bulk decisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_org, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import AuditEntry, Role, SignupStatus
from widget_server.services import audit
from widget_server.services.errors import Conflict, NotFound, ValidationFailed
from widget_server.services.volunteering import export, signups, volunteers
from widget_server.services.volunteering.volunteers import VolunteerFilters


def _ids(page: volunteers.VolunteerPage) -> list[str]:
    return [s.public_id for s in page.items]


def test_search_finds_arabic_names_whatever_the_hamza_and_taa_marbuta(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    found = make_signup(session, org, task, name="أسامة الخطيب")
    make_signup(session, org, task, name="Layla Haddad")
    for query in ("اسامه", "أسامة", "الخطيب اسامة"):
        page = volunteers.list_volunteers(session, org.organization, VolunteerFilters(q=query))
        assert _ids(page) == [found.public_id]


def test_filters_by_status_task_skill_and_date_combine(session: Session, org: OrgWithKeys) -> None:
    design = make_task(session, org, capacity=None)
    other = make_task(session, org, capacity=None)
    wanted = make_signup(session, org, design, skills=["Graphic design", "Canva"])
    make_signup(session, org, design, skills=["Excel"])
    make_signup(session, org, other, skills=["Canva"])
    signups.change_status(session, org.organization, wanted.public_id, "accepted")

    filters = VolunteerFilters(
        status="accepted",
        task=design.public_id,
        skill="canva",
        since=utcnow() - timedelta(hours=1),
        until=utcnow() + timedelta(hours=1),
    )
    page = volunteers.list_volunteers(session, org.organization, filters)
    assert _ids(page) == [wanted.public_id] and page.total == 1
    tomorrow = VolunteerFilters(since=utcnow() + timedelta(days=1))
    assert volunteers.list_volunteers(session, org.organization, tomorrow).total == 0


def test_another_organizations_task_is_not_found_as_a_filter(
    session: Session, org: OrgWithKeys
) -> None:
    foreign = make_task(session, make_org(session))
    with pytest.raises(NotFound):
        volunteers.list_volunteers(
            session, org.organization, VolunteerFilters(task=foreign.public_id)
        )


def test_a_page_of_volunteers_costs_three_queries_however_many_rows(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    member = make_member(session, org, Role.EDITOR)
    for _ in range(12):
        signup = make_signup(session, org, task)
        volunteers.add_note(
            session, org.organization, signup.public_id, "Called", user_id=member.id
        )
    session.expunge_all()
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page = volunteers.list_volunteers(session, org.organization, VolunteerFilters(per_page=10))
        titles = [s.task.text_for("en").title for s in page.items]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(page.items) == 10 and page.total == 12 and page.total_pages == 2
    assert all(page.note_counts[s.id] == 1 for s in page.items) and len(titles) == 10
    # count, sign-ups joined with their task, the tasks' translations, note counts
    assert len(statements) == 4


def test_notes_are_kept_with_their_author_and_audited(session: Session, org: OrgWithKeys) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    member = make_member(session, org, Role.EDITOR)
    volunteers.add_note(
        session, org.organization, signup.public_id, " Prefers mornings ", user_id=member.id
    )
    with pytest.raises(ValidationFailed) as empty:
        volunteers.add_note(session, org.organization, signup.public_id, "   ", user_id=member.id)
    assert empty.value.fields["body"].code == "required"

    shown = volunteers.get_volunteer(session, org.organization, signup.public_id)
    assert [(n.body, n.author.email) for n in shown.notes] == [("Prefers mornings", member.email)]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "signup.note")).one()
    assert entry.user_id == member.id and entry.target == signup.public_id


def test_bulk_accept_takes_free_slots_and_reports_the_rest(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=2, waitlist=True)
    first, second, third = (make_signup(session, org, task) for _ in range(3))
    assert third.status is SignupStatus.WAITLISTED
    signups.change_status(session, org.organization, first.public_id, "declined")

    outcome = volunteers.change_many(
        session,
        org.organization,
        [first.public_id, second.public_id, third.public_id],
        "accepted",
    )
    # The slot the decline freed is held for third, who was waiting: first is refused.
    assert outcome.changed == [second.public_id, third.public_id]
    assert outcome.refused == {first.public_id: "task_full"}
    session.refresh(task)
    assert task.taken == 2


def test_completing_records_hours_and_who_decided_in_the_same_commit(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    member = make_member(session, org, Role.EDITOR)
    signups.change_status(
        session, org.organization, signup.public_id, "accepted", by=audit.Actor.member(member.id)
    )
    done = signups.change_status(
        session,
        org.organization,
        signup.public_id,
        "completed",
        hours=12.6,
        by=audit.Actor.member(member.id),
    )
    assert done.status is SignupStatus.COMPLETED and done.hours_contributed == 12.5
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "signup.status").order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.details["to"]) for e in entries] == [
        ("signup.status", "accepted"),
        ("signup.status", "completed"),
    ]
    assert entries[-1].details["hours"] == 12.5 and entries[-1].user_id == member.id
    assert signup.email not in str([e.details for e in entries])


def test_a_refused_decision_leaves_no_audit_entry(session: Session, org: OrgWithKeys) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    with pytest.raises(Conflict):
        signups.change_status(session, org.organization, signup.public_id, "completed", hours=2)
    with pytest.raises(ValidationFailed):
        signups.change_status(session, org.organization, signup.public_id, "accepted", hours=-1)
    assert session.scalars(select(AuditEntry).where(AuditEntry.action != "task.create")).all() == []


def test_the_same_decision_twice_changes_nothing_twice(session: Session, org: OrgWithKeys) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    for _ in range(2):
        volunteers.change_many(session, org.organization, [signup.public_id], "accepted")
    decisions = select(AuditEntry).where(AuditEntry.action == "signup.status")
    assert len(session.scalars(decisions).all()) == 1


def test_export_of_a_filtered_list_has_only_those_rows(session: Session, org: OrgWithKeys) -> None:
    task = make_task(session, org, capacity=None)
    kept = make_signup(session, org, task, name="=HYPERLINK(1)", skills=["Canva"])
    make_signup(session, org, task, skills=["Excel"])
    where = volunteers.conditions(session, org.organization, VolunteerFilters(skill="Canva"))
    text = b"".join(export.export_signups(session, org.organization, where)).decode()
    assert text.startswith("\ufeff") and text.count("\n") == 2
    assert kept.public_id in text and "'=HYPERLINK(1)" in text
