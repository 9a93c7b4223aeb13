"""Password reset and invitations: links sent through the outbox to a real SMTP server,
working once, for a limited time, and saying plainly when they do not."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member, csrf_token, post, sign_in
from tests.factories import OrgWithKeys, make_org
from tests.smtp_sink import SmtpSink
from widget_server.models import Membership, OutboxMessage, Role, User
from widget_server.services import passwords
from widget_server.worker import Worker

NEW_PASSWORD = "a much longer new password"


def _link(smtp_sink: SmtpSink, to: str, prefix: str) -> str:
    [message] = smtp_sink.to(to)
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if word.startswith(prefix))


def _ask_for_reset(client: FlaskClient, email: str):  # noqa: ANN202
    return client.post(
        "/admin/password/forgot", data={"email": email, "csrf_token": csrf_token(client)}
    )


def test_a_reset_link_arrives_by_email_and_sets_a_new_password_once(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    asked = _ask_for_reset(client, "owner@example.org")
    assert asked.status_code == 200 and "is on its way" in asked.get_data(as_text=True)
    assert smtp_sink.to("owner@example.org") == []  # the view only queued it
    mail_worker.run_once()
    link = _link(smtp_sink, "owner@example.org", "http://widgets.test/admin/password/reset/")
    path = link.removeprefix("http://widgets.test")

    form = client.get(path)
    assert form.status_code == 200
    token = csrf_token(client, path)
    mismatch = client.post(
        path, data={"password": NEW_PASSWORD, "confirm": "something else", "csrf_token": token}
    )
    assert mismatch.status_code == 422
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    short = client.post(path, data={"password": "short", "confirm": "short", "csrf_token": token})
    assert "at least 10 characters" in short.get_data(as_text=True)

    done = client.post(
        path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    )
    assert done.status_code == 303
    assert client.get("/admin/tasks").status_code == 200  # signed in
    user = session.scalar(select(User).where(User.email == "owner@example.org"))
    session.refresh(user)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)

    again = client.get(path)
    assert again.status_code == 410
    assert "This link was already used." in again.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    asked = _ask_for_reset(client, "nobody@example.org")
    assert asked.status_code == 200 and "is on its way" in asked.get_data(as_text=True)
    assert session.scalars(select(OutboxMessage)).all() == []


def test_asking_again_and_again_queues_one_email(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    for _ in range(3):
        _ask_for_reset(client, "owner@example.org")
    assert len(session.scalars(select(OutboxMessage)).all()) == 1


def test_a_tampered_or_expired_link_says_so_in_the_readers_language(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    _ask_for_reset(client, "owner@example.org")
    mail_worker.run_once()
    path = _link(smtp_sink, "owner@example.org", "http://").removeprefix("http://widgets.test")
    path = path.split("?")[0]
    tampered = client.get(path[:-3] + "abc?locale=fr")
    assert tampered.status_code == 400
    assert "Ce lien n’est pas valide" in tampered.get_data(as_text=True)
    app.config["RESET_LINK_SECONDS"] = -1
    expired = client.get(path + "?locale=ar")
    assert expired.status_code == 410
    html = expired.get_data(as_text=True)
    assert 'dir="rtl"' in html and "This link has expired" not in html


def test_an_invitation_makes_a_new_member_with_the_role_given(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    sent = post(client, "/admin/invitations/new", {"email": "new@example.org", "role": "editor"})
    assert sent.status_code == 303
    mail_worker.run_once()
    [message] = smtp_sink.to("new@example.org")
    assert org.organization.name in message["Subject"]
    path = _link(smtp_sink, "new@example.org", "http://").removeprefix("http://widgets.test")

    stranger = client.application.test_client()
    page = stranger.get(path)
    assert page.status_code == 200
    assert "new@example.org" in page.get_data(as_text=True)
    token = csrf_token(stranger, path)
    joined = stranger.post(path, data={"password": NEW_PASSWORD, "csrf_token": token})
    assert joined.status_code == 303
    assert stranger.get("/admin/tasks").status_code == 200
    assert stranger.get("/admin/tasks/new").status_code == 200  # an editor
    assert stranger.get("/admin/invitations/new").status_code == 403  # not an owner
    user = session.scalar(select(User).where(User.email == "new@example.org"))
    membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.role is Role.EDITOR
    assert membership.organization_id == org.organization.id


def test_an_existing_account_joins_a_second_organization_with_its_own_password(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    other = make_org(session)
    add_member(session, other, "helper@example.org", Role.VIEWER)
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    post(client, "/admin/invitations/new", {"email": "helper@example.org", "role": "viewer"})
    mail_worker.run_once()
    path = _link(smtp_sink, "helper@example.org", "http://").removeprefix("http://widgets.test")
    helper = client.application.test_client()
    token = csrf_token(helper, path)
    wrong = helper.post(path, data={"password": "not my password", "csrf_token": token})
    assert wrong.status_code == 422
    assert "This is not the password of this account." in wrong.get_data(as_text=True)
    assert helper.post(path, data={"password": PASSWORD, "csrf_token": token}).status_code == 303
    html = helper.get("/admin/tasks").get_data(as_text=True)
    assert org.organization.name in html and other.organization.name in html  # the switcher


def test_an_invitation_form_with_a_bad_address_or_role_keeps_what_was_typed(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    refused = post(client, "/admin/invitations/new", {"email": "not an email<b>", "role": "king"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'value="not an email&lt;b&gt;"' in html
    assert session.scalars(select(OutboxMessage)).all() == []
