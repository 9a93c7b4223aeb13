"""Which emails each sign-up change queues, in the same transaction and without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import MessageStatus, OutboxMessage
from widget_server.services.access import organizations
from widget_server.services.errors import Conflict
from widget_server.services.outbound import scheduled_notices
from widget_server.services.volunteering import signups
from widget_server.worker.worker_loop import Worker


def _sign_up(client: FlaskClient, org: OrgWithKeys, task_id: str, **overrides: object) -> str:
    response = client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(**overrides),
    )
    assert response.status_code == 201, response.json
    return response.json["signup"]["id"]


def _queued(session: Session) -> list[tuple[str, str]]:
    session.expire_all()
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [(m.payload["template"], m.payload["to"]) for m in rows]


@pytest.fixture
def org_with_owner(session: Session) -> OrgWithKeys:
    return make_org(session, admin_email="owner@ngo.example")


def test_signup_request_queues_its_emails_and_sends_nothing_itself(
    client: FlaskClient, session: Session, org_with_owner: OrgWithKeys, smtp_sink: SmtpSink
) -> None:
    client.application.config["SMTP_URL"] = smtp_sink.url
    task = make_task(session, org_with_owner)

    _sign_up(client, org_with_owner, task.public_id, email="rana@example.org")

    assert _queued(session) == [
        ("confirm_email", "rana@example.org"),
        ("admin_new_signup", "owner@ngo.example"),
    ]
    assert set(session.scalars(select(OutboxMessage.status))) == {MessageStatus.PENDING}
    assert smtp_sink.messages == []  # the request itself opened no connection


def test_refused_signup_leaves_no_message_behind(
    client: FlaskClient, session: Session, org_with_owner: OrgWithKeys
) -> None:
    task = make_task(session, org_with_owner, capacity=1, waitlist=False)
    _sign_up(client, org_with_owner, task.public_id)
    before = _queued(session)

    full = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org_with_owner.publishable}",
        json=signup_payload(),
    )

    assert full.status_code == 409
    assert _queued(session) == before


def test_full_task_with_waitlist_tells_the_volunteer_they_are_waitlisted(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    _sign_up(client, org, task.public_id)
    _sign_up(client, org, task.public_id, email="second@example.org")
    assert ("waitlisted", "second@example.org") in _queued(session)


def test_organizations_decisions_are_emailed_and_promotion_from_the_waitlist_says_a_place_is_free(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    first = _sign_up(client, org, task.public_id, email="first@example.org")
    second = _sign_up(client, org, task.public_id, email="second@example.org")
    organization = org.organization

    signups.change_status(session, organization, first, "accepted")
    signups.change_status(session, organization, first, "declined")
    signups.change_status(session, organization, second, "accepted")

    queued = _queued(session)
    assert ("accepted", "first@example.org") in queued
    assert ("declined", "first@example.org") in queued
    assert ("slot_freed", "second@example.org") in queued


def test_refused_status_change_queues_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    _sign_up(client, org, task.public_id)
    waiting = _sign_up(client, org, task.public_id)
    before = _queued(session)
    with pytest.raises(Conflict):
        signups.change_status(session, org.organization, waiting, "accepted")
    assert _queued(session) == before


def test_members_on_a_daily_digest_get_one_email_a_day_listing_new_signups(
    client: FlaskClient, session: Session, org_with_owner: OrgWithKeys
) -> None:
    organizations.set_signup_notice(
        session, org_with_owner.organization, "owner@ngo.example", "daily"
    )
    task = make_task(session, org_with_owner)
    _sign_up(client, org_with_owner, task.public_id, name="Omar")
    _sign_up(client, org_with_owner, task.public_id, name="Rana")
    assert all(template != "admin_new_signup" for template, _ in _queued(session))

    now = utcnow()
    assert scheduled_notices.enqueue_digests(session, now=now) == 1
    assert scheduled_notices.enqueue_digests(session, now=now + timedelta(minutes=5)) == 0

    digest = session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("digest:%"))
    ).one()
    assert [s["volunteer_name"] for s in digest.payload["context"]["signups"]] == ["Omar", "Rana"]
    tomorrow = now + timedelta(days=1)
    assert scheduled_notices.enqueue_digests(session, now=tomorrow) == 0  # nothing new


def _starting_in(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def test_reminder_is_queued_once_per_confirmed_signup_of_a_task_starting_soon(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    soon = make_task(session, org, starts_at=_starting_in(10), capacity=None)
    later = make_task(session, org, starts_at=_starting_in(24 * 7), capacity=None)
    confirmed = _sign_up(client, org, soon.public_id, email="ready@example.org")
    _sign_up(client, org, soon.public_id, email="unconfirmed@example.org")
    _sign_up(client, org, later.public_id, email="later@example.org")
    signups.change_status(session, org.organization, confirmed, "confirmed")

    now = utcnow()
    first = scheduled_notices.enqueue_reminders(session, now=now, hours_before=24)
    again = scheduled_notices.enqueue_reminders(session, now=now, hours_before=24)

    assert (first, again) == (1, 0)
    reminders = [to for template, to in _queued(session) if template == "reminder"]
    assert reminders == ["ready@example.org"]


def test_reminder_email_offers_list_unsubscribe_and_gives_the_local_start_time(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org, starts_at=_starting_in(5), timezone="Asia/Beirut", capacity=None)
    signup_id = _sign_up(client, org, task.public_id, email="ready@example.org", locale="fr")
    signups.change_status(session, org.organization, signup_id, "accepted")
    scheduled_notices.enqueue_reminders(session, now=utcnow(), hours_before=24)

    mail_worker.run_once()

    [reminder] = [m for m in smtp_sink.to("ready@example.org") if "Rappel" in m["Subject"]]
    assert reminder["List-Unsubscribe"].startswith("<http://widgets.test/v/withdraw/")
    assert "(Asia/Beirut)" in reminder.get_body(("plain",)).get_content()
