"""The privacy page (export, erase after asking, retention, consent texts; owners only) and
each member's own notification choice, over HTTP."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import AuditEntry, Membership, Organization, Role, Signup, SignupNotice
from widget_server.services.personal_data import consent

EMAIL = "rania@example.org"


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def _audit_text(session: Session) -> str:
    entries = session.scalars(select(AuditEntry)).all()
    return json.dumps([(e.action, e.target, e.details) for e in entries])


def test_one_persons_data_downloads_as_json_and_the_log_keeps_no_address(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_signup(session, org, make_task(session, org), email=EMAIL)
    answer = post(owner, "/admin/privacy/export", {"email": "Rania@Example.org"})
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == 'attachment; filename="person-export.json"'
    data = json.loads(answer.get_data(as_text=True))
    assert data["email"] == EMAIL and len(data["signups"]) == 1
    assert "privacy.export" in _audit_text(session) and "rania" not in _audit_text(session)


def test_erasing_shows_what_will_go_then_leaves_no_copy(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_signup(session, org, make_task(session, org), email=EMAIL)
    asked = post(owner, "/admin/privacy/erase", {"email": EMAIL})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Erase this person?" in page and "1 sign-up" in page
    assert len(session.scalars(select(Signup)).all()) == 1
    done = post(owner, "/admin/privacy/erase", {"email": EMAIL, "confirm": "yes"})
    assert done.status_code == 303
    session.expire_all()
    assert session.scalars(select(Signup)).all() == []
    assert "privacy.erase" in _audit_text(session) and "rania" not in _audit_text(session)


def test_bad_input_is_refused_per_field_in_the_admins_language_keeping_what_was_typed(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    refused = post(owner, "/admin/privacy/erase?locale=fr", {"email": "<i>nope</i>"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'value="&lt;i&gt;nope&lt;/i&gt;"' in html and "<i>nope" not in html
    assert "Saisissez une adresse e-mail valide" in html
    refused = post(owner, "/admin/privacy/retention?locale=ar", {"retention_days": "0"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="0"' in html
    assert 'lang="ar"' in html and "Enter a number" not in html
    session.refresh(org.organization)
    assert org.organization.retention_days != 0
    assert post(owner, "/admin/privacy/consent/en", {"text_en": ""}).status_code == 422
    assert post(owner, "/admin/privacy/consent/de", {"text_de": "x"}).status_code == 404


def test_retention_and_consent_texts_are_saved(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    assert post(owner, "/admin/privacy/retention", {"retention_days": "90"}).status_code == 303
    text = "نحفظ بياناتك لتنظيم التطوع فقط."
    assert post(owner, "/admin/privacy/consent/ar", {"text_ar": text}).status_code == 303
    session.expire_all()
    assert session.get(Organization, org.organization.id).retention_days == 90
    version = consent.current_version(session, org.organization.id, "ar")
    assert version == consent.version_of(text)
    page = owner.get("/admin/privacy").get_data(as_text=True)
    assert version in page and consent.BUILTIN_VERSION in page and text in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_only_owners_reach_privacy(
    client: FlaskClient, session: Session, org: OrgWithKeys, role: Role
) -> None:
    sign_in(client, add_member(session, org, f"{role.value}@example.org", role))
    assert client.get("/admin/privacy").status_code == 403
    assert post(client, "/admin/privacy/erase", {"email": EMAIL}).status_code == 403


def test_every_member_chooses_how_they_hear_of_sign_ups(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    sign_in(client, add_member(session, org, "viewer@example.org", Role.VIEWER))
    page = client.get("/admin/account/notifications").get_data(as_text=True)
    assert 'value="immediate" checked' in page
    refused = post(client, "/admin/account/notifications?locale=fr", {"signup_notice": "<x>"})
    assert refused.status_code == 422 and "&lt;x&gt;" not in refused.get_data(as_text=True)
    assert "Choisissez" in refused.get_data(as_text=True)
    saved = post(client, "/admin/account/notifications", {"signup_notice": "daily"})
    assert saved.status_code == 303
    membership = session.scalars(select(Membership).where(Membership.role == Role.VIEWER)).one()
    session.refresh(membership)
    assert membership.signup_notice is SignupNotice.DAILY
