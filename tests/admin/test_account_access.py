"""Password reset and invitations: links sent through the outbox to a real SMTP server,
working once, for a limited time, and saying plainly when they do not."""

from __future__ import annotations

import base64
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member, csrf_token, post, sign_in
from tests.factories import OrgWithKeys, make_org
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import Invitation, Membership, OutboxMessage, PasswordReset, Role, User
from widget_server.services.access import passwords
from widget_server.worker.worker_loop import Worker

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
    session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
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


def _invite(
    client: FlaskClient, smtp_sink: SmtpSink, mail_worker: Worker, email: str, role: str
) -> str:
    """Invite through the panel; the link's path, as the invitee receives it."""
    assert post(client, "/admin/invitations/new", {"email": email, "role": role}).status_code == 303
    mail_worker.run_once()
    link = smtp_sink.to(email.lower())[-1].get_body(("plain",)).get_content()  # normal form
    path = next(w for w in link.split() if w.startswith("http://widgets.test/admin/invitations/"))
    return path.removeprefix("http://widgets.test")


def _accept(app: Flask, path: str, password: str = NEW_PASSWORD):  # noqa: ANN202
    invitee = app.test_client()
    token = csrf_token(invitee, path)
    return invitee, invitee.post(path, data={"password": password, "csrf_token": token})


def test_an_invitation_link_works_once_even_after_the_member_is_removed(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    path = _invite(client, smtp_sink, mail_worker, "new@example.org", "editor")
    member, joined = _accept(app, path)
    assert joined.status_code == 303
    membership = session.scalar(
        select(Membership).join(User).where(User.email == "new@example.org")
    )
    post(client, f"/admin/team/{membership.id}/remove")

    again = member.get(path)
    assert again.status_code == 410
    assert "This link was already used." in again.get_data(as_text=True)
    rejoin = member.post(path, data={"password": NEW_PASSWORD, "csrf_token": csrf_token(member)})
    assert rejoin.status_code == 410
    assert member.get("/admin/tasks").status_code == 303
    assert (
        session.scalar(select(Membership).join(User).where(User.email == "new@example.org")) is None
    )


def test_owners_see_open_invitations_and_withdraw_one_whose_link_then_says_so(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    path = _invite(client, smtp_sink, mail_worker, "New@Example.org", "viewer")
    [invitation] = session.scalars(select(Invitation)).all()
    team = client.get("/admin/team?locale=fr").get_data(as_text=True)
    assert "Invitations en attente" in team and "<bdi>new@example.org</bdi>" in team
    editor = app.test_client()
    sign_in(editor, add_member(session, org, "editor@example.org", Role.EDITOR))
    assert "<bdi>new@example.org</bdi>" not in editor.get("/admin/team").get_data(as_text=True)
    assert post(editor, f"/admin/invitations/{invitation.public_id}/revoke").status_code == 403

    withdrawn = post(client, f"/admin/invitations/{invitation.public_id}/revoke")

    assert withdrawn.status_code == 303
    assert "<bdi>new@example.org</bdi>" not in client.get("/admin/team").get_data(as_text=True)
    page = app.test_client().get(path.split("?")[0] + "?locale=fr")
    assert page.status_code == 410
    assert "Cette invitation a été retirée." in page.get_data(as_text=True)
    log = client.get("/admin/audit?action=invitation.revoke").get_data(as_text=True)
    assert '<option value="invitation.revoke" selected>Invitation withdrawn' in log
    assert log.count('<td data-label="What">Invitation withdrawn</td>') == 1
    assert "new@example.org" in log
    other = make_org(session)
    stranger = app.test_client()
    sign_in(stranger, add_member(session, other, "them@example.org", Role.OWNER))
    assert post(stranger, f"/admin/invitations/{invitation.public_id}/revoke").status_code == 404


def test_an_invitation_expires_and_a_new_one_replaces_the_open_one(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    first = _invite(client, smtp_sink, mail_worker, "new@example.org", "viewer")
    second = _invite(client, smtp_sink, mail_worker, "new@example.org", "editor")
    assert app.test_client().get(first).status_code == 410  # replaced: withdrawn
    session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    expired = app.test_client().get(second)
    assert expired.status_code == 410
    assert "This link has expired." in expired.get_data(as_text=True)
    assert "<bdi>new@example.org</bdi>" not in client.get("/admin/team").get_data(as_text=True)


def test_removing_a_member_withdraws_invitations_still_open_for_them(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    member = add_member(session, org, "viewer@example.org", Role.VIEWER)
    path = _invite(client, smtp_sink, mail_worker, member, "owner")  # an upgrade, not used yet
    membership = session.scalar(select(Membership).join(User).where(User.email == member))
    post(client, f"/admin/team/{membership.id}/remove")
    _, used = _accept(app, path, PASSWORD)
    assert used.status_code == 410
    assert session.scalar(select(Membership).join(User).where(User.email == member)) is None


def test_invitation_and_reset_links_carry_only_a_random_id(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    invitation = _invite(client, smtp_sink, mail_worker, "layla.haddad@example.org", "editor")
    _ask_for_reset(client.application.test_client(), "owner@example.org")
    mail_worker.run_once()
    reset = _link(smtp_sink, "owner@example.org", "http://widgets.test/admin/password/reset/")
    for link, person in ((invitation, "layla.haddad"), (reset, "owner")):
        token = link.split("?")[0].rsplit("/", 1)[1]
        readable = [token] + [_decoded(part) for part in token.split(".")]
        assert not any(person in text or "example.org" in text for text in readable)
        public_id, _signature = token.split(".")
        assert len(public_id) == 22 and public_id.isalnum()  # ~131 random bits


def _decoded(part: str) -> str:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("latin-1")
    except ValueError:
        return ""
