"""The follow-up promise as the volunteer meets it: on the form's success screen, in the
public API's answer and in their emails, in their language and time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ORIGIN, OrgWithKeys, make_task, signup_payload
from tests.pages import element, press_the_button
from tests.smtp_sink import SmtpSink
from tests.test_frames import form_data, signup_url
from widget_server.models import Organization, Signup, SignupStatus, Task
from widget_server.services.follow_up import followup
from widget_server.services.volunteering import signups, volunteer_links
from widget_server.worker.worker_loop import Worker


def _promised_day(signup: Signup, days: int, zone: str, locale: str) -> str:
    due = signup.created_at + timedelta(days=days)
    return format_date(due.astimezone(ZoneInfo(zone)).date(), "full", locale=locale)


def _only_signup(session: Session) -> Signup:
    session.expire_all()
    signup = session.scalar(select(Signup))
    assert signup is not None
    return signup


def test_success_screen_promises_an_answer_by_a_day_in_the_volunteers_language(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    org.organization.response_days = 5
    session.commit()
    task = make_task(session, org, timezone="Pacific/Kiritimati")

    response = client.post(signup_url(org, task, locale="fr"), data=form_data(org, task))

    signup = _only_signup(session)
    html = response.get_data(as_text=True)
    assert element(html, "p", **{"class": "vw-promise"}) is not None
    expected = _promised_day(signup, 5, "Pacific/Kiritimati", "fr")
    assert f"{org.organization.name} vous répondra au plus tard le {expected}." in html


def test_api_answer_gives_respond_by_while_a_promise_stands(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"

    first = client.post(url, json=signup_payload(email="a@example.org"), headers={"Origin": ORIGIN})
    waitlisted = client.post(url, json=signup_payload(), headers={"Origin": ORIGIN})

    signup = signups.get_signup(session, org.organization, first.json["signup"]["id"])
    promised = datetime.fromisoformat(first.json["signup"]["respond_by"])
    assert promised == signup.created_at + timedelta(days=3)
    assert waitlisted.json["signup"]["respond_by"] is None
    signups.change_status(session, org.organization, signup.public_id, "accepted")
    again = client.post(url, json=signup_payload(email="a@example.org"), headers={"Origin": ORIGIN})
    # Answered as a newcomer would be on the now full task: waitlisted, nothing promised.
    assert again.status_code == 201 and again.json["signup"]["respond_by"] is None


def test_the_volunteers_own_zone_wins_then_the_tasks_then_the_organizations() -> None:
    organization = Organization(timezone="Asia/Riyadh")
    task = Task(timezone="America/St_Johns")
    assert followup.volunteer_zone(Signup(timezone="Asia/Kolkata"), task, organization) == (
        "Asia/Kolkata"
    )
    assert followup.volunteer_zone(Signup(timezone=None), task, organization) == (
        "America/St_Johns"
    )
    assert followup.volunteer_zone(
        Signup(timezone="Not/AZone"), Task(timezone=""), organization
    ) == ("Asia/Riyadh")


def test_confirmation_email_promises_the_day_in_the_volunteers_language_and_zone(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org, timezone="America/St_Johns")
    client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(email="rana@example.org", locale="ar"),
        headers={"Origin": ORIGIN},
    )
    signup = _only_signup(session)

    mail_worker.run(drain=True)

    [confirm] = smtp_sink.to("rana@example.org")
    body = confirm.get_body(("plain",)).get_content()
    day = _promised_day(signup, 3, "America/St_Johns", "ar")
    assert f"ستتلقى ردًّا من {org.organization.name} في موعد أقصاه {day}." in body


def test_confirming_a_signup_closed_unanswered_says_so_and_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(locale="en"),
        headers={"Origin": ORIGIN},
    )
    signup = signups.get_signup(session, org.organization, response.json["signup"]["id"])
    signup.status = SignupStatus.EXPIRED
    signup.holds_slot = False
    session.commit()
    token = volunteer_links.make_token("test-secret-key", "confirm", signup.public_id)

    page = press_the_button(client, f"/v/confirm/{token}?locale=en").get_data(as_text=True)

    assert "This sign-up is closed" in page and "could not answer it in time" in page
    session.expire_all()
    assert signup.status is SignupStatus.EXPIRED
