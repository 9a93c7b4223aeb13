"""Admin sessions end for good: a cookie copied before its session ended opens nothing.

Signing out, signing out everywhere, a password change and removal from an organization
end sessions; so do the idle and absolute lifetimes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, csrf_token, post, sign_in
from tests.factories import OrgWithKeys, make_org
from widget_server.db import utcnow
from widget_server.models import AdminSession, Membership, Role, User
from widget_server.services.access import accounts


def _copy_of(client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of this one's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = client.application.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email)
    return client


def _opens_the_panel(client: FlaskClient) -> bool:
    return client.get("/admin/tasks").status_code == 200


def test_a_cookie_copied_before_signing_out_opens_nothing_afterwards(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    copy = _copy_of(owner)
    assert _opens_the_panel(copy)

    assert post(owner, "/admin/sign-out").status_code == 303

    assert not _opens_the_panel(owner)
    assert not _opens_the_panel(copy)
    assert session.scalars(select(AdminSession)).all() == []


def test_signing_out_here_leaves_the_same_persons_other_devices_signed_in(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    email = add_member(session, org, "owner@example.org", Role.OWNER)
    laptop, phone = _signed_in(app, email), _signed_in(app, email)
    post(laptop, "/admin/sign-out")
    assert _opens_the_panel(phone)


def test_signing_out_everywhere_ends_every_session_of_the_account_and_only_its_own(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    email = add_member(session, org, "owner@example.org", Role.OWNER)
    laptop, phone = _signed_in(app, email), _signed_in(app, email)
    copy = _copy_of(phone)
    colleague = _signed_in(app, add_member(session, org, "editor@example.org", Role.EDITOR))
    assert 'action="/admin/sign-out-everywhere"' in laptop.get("/admin/tasks").get_data(
        as_text=True
    )

    done = post(laptop, "/admin/sign-out-everywhere")

    assert done.status_code == 303 and done.location == "/admin/sign-in"
    assert not any(_opens_the_panel(c) for c in (laptop, phone, copy))
    assert _opens_the_panel(colleague)


def test_signing_out_everywhere_takes_a_post_with_the_forms_token(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    assert owner.get("/admin/sign-out-everywhere").status_code == 405
    assert owner.post("/admin/sign-out-everywhere").status_code == 400  # no CSRF token
    assert _opens_the_panel(owner)


@pytest.mark.parametrize(
    ("locale", "label"),
    [
        ("en", "Sign out everywhere"),
        ("fr", "Se déconnecter partout"),
        ("ar", "تسجيل الخروج من كل الأجهزة"),
    ],
)
def test_the_sign_out_everywhere_button_speaks_the_admins_language(
    app: Flask, session: Session, org: OrgWithKeys, locale: str, label: str
) -> None:
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    assert label in owner.get(f"/admin/tasks?locale={locale}").get_data(as_text=True)


def test_a_password_change_ends_every_earlier_session(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    copy = _copy_of(owner)
    user = session.scalar(select(User).where(User.email == "owner@example.org"))
    accounts.set_password(session, user, "a brand new password")
    session.commit()
    assert not _opens_the_panel(owner) and not _opens_the_panel(copy)
    assert _opens_the_panel(_signed_in_with(app, "owner@example.org", "a brand new password"))


def _signed_in_with(app: Flask, email: str, password: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email, password)
    return client


def test_removal_from_an_organization_ends_the_members_sessions_everywhere(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    add_member(session, org, "both@example.org", Role.EDITOR)
    add_member(session, other, "both@example.org", Role.EDITOR)
    member = _signed_in(app, "both@example.org")
    copy = _copy_of(member)
    membership = session.scalar(
        select(Membership)
        .join(User)
        .where(User.email == "both@example.org", Membership.organization_id == org.organization.id)
    )

    post(owner, f"/admin/team/{membership.id}/remove")

    # Still a member of the other organization, but every earlier cookie is dead.
    assert not _opens_the_panel(member) and not _opens_the_panel(copy)
    assert _opens_the_panel(_signed_in(app, "both@example.org"))


def test_a_session_left_idle_longer_than_the_idle_lifetime_ends(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    app.config["SESSION_IDLE_SECONDS"] = 600
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    session.execute(update(AdminSession).values(last_seen_at=utcnow() - timedelta(seconds=590)))
    session.commit()
    assert _opens_the_panel(owner)  # used within the idle time: it goes on
    session.execute(update(AdminSession).values(last_seen_at=utcnow() - timedelta(seconds=601)))
    session.commit()
    assert owner.get("/admin/tasks").status_code == 303
    assert session.scalars(select(AdminSession)).all() == []


def test_a_session_in_use_still_ends_at_its_absolute_lifetime(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    app.config["SESSION_MAX_SECONDS"] = 3600
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    session.execute(update(AdminSession).values(created_at=utcnow() - timedelta(seconds=3601)))
    session.commit()
    assert owner.get("/admin/tasks").status_code == 303


def test_lifetimes_are_settings_and_the_cookie_lasts_no_longer_than_a_session(
    app: Flask,
) -> None:
    assert app.config["SESSION_IDLE_SECONDS"] == 2 * 3600
    assert app.config["SESSION_MAX_SECONDS"] == 12 * 3600
    assert app.permanent_session_lifetime == timedelta(hours=12)


def test_the_cookie_names_a_session_the_database_knows_only_by_its_hash(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    owner = _signed_in(app, add_member(session, org, "owner@example.org", Role.OWNER))
    with owner.session_transaction() as cookie:
        token = cookie["sid"]
        assert "uid" not in cookie
    [row] = session.scalars(select(AdminSession)).all()
    assert len(token) >= 43 and token not in row.token_hash
    assert csrf_token(owner, "/admin/tasks")
