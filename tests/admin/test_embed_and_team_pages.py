"""The embed page (snippets, theme, origins, keys shown once) and the team page, over HTTP."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_task
from widget_server.models import ApiKey, AuditEntry, KeyKind, Membership, Role


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def test_the_snippets_are_the_exact_embed_contract_with_the_chosen_options(
    owner: FlaskClient, org: OrgWithKeys
) -> None:
    html = owner.get("/admin/embed?s_locale=fr&s_layout=grid&s_theme=bogus").get_data(as_text=True)
    key = org.publishable
    assert (
        f"&lt;div data-volunteer-tasks data-key=&#34;{key}&#34; data-locale=&#34;fr&#34; "
        "data-layout=&#34;grid&#34;&gt;" in html
    )
    assert "data-theme=&#34;bogus" not in html
    assert "&lt;script async src=&#34;http://widgets.test/embed/v1/widget.js&#34;" in html
    assert f"http://widgets.test/embed/v1/board?key={key}" in html
    assert "http://widgets.test/o/" in html and "locale=fr" in html
    # The live preview is the real widget, from this server.
    assert f'data-key="{key}" data-locale="fr" data-layout="grid"' in html
    assert '<script async src="/embed/v1/widget.js"></script>' in html


def test_the_theme_reaches_every_widget_and_bad_values_keep_what_was_typed(
    owner: FlaskClient, client: FlaskClient, org: OrgWithKeys, session: Session
) -> None:
    make_task(session, org)
    refused = post(owner, "/admin/embed/theme", {"accent": "red;x", "theme": "dark"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="red;x"' in page and "six hexadecimal digits" in page
    saved = post(
        owner,
        "/admin/embed/theme",
        {"accent": "#B3261E", "theme": "dark", "layout": "grid", "locale": "ar"},
    )
    assert saved.status_code == 303
    listing = client.get(f"/api/v1/public/tasks?key={org.publishable}").get_json()
    assert listing["organization"]["widget"] == {
        "accent": "#b3261e", "on_accent": "#ffffff", "theme": "dark", "layout": "grid",
        "locale": "ar",
    }  # fmt: skip
    board = client.get(f"/embed/v1/board?key={org.publishable}").get_data(as_text=True)
    assert 'data-theme="dark"' in board and "/embed/v1/accent/b3261e.css" in board
    assert 'data-theme="light"' in client.get(
        f"/embed/v1/board?key={org.publishable}&theme=light"
    ).get_data(as_text=True)  # the snippet's choice wins
    css = client.get("/embed/v1/accent/b3261e.css")
    assert css.get_data(as_text=True) == ":root{--vw-accent:#b3261e;--vw-on-accent:#ffffff}"
    assert "immutable" in css.headers["Cache-Control"]
    assert client.get("/embed/v1/accent/red;x.css").status_code == 404


def test_origins_are_checked_and_a_bad_one_keeps_the_list_as_typed(
    owner: FlaskClient, org: OrgWithKeys, session: Session
) -> None:
    typed = "https://ngo.example\nngo.example/path"
    refused = post(owner, "/admin/embed/origins", {"origins": typed})
    assert refused.status_code == 422
    assert "ngo.example/path is not a web origin" in refused.get_data(as_text=True)
    saved = post(
        owner, "/admin/embed/origins", {"origins": "https://NGO.example/\nhttps://blog.ngo.example"}
    )
    assert saved.status_code == 303
    session.refresh(org.organization)
    assert org.organization.allowed_origins == ["https://ngo.example", "https://blog.ngo.example"]


def test_a_new_secret_is_shown_once_and_a_resent_form_makes_no_second_key(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    form = {"kind": "secret", "label": "CRM sync", "form_nonce": "n" * 24}
    created = post(owner, "/admin/embed/keys", form)
    assert created.status_code == 201
    token = re.search(
        r'id="secret-value" readonly dir="ltr" value="(vw_sk_\w+)"', created.get_data(as_text=True)
    ).group(1)
    again = post(owner, "/admin/embed/keys", form)
    assert again.status_code == 303
    assert token not in owner.get("/admin/embed").get_data(as_text=True)
    labels = session.scalars(select(ApiKey.label).where(ApiKey.kind == KeyKind.SECRET)).all()
    assert sorted(labels) == ["CRM sync", "Server"]


def test_rotating_gives_the_old_key_the_grace_period_chosen(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    old = session.scalars(select(ApiKey).where(ApiKey.kind == KeyKind.SECRET)).one()
    bad = post(owner, f"/admin/embed/keys/{old.public_id}/rotate", {"grace_hours": "9999"})
    assert bad.status_code == 422
    rotated = post(
        owner,
        f"/admin/embed/keys/{old.public_id}/rotate",
        {"grace_hours": "72", "form_nonce": "r" * 24},
    )
    assert rotated.status_code == 201 and "vw_sk_" in rotated.get_data(as_text=True)
    session.refresh(old)
    assert old.expires_at is not None and old.replaced_by_id is not None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "key.rotate")).one()
    assert entry.details["grace_hours"] == 72


def test_the_last_owner_is_kept_and_roles_change(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    editor_email = add_member(session, org, "editor@example.org", Role.EDITOR)
    members = {
        m.user.email: m
        for m in session.scalars(
            select(Membership).where(Membership.organization_id == org.organization.id)
        )
    }
    mine, theirs = members["owner@example.org"], members[editor_email]
    refused = post(owner, f"/admin/team/{mine.id}/remove", follow_redirects=True)
    assert "at least one owner" in refused.get_data(as_text=True)
    promoted = post(
        owner, f"/admin/team/{theirs.id}/role", {"role": "owner"}, follow_redirects=True
    )
    assert "editor@example.org is now Owner." in promoted.get_data(as_text=True)
    removed = post(owner, f"/admin/team/{theirs.id}/remove", follow_redirects=True)
    assert "no longer in the team" in removed.get_data(as_text=True)
    log = owner.get("/admin/audit?action=member.role").get_data(as_text=True)
    assert "Editor → Owner" in log and "1 change found" in log


def test_an_owner_takes_the_organization_off_the_front_page_and_it_is_audited(
    owner: FlaskClient, org: OrgWithKeys, session: Session
) -> None:
    make_task(session, org)
    assert 'name="in_directory" value="on" checked' in owner.get("/admin/embed").get_data(
        as_text=True
    )
    assert post(owner, "/admin/embed/directory", {}).status_code == 303
    session.refresh(org.organization)
    assert org.organization.in_directory is False
    assert org.organization.name not in owner.get("/?locale=en").get_data(as_text=True)
    assert owner.get(f"/o/{org.organization.slug}").status_code == 200  # its own page stays
    post(owner, "/admin/embed/directory", {"in_directory": "on"})
    session.refresh(org.organization)
    assert org.organization.in_directory is True
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "organization.directory")
    ).all()
    assert [e.details for e in entries] == [{"listed": False}, {"listed": True}]


@pytest.mark.parametrize(
    ("language", "heading", "google"),
    [
        ("en", "Guides for site builders", "Do not add https://sites.google.com"),
        ("ar", "أدلة لمنشئي المواقع", "لا تضف https://sites.google.com"),
    ],
)
def test_the_embed_page_guides_each_site_builder_with_the_address_to_allow(
    owner: FlaskClient, language: str, heading: str, google: str
) -> None:
    html = owner.get(f"/admin/embed?locale={language}").get_data(as_text=True)
    assert heading in html
    for platform in ("wordpress", "wix", "google-sites", "squarespace", "blogger"):
        assert f'id="guide-{platform}"' in html
    assert "https://you-wixsite-com.filesusr.com" in html  # Wix: the frame's origin too
    assert google in html  # Google Sites: no origin, and never the shared one
    assert "https://your-blog.blogspot.com" in html
