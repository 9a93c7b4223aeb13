"""The worker's follow-up pass: nudges once per stage, one owners' digest a day, and
sign-ups left unanswered closed kindly, their slot given back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_org, make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import OutboxMessage, Role, Signup, SignupStatus, Task, User
from widget_server.services.access import organizations
from widget_server.services.catalog import task_matches
from widget_server.services.follow_up import followup_notices
from widget_server.services.volunteering import signups, slot_offers
from widget_server.worker.worker_loop import Worker

OWNER = "owner@ngo.example"


@pytest.fixture
def team(session: Session) -> OrgWithKeys:
    org = make_org(session, admin_email=OWNER)
    make_member(session, org, Role.EDITOR, "editor@ngo.example")
    make_member(session, org, Role.VIEWER, "viewer@ngo.example")
    return org


def _age(session: Session, signup: Signup, age: timedelta) -> Signup:
    signup.created_at = utcnow() - age
    session.commit()
    return signup


def _sent(session: Session, prefix: str) -> list[tuple[str, str]]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like(f"{prefix}%"))
        .order_by(OutboxMessage.id)
    )
    return [(m.payload["template"], m.payload["to"]) for m in rows]


def test_deciding_members_are_nudged_once_when_due_nears_and_once_when_overdue(
    session: Session, team: OrgWithKeys
) -> None:
    task = make_task(session, team)
    signup = _age(session, make_signup(session, team, task), timedelta(days=2, hours=1))
    now = utcnow()

    assert followup_notices.enqueue_nudges(session, now=now) == 2
    assert followup_notices.enqueue_nudges(session, now=now + timedelta(minutes=1)) == 0
    assert _sent(session, "nudge:") == [
        ("admin_followup_nearing", OWNER),
        ("admin_followup_nearing", "editor@ngo.example"),
    ]

    later = signup.created_at + timedelta(days=3)
    assert followup_notices.enqueue_nudges(session, now=later) == 2
    assert followup_notices.enqueue_nudges(session, now=later + timedelta(hours=5)) == 0
    assert [t for t, _ in _sent(session, "nudge:overdue")] == ["admin_followup_overdue"] * 2


def test_a_signup_found_overdue_first_gets_only_the_overdue_nudge_and_none_once_answered(
    session: Session, team: OrgWithKeys
) -> None:
    task = make_task(session, team, capacity=None)
    late = _age(session, make_signup(session, team, task), timedelta(days=5))
    answered = _age(session, make_signup(session, team, task), timedelta(days=5))
    signups.change_status(session, team.organization, answered.public_id, "accepted")

    followup_notices.enqueue_nudges(session, now=utcnow())

    session.expire_all()
    keys = [k for (k,) in session.execute(select(OutboxMessage.dedupe_key)) if k]
    assert all(late.public_id in k for k in keys if k.startswith("nudge:"))
    assert {k.split(":")[1] for k in keys if k.startswith("nudge:")} == {"overdue"}


def test_members_who_turned_signup_emails_off_get_no_nudge(
    session: Session, team: OrgWithKeys
) -> None:
    organizations.set_signup_notice(session, team.organization, "editor@ngo.example", "off")
    _age(session, make_signup(session, team, make_task(session, team)), timedelta(days=4))

    followup_notices.enqueue_nudges(session, now=utcnow())

    assert _sent(session, "nudge:") == [("admin_followup_overdue", OWNER)]


def test_owners_get_one_digest_a_day_of_unanswered_signups(
    session: Session, team: OrgWithKeys
) -> None:
    task = make_task(session, team, capacity=None)
    _age(session, make_signup(session, team, task, name="Omar"), timedelta(days=4))
    make_signup(session, team, task, name="Rana")
    now = utcnow()
    # Another pass the same day in the organization's zone, whatever the hour the test runs.
    zone = ZoneInfo(team.organization.timezone)
    same_day = now + timedelta(hours=1)
    if same_day.astimezone(zone).date() != now.astimezone(zone).date():
        same_day = now - timedelta(hours=1)

    assert followup_notices.enqueue_owner_digests(session, from_hour=0, now=now) == 1
    assert followup_notices.enqueue_owner_digests(session, from_hour=0, now=same_day) == 0
    assert _sent(session, "followup-digest:") == [("admin_followup_digest", OWNER)]
    digest = session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("followup-digest:%"))
    ).one()
    listed = digest.payload["context"]["signups"]
    assert [(s["volunteer_name"], s["overdue"]) for s in listed] == [
        ("Omar", True),
        ("Rana", False),
    ]
    assert (
        followup_notices.enqueue_owner_digests(session, from_hour=0, now=now + timedelta(days=1))
        == 1
    )


def test_the_owners_digest_waits_for_the_organizations_morning(
    session: Session, team: OrgWithKeys
) -> None:
    _age(session, make_signup(session, team, make_task(session, team)), timedelta(days=4))
    beirut = ZoneInfo("Asia/Beirut")
    night = datetime.combine(utcnow().date(), time(6, 59), tzinfo=beirut)
    assert followup_notices.enqueue_owner_digests(session, now=night) == 0
    assert followup_notices.enqueue_owner_digests(session, now=night.replace(hour=8)) == 1


def test_no_digest_when_nothing_is_waiting(session: Session, team: OrgWithKeys) -> None:
    signup = make_signup(session, team, make_task(session, team))
    signups.change_status(session, team.organization, signup.public_id, "accepted")
    assert followup_notices.enqueue_owner_digests(session, from_hour=0, now=utcnow()) == 0


def test_unanswered_past_the_closing_limit_is_closed_and_its_slot_goes_to_the_waitlist(
    session: Session, team: OrgWithKeys
) -> None:
    task = make_task(session, team, capacity=1, waitlist=True)
    waiting_long = _age(session, make_signup(session, team, task), timedelta(days=14, hours=1))
    waitlisted = make_signup(session, team, task)
    assert waitlisted.status is SignupStatus.WAITLISTED

    assert followup_notices.close_unanswered(session, now=utcnow()) == 1
    assert followup_notices.close_unanswered(session, now=utcnow()) == 0

    session.expire_all()
    assert waiting_long.status is SignupStatus.EXPIRED
    assert not waiting_long.holds_slot
    assert waiting_long.first_response_at is None  # closing is not an answer
    # The freed place is held for the first waitlisted volunteer, as an offer.
    assert session.get(Task, task.id).taken == 1  # type: ignore[union-attr]
    assert list(slot_offers.open_offers(session, [waitlisted.id])) == [waitlisted.id]
    signups.change_status(session, team.organization, waitlisted.public_id, "accepted")
    assert _sent(session, "closed:") == [("signup_closed", waiting_long.email)]


def test_a_signup_inside_the_closing_limit_or_answered_stays_open(
    session: Session, team: OrgWithKeys
) -> None:
    task = make_task(session, team, capacity=None)
    young = _age(session, make_signup(session, team, task), timedelta(days=13, hours=23))
    answered = _age(session, make_signup(session, team, task), timedelta(days=20))
    signups.change_status(session, team.organization, answered.public_id, "waitlisted")

    assert followup_notices.close_unanswered(session, now=utcnow()) == 0
    session.expire_all()
    assert young.status is SignupStatus.PENDING
    assert answered.status is SignupStatus.WAITLISTED


def test_matching_open_tasks_share_a_skill_are_open_and_leave_out_the_closed_ones_own(
    session: Session, org: OrgWithKeys
) -> None:
    own = make_task(session, org, skills=["Design"])
    design = make_task(session, org, skills=["design", "Figma"])
    make_task(session, org, skills=["Accounting"])
    make_task(session, org, skills=["Design"], status="draft")
    full = make_task(session, org, skills=["Design"], capacity=1)
    make_signup(session, org, full)
    other_org = make_org(session)
    make_task(session, other_org, skills=["Design"])

    found = task_matches.matching_open_tasks(
        session,
        org.organization.id,
        ["DESIGN"],
        today=utcnow().date(),
        exclude_task_id=own.id,
    )

    assert [t.id for t in found] == [design.id]
    assert (
        task_matches.matching_open_tasks(session, org.organization.id, [], today=utcnow().date())
        == []
    )


def test_the_closing_email_is_kind_in_the_volunteers_language_and_links_matching_tasks(
    session: Session,
    team: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, team, skills=["Arabic"])
    for n in range(4):
        make_task(
            session,
            team,
            skills=["arabic"],
            translations={"ar": {"title": f"مهمة {n}"}, "en": {"title": f"Task {n}"}},
        )
    signup = make_signup(
        session, team, task, email="rana@example.org", locale="ar", skills=["Arabic"]
    )
    _age(session, signup, timedelta(days=15))
    followup_notices.close_unanswered(session, now=utcnow())

    mail_worker.run(drain=True)

    [closing] = [m for m in smtp_sink.to("rana@example.org") if "مهام" in m["Subject"]]
    body = closing.get_body(("plain",)).get_content()
    assert closing["Content-Language"] == "ar"
    assert body.count(f"http://widgets.test/o/{team.organization.slug}/tasks/") == 3
    assert "مهمة 3" in body and "مهمة 0" not in body  # the newest three


def test_nudge_and_digest_emails_link_to_the_panel_in_the_members_language(
    session: Session,
    team: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    organizations.set_signup_notice(session, team.organization, "editor@ngo.example", "off")
    owner = session.scalar(select(User).where(User.email == OWNER))
    assert owner is not None
    owner.locale = "fr"
    session.commit()
    late = _age(session, make_signup(session, team, make_task(session, team)), timedelta(days=4))
    followup_notices.enqueue_nudges(session, now=utcnow())
    followup_notices.enqueue_owner_digests(session, now=utcnow(), from_hour=0)

    mail_worker.run(drain=True)

    subjects = {m["Subject"]: m for m in smtp_sink.to(OWNER)}
    title = late.task.text_for("fr").title
    nudge = subjects[f"En retard : un·e bénévole n’a pas reçu de réponse pour « {title} »"]
    assert f"http://widgets.test/admin/volunteers/{late.public_id}?locale=fr" in (
        nudge.get_body(("plain",)).get_content()
    )
    digest = subjects[f"Inscriptions en attente de réponse chez {team.organization.name}"]
    body = digest.get_body(("plain",)).get_content()
    assert "En retard depuis le" in body and "Layla Haddad" in body
    assert "http://widgets.test/admin/volunteers?needs_reply=1&locale=fr" in body
