"""The volunteer's conversation page from the signed link in their email: read in their
language and zone, answered there; bad input is refused in their language and stores
nothing."""

from __future__ import annotations

import time

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task
from tests.pages import element, elements, form_token
from tests.smtp_sink import SmtpSink
from tests.test_my_volunteering import _signed_in
from widget_server.models import Direction, Message, OutboxMessage, Signup
from widget_server.services import audit
from widget_server.services.messaging import sending
from widget_server.services.personal_data import privacy
from widget_server.services.volunteering import signups, volunteer_links
from widget_server.worker.worker_loop import Worker

SECRET = "test-secret-key"


def _accepted(session: Session, org: OrgWithKeys, **fields: str) -> Signup:
    signup = make_signup(session, org, make_task(session, org), **fields)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def _url(signup: Signup, **kw: float) -> str:
    token = volunteer_links.make_token(SECRET, "conversation", signup.public_id, **kw)
    return f"/v/conversation/{token}?locale={signup.locale}"


def _answer(client: FlaskClient, url: str, text: str) -> tuple[int, str]:
    shown = client.get(url)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    action = element(html, "form", method="post")["action"]
    response = client.post(action, data={"form_token": form_token(html), "message": text})
    return response.status_code, response.get_data(as_text=True)


def _stored(session: Session) -> tuple[int, int]:
    messages = session.scalar(select(func.count()).select_from(Message)) or 0
    outbox = session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    return messages, outbox


def test_the_volunteer_reads_the_conversation_in_arabic_in_their_zone_and_answers(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, locale="ar", timezone="Asia/Kolkata")
    sending.send_message(
        session, org.organization, [signup.public_id], "مرحبا {name}", by=audit.NOBODY
    )
    page = client.get(_url(signup)).get_data(as_text=True)
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "مرحبا Layla Haddad" in page and "Asia/Kolkata" in page
    status, _ = _answer(client, _url(signup), "شكرا، سأبدأ غدا")
    assert status == 303
    answer = session.scalars(select(Message).where(Message.direction == Direction.IN)).one()
    assert answer.body == "شكرا، سأبدأ غدا"
    assert "شكرا، سأبدأ غدا" in client.get(_url(signup) + "&sent=1").get_data(as_text=True)


def test_an_empty_or_oversized_answer_is_refused_in_the_volunteers_language(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, locale="fr")
    before = _stored(session)
    status, html = _answer(client, _url(signup), "   ")
    assert status == 422 and "Ce champ est obligatoire." in html
    status, html = _answer(client, _url(signup), "x" * 5001)
    assert status == 422 and "5" in html and 'aria-invalid="true"' in html
    assert _stored(session) == before


def test_a_tampered_or_expired_link_opens_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    url = _url(signup)
    tampered = url.replace("/conversation/", "/conversation/x")
    assert client.get(tampered).status_code == 400
    assert client.post(tampered, data={"message": "Hi"}).status_code == 400
    old = _url(signup, issued_at=time.time() - 401 * 24 * 3600)
    response = client.get(old)
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    withdraw = volunteer_links.make_token(SECRET, "withdraw", signup.public_id)
    assert client.get(f"/v/conversation/{withdraw}").status_code == 400
    assert _stored(session)[0] == 0


def test_a_closed_signup_shows_the_conversation_but_takes_no_answer(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    url = _url(signup)
    shown = client.get(url).get_data(as_text=True)
    signups.change_status(session, org.organization, signup.public_id, "withdrawn")
    before = _stored(session)
    action = element(shown, "form", method="post")["action"]
    response = client.post(action, data={"form_token": form_token(shown), "message": "Hi"})
    assert response.status_code == 409
    assert "closed" in response.get_data(as_text=True)
    assert 'name="message"' not in client.get(url).get_data(as_text=True)
    assert _stored(session) == before


def test_an_erased_volunteers_conversation_is_gone(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    url = _url(signup)
    privacy.erase_person(session, organization_id=org.organization.id, email=signup.email)
    assert client.get(url).status_code == 404


def test_my_volunteering_links_each_signup_to_its_conversation(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    first, second = _signed_in(client, session, smtp_sink, mail_worker)
    page = client.get("/my?locale=en").get_data(as_text=True)
    links = [a["href"] for a in elements(page, "a") if "/v/conversation/" in a.get("href", "")]
    assert len(links) == 2
    for link, signup in zip(links, (first, second), strict=True):
        shown = client.get(link).get_data(as_text=True)
        assert signup.task.text_for("en").title in shown
