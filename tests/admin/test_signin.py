"""Signing in and out of the admin panel: passwords, sessions, cookies, CSRF and throttling."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import PASSWORD, add_member, csrf_token, sign_in
from tests.factories import OrgWithKeys, make_org, make_task
from widget_server import create_app
from widget_server.models import Role, User
from widget_server.services.access import accounts, passwords
from widget_server.web.rate_limits import limiter


def _try(client: FlaskClient, email: str, password: str, **extra: str):  # noqa: ANN202
    data = {"email": email, "password": password, "csrf_token": csrf_token(client), **extra}
    return client.post("/admin/sign-in", data=data)


def test_the_right_password_opens_the_task_list(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    response = _try(client, "owner@example.org", PASSWORD)
    assert response.status_code == 303
    page = client.get(response.location, follow_redirects=True)
    assert "Tasks" in page.get_data(as_text=True)
    assert org.organization.name in page.get_data(as_text=True)


def test_a_wrong_password_or_unknown_email_gets_one_plain_answer_keeping_the_email(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    wrong_password = _try(client, "owner@example.org", "not the password")
    unknown = _try(client, "nobody@example.org", PASSWORD)
    for response, email in ((wrong_password, "owner@example.org"), (unknown, "nobody@example.org")):
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "The email address or the password is not right." in html
        assert f'value="{email}"' in html
        assert "not the password" not in html
    assert client.get("/admin/tasks").status_code == 303


def test_empty_fields_are_named_in_the_admins_language(client: FlaskClient) -> None:
    client.post(
        "/admin/language", data={"locale": "fr", "csrf_token": csrf_token(client), "next": ""}
    )
    html = _try(client, "", "").get_data(as_text=True)
    assert 'lang="fr"' in html
    assert html.count("Ce champ est obligatoire.") == 2


def test_signing_in_starts_a_new_session_with_safe_cookie_flags(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
        before["sid"] = "planted-session-id"
    response = _try(client, "owner@example.org", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # PUBLIC_URL is http:// in tests
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["sid"] != "planted-session-id"


def test_cookies_are_secure_when_the_server_is_served_over_https(
    database_url: str, tmp_path: Path, session: Session, org: OrgWithKeys
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "PUBLIC_URL": "https://volunteer.example",
            "RATELIMIT_ENABLED": False,
        }
    )
    add_member(session, org, "owner@example.org", Role.OWNER)
    client = app.test_client()
    response = _try(client, "owner@example.org", PASSWORD)
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["db_engine"].dispose()


def test_a_redirect_after_sign_in_never_leaves_the_admin_panel(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    response = _try(client, "owner@example.org", PASSWORD, next="https://evil.example/")
    assert response.location == "/admin/"
    client.post("/admin/sign-out", data={"csrf_token": csrf_token(client, "/admin/tasks")})
    response = _try(client, "owner@example.org", PASSWORD, next="/admin/tasks?status=open")
    assert response.location == "/admin/tasks?status=open"


def test_a_form_without_its_csrf_token_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    sign_in(client, "owner@example.org")
    refused = client.post("/admin/sign-out")
    assert refused.status_code == 400
    assert "This form has expired" in refused.get_data(as_text=True)
    assert client.get("/admin/tasks").status_code == 200  # still signed in
    created = client.post("/admin/tasks/new", data={"title_en": "Forged", "category": "writing"})
    assert created.status_code == 400


def test_signing_out_takes_a_post_and_ends_the_session(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    sign_in(client, "owner@example.org")
    assert client.get("/admin/sign-out").status_code == 405
    token = csrf_token(client, "/admin/tasks")
    assert client.post("/admin/sign-out", data={"csrf_token": token}).status_code == 303
    assert client.get("/admin/tasks").status_code == 303


def test_changing_the_password_signs_out_every_session(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    sign_in(client, "owner@example.org")
    user = session.scalar(select(User).where(User.email == "owner@example.org"))
    accounts.set_password(session, user, "a brand new password")
    session.commit()
    assert client.get("/admin/tasks").status_code == 303


@pytest.mark.password_cost
def test_an_old_weaker_hash_is_upgraded_at_sign_in(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    user = session.scalar(select(User).where(User.email == "owner@example.org"))
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    session.commit()
    assert passwords.needs_rehash(user.password_hash)
    sign_in(client, "owner@example.org")
    session.refresh(user)
    assert not passwords.needs_rehash(user.password_hash)
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_a_member_of_two_organizations_switches_between_them(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    second = make_org(session, name="Second <b>Org</b>")
    stranger = make_org(session)
    make_task(session, org, translations={"en": {"title": "First org task"}})
    make_task(session, second, translations={"en": {"title": "Second org task"}})
    add_member(session, org, "both@example.org", Role.EDITOR)
    add_member(session, second, "both@example.org", Role.VIEWER)
    sign_in(client, "both@example.org")
    first_page = client.get("/admin/tasks").get_data(as_text=True)
    assert "First org task" in first_page and "Second org task" not in first_page
    assert "Second &lt;b&gt;Org&lt;/b&gt;" in first_page  # the switcher shows names as text

    token = csrf_token(client, "/admin/tasks")
    client.post(
        "/admin/organization",
        data={"organization": second.organization.id, "csrf_token": token},
    )
    second_page = client.get("/admin/tasks").get_data(as_text=True)
    assert "Second org task" in second_page and "First org task" not in second_page
    assert "New task" not in second_page  # a viewer there

    client.post(
        "/admin/organization",
        data={"organization": stranger.organization.id, "csrf_token": token},
    )
    assert "Second org task" in client.get("/admin/tasks").get_data(as_text=True)


def test_the_language_switch_turns_the_panel_right_to_left(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    sign_in(client, "owner@example.org")
    token = csrf_token(client, "/admin/tasks")
    response = client.post(
        "/admin/language", data={"locale": "ar", "next": "/admin/tasks", "csrf_token": token}
    )
    assert response.location == "/admin/tasks"
    html = client.get("/admin/tasks").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    user = session.scalar(select(User).where(User.email == "owner@example.org"))
    session.refresh(user)
    assert user.locale == "ar"


@pytest.fixture
def limited_app(app: Flask) -> Flask:
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_SIGNIN_PER_ACCOUNT="3 per minute",
        RATE_LIMIT_SIGNIN_PER_IP="6 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )
    limiter.init_app(app)  # again, now enabled, with a fresh in-memory store
    return app


def test_failed_sign_ins_are_throttled_per_account_with_a_localized_page(
    limited_app: Flask, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    client = limited_app.test_client()
    client.post("/admin/language", data={"locale": "ar", "csrf_token": csrf_token(client)})
    for _ in range(3):
        assert _try(client, "owner@example.org", "wrong password").status_code == 200
    blocked = _try(client, "Owner@Example.org", PASSWORD)
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert "Too many requests" not in html  # in Arabic, not English
    assert "Retry-After" in blocked.headers
    # Another account from the same address is not locked out by this one.
    add_member(session, org, "editor@example.org", Role.EDITOR)
    assert _try(client, "editor@example.org", PASSWORD).status_code == 303


def test_look_alike_spellings_of_an_address_share_one_account_and_its_limit(
    limited_app: Flask, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    client = limited_app.test_client()
    assert _try(client, "OWNER@ｅｘａｍｐｌｅ.org", PASSWORD).status_code == 303
    client = limited_app.test_client()
    for spelling in ("owner@ｅｘａｍｐｌｅ.org", "ｏｗｎｅｒ@example.org", "Owner@EXAMPLE.ORG"):
        assert _try(client, spelling, "wrong password").status_code == 200
    assert _try(client, "owner@example.org", PASSWORD).status_code == 429


def test_failed_sign_ins_are_throttled_per_address_across_accounts(
    limited_app: Flask, session: Session, org: OrgWithKeys
) -> None:
    client = limited_app.test_client()
    statuses = [_try(client, f"guess{n}@example.org", "password1234").status_code for n in range(7)]
    assert statuses == [200] * 6 + [429]


def test_successful_sign_ins_do_not_count_towards_the_limit(
    limited_app: Flask, session: Session, org: OrgWithKeys
) -> None:
    add_member(session, org, "owner@example.org", Role.OWNER)
    for _ in range(5):
        client = limited_app.test_client()
        assert _try(client, "owner@example.org", PASSWORD).status_code == 303
