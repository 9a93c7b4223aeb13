"""An address already signed up, sent again (by its owner or by anyone who knows it):
the caller is answered as for a new sign-up and learns nothing of the first one, which
does not change; its owner is told by email, in their language, with their links."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task, signup_payload
from tests.pages import element
from tests.smtp_sink import SmtpSink
from tests.test_frames import form_data, signup_url
from widget_server.models import OutboxMessage, Signup, SignupStatus, Task
from widget_server.services.volunteering import signups
from widget_server.worker.worker_loop import Worker


def _api(client: FlaskClient, org: OrgWithKeys, task: Task, **kw: Any) -> Any:
    return client.post(f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}", **kw)


def _accepted(session: Session, org: OrgWithKeys, task: Task, **overrides: Any) -> Signup:
    signup = make_signup(session, org, task, **overrides)
    signups.change_status(session, org.organization, signup.public_id, "accepted")
    return signup


def _unchanged(session: Session, signup: Signup) -> dict[str, Any]:
    session.expire_all()
    row = session.get(Signup, signup.id)
    return {
        "status": row.status,
        "holds_slot": row.holds_slot,
        "name": row.name,
        "locale": row.locale,
        "message": row.message,
        "updated": row.status_changed_at,
    }


def test_a_repeat_gets_the_answer_a_new_signup_gets_under_an_id_that_names_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=3)
    first = _accepted(session, org, task, email="layla@example.org", locale="fr")
    before = _unchanged(session, first)
    new = _api(client, org, task, json=signup_payload(email="sam@example.org"))

    again = _api(
        client,
        org,
        task,
        json=signup_payload(email="Layla@Example.ORG", name="Someone Else", message="hi"),
    )

    assert again.status_code == new.status_code == 201
    answer, fresh = again.json["signup"], new.json["signup"]
    assert answer.keys() == fresh.keys()
    assert answer["status"] == "pending" and answer["holds_slot"] is True
    assert (answer["respond_by"] is None) == (fresh["respond_by"] is None)
    assert answer["id"] != first.public_id and answer["id"].startswith("sgn_")
    assert session.scalar(select(Signup).where(Signup.public_id == answer["id"])) is None
    assert _unchanged(session, first) == before
    assert session.scalar(select(func.count()).select_from(Signup)) == 2


def test_a_repeat_on_a_full_task_is_answered_as_a_new_signup_would_be(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    waiting = make_task(session, org, capacity=1, waitlist=True)
    closed = make_task(session, org, capacity=1, waitlist=False)
    _accepted(session, org, waiting, email="layla@example.org")
    _accepted(session, org, closed, email="layla@example.org")

    on_waitlist = _api(client, org, waiting, json=signup_payload(email="layla@example.org"))
    refused = _api(client, org, closed, json=signup_payload(email="layla@example.org"))

    assert on_waitlist.status_code == 201
    assert on_waitlist.json["signup"]["status"] == "waitlisted"
    assert on_waitlist.json["signup"]["holds_slot"] is False
    assert refused.status_code == 409 and refused.json["error"]["code"] == "task_full"


def test_the_owner_of_the_address_is_told_in_their_language_with_their_links(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task, email="layla@example.org", locale="ar")
    mail_worker.run_once()
    [confirmation] = smtp_sink.to("layla@example.org")

    for _ in range(3):  # a stranger repeating it does not flood the inbox: once a day
        _api(client, org, task, json=signup_payload(email="layla@example.org", locale="en"))
    mail_worker.run_once()

    [_, message] = smtp_sink.to("layla@example.org")
    assert message["Message-ID"] != confirmation["Message-ID"]
    assert message["Content-Language"] == "ar"
    assert "ترجمة نشرتنا الإخبارية" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "/v/confirm/" in text  # still unconfirmed: the confirmation link comes again
    assert "/v/withdraw/" in text and "/v/erase/" in text


def test_an_idempotency_key_replays_the_repeats_answer(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task, email="layla@example.org")
    payload = signup_payload(email="layla@example.org")
    headers = {"Idempotency-Key": "repeat-1"}

    first = _api(client, org, task, json=payload, headers=headers)
    replay = _api(client, org, task, json=payload, headers=headers)

    assert first.status_code == replay.status_code == 201
    assert replay.json == first.json
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) <= 2


def test_the_iframe_form_shows_a_repeat_the_page_a_new_signup_gets(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    first = _accepted(session, org, task, email="layla@example.org")

    new = client.post(signup_url(org, task), data=form_data(org, task, email="sam@example.org"))
    again = client.post(signup_url(org, task), data=form_data(org, task))

    assert again.status_code == new.status_code == 200
    assert element(again.text, "html")["data-signup-status"] == "pending"
    assert "Thank you for signing up" in new.text and "Thank you for signing up" in again.text
    assert "accepted" not in again.text.lower() and "already" not in again.text.lower()
    session.expire_all()
    assert session.get(Signup, first.id).status is SignupStatus.ACCEPTED
