"""Volunteer pages over HTTP: filters and Arabic search, decisions, notes, the export, and
the same number of queries whatever the number of rows."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.admin.query_count import counting_queries
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import AuditEntry, Role, Signup, SignupStatus

PAGES = ("/admin/dashboard", "/admin/volunteers", "/admin/embed", "/admin/team", "/admin/audit")


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def test_search_without_hamza_or_diacritics_finds_the_arabic_name(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task, name="أسامة الخطيب")
    make_signup(session, org, task, name="Layla Haddad")
    html = owner.get("/admin/volunteers?q=اسامه").get_data(as_text=True)
    assert "أسامة الخطيب" in html and "Layla Haddad" not in html
    html = owner.get(f"/admin/volunteers?task={task.public_id}&status=pending").get_data(
        as_text=True
    )
    assert "أسامة الخطيب" in html and "Layla Haddad" in html


def test_a_bad_filter_is_ignored_and_another_organizations_task_is_not_found(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    from tests.factories import make_org

    make_signup(session, org, make_task(session, org), name="Layla Haddad")
    foreign = make_task(session, make_org(session))
    assert "Layla Haddad" in owner.get("/admin/volunteers?since=yesterday&page=x").get_data(
        as_text=True
    )
    response = owner.get(f"/admin/volunteers?task={foreign.public_id}")
    assert response.status_code == 404 and "Layla Haddad" not in response.get_data(as_text=True)


def test_a_bulk_decision_naming_another_organizations_sign_up_changes_none(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    from tests.factories import make_org

    own = make_signup(session, org, make_task(session, org))
    other_org = make_org(session)
    foreign = make_signup(session, other_org, make_task(session, other_org))
    response = post(
        owner,
        "/admin/volunteers/bulk",
        {"signup": [own.public_id, foreign.public_id], "status": "declined"},
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Signup, own.id).status is SignupStatus.PENDING
    assert session.get(Signup, foreign.id).status is SignupStatus.PENDING


def test_completing_with_hours_typed_in_arabic_digits_is_kept_and_logged(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    base = f"/admin/volunteers/{signup.public_id}"
    assert post(owner, f"{base}/status", {"status": "accepted"}).status_code == 303
    refused = post(owner, f"{base}/status", {"status": "completed", "hours": "lots"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="lots"' in page and "Enter a number" in page
    done = post(owner, f"{base}/status", {"status": "completed", "hours": "٢٫٥"})
    assert done.status_code == 303
    session.refresh(signup)
    assert signup.status is SignupStatus.COMPLETED and signup.hours_contributed == 2.5
    corrected = post(owner, f"{base}/status", {"status": "completed", "hours": "3,25"})
    assert corrected.status_code == 303
    session.refresh(signup)
    assert signup.hours_contributed == 3.25


def test_a_note_is_shown_to_the_team_as_text(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    base = f"/admin/volunteers/{signup.public_id}"
    assert post(owner, f"{base}/notes", {"body": "<b>Call</b> on Monday"}).status_code == 303
    empty = post(owner, f"{base}/notes", {"body": "   "})
    assert empty.status_code == 422 and "This field is required." in empty.get_data(as_text=True)
    html = owner.get(base).get_data(as_text=True)
    assert "&lt;b&gt;Call&lt;/b&gt; on Monday" in html and "owner@example.org" in html


def test_bulk_accept_reports_what_a_full_task_refused(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    first, second = make_signup(session, org, task), make_signup(session, org, task)
    response = post(
        owner,
        "/admin/volunteers/bulk",
        {"signup": [first.public_id, second.public_id], "status": "accepted"},
    )
    assert response.status_code == 303
    html = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 sign-up is now accepted." in html
    assert "1 sign-up was not changed: This task is full" in html


def test_export_from_the_panels_button_is_excel_ready_follows_the_filters_and_is_logged(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task, name="=cmd|'/C calc'!A0", skills=["Canva"])
    make_signup(session, org, task, name="ريم", skills=["Excel"])
    listing = owner.get("/admin/volunteers?skill=canva").get_data(as_text=True)
    assert 'action="/admin/volunteers/export.csv?skill=canva"' in listing
    response = post(owner, "/admin/volunteers/export.csv?skill=canva")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["'=cmd|'/C calc'!A0"]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "signup.export")).one()
    assert entry.details["filters"] == {"skill": "canva"}


def test_following_an_export_link_gives_the_csv_and_writes_nothing(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_signup(session, org, make_task(session, org), name="Layla Haddad")

    response = owner.get("/admin/volunteers/export.csv")

    assert response.status_code == 200 and "Layla Haddad" in response.get_data(as_text=True)
    assert (
        session.scalars(select(AuditEntry).where(AuditEntry.action == "signup.export")).all() == []
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_page_runs_a_query_per_row(
    app: Flask, owner: FlaskClient, session: Session, org: OrgWithKeys, path: str
) -> None:
    def queries() -> int:
        with counting_queries(app) as statements:
            assert owner.get(path).status_code == 200
        return len(statements)

    task = make_task(session, org, capacity=None)
    for _ in range(2):
        signup = make_signup(session, org, task)
        post(owner, f"/admin/volunteers/{signup.public_id}/notes", {"body": "ok"})
    few = queries()
    for _ in range(8):
        signup = make_signup(session, org, make_task(session, org, capacity=None))
        post(owner, f"/admin/volunteers/{signup.public_id}/notes", {"body": "ok"})
        add_member(session, org, f"m{signup.id}@example.org", Role.VIEWER)
    assert queries() == few, path
    assert few <= 12, (path, few)


def test_the_volunteer_page_of_another_organization_is_404(
    owner: FlaskClient, session: Session
) -> None:
    from tests.factories import make_org

    other = make_org(session)
    signup = make_signup(session, other, make_task(session, other))
    assert owner.get(f"/admin/volunteers/{signup.public_id}").status_code == 404
    assert (
        post(
            owner, f"/admin/volunteers/{signup.public_id}/status", {"status": "accepted"}
        ).status_code
        == 404
    )
    assert session.get(Signup, signup.id).status is SignupStatus.PENDING
