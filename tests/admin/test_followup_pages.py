"""The follow-up promise in the panel: owners set the limits, everyone sees the badge and
the needs-a-reply filter, the dashboard shows how well the promise is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import AuditEntry, Organization, Role, Signup
from widget_server.services.volunteering import signups


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def _overdue(session: Session, org: OrgWithKeys, name: str) -> Signup:
    signup = make_signup(session, org, make_task(session, org), name=name)
    signup.created_at = utcnow() - timedelta(days=4)
    session.commit()
    return signup


def test_owner_sets_the_promise_and_the_closing_limit(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    page = owner.get("/admin/follow-up").get_data(as_text=True)
    assert 'name="response_days"' in page and 'value="3"' in page and 'value="14"' in page

    saved = post(owner, "/admin/follow-up", {"response_days": "2", "close_after_days": "10"})

    assert saved.status_code == 303
    organization = session.get(Organization, org.organization.id)
    assert organization is not None
    session.refresh(organization)
    assert (organization.response_days, organization.close_after_days) == (2, 10)
    assert session.scalars(select(AuditEntry.action)).all() == ["followup.settings"]


def test_bad_limits_are_refused_per_field_in_the_admins_language(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    refused = post(
        owner, "/admin/follow-up?locale=fr", {"response_days": "5", "close_after_days": "4"}
    )

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="f-close_after_days-error"' in page and "entre 6 et 180" in page
    assert 'value="4"' in page  # what was typed is kept
    session.refresh(org.organization)
    assert org.organization.close_after_days == 14


def test_badge_counts_signups_needing_a_reply_and_links_to_the_filter(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    late = _overdue(session, org, "Omar Late")
    make_signup(session, org, make_task(session, org), name="Rana Fresh")

    page = owner.get("/admin/dashboard").get_data(as_text=True)
    assert 'data-needs-reply="1"' in page
    assert "1 sign-up needs a reply" in page

    listed = owner.get("/admin/volunteers?needs_reply=1").get_data(as_text=True)
    assert "Omar Late" in listed and "Rana Fresh" not in listed
    assert "Reply overdue" in listed

    signups.change_status(session, org.organization, late.public_id, "accepted")
    assert "data-needs-reply" not in owner.get("/admin/dashboard").get_data(as_text=True)


def test_volunteer_page_says_when_an_answer_is_promised_and_when_it_came(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    assert "Answer promised by" in owner.get(f"/admin/volunteers/{signup.public_id}").text
    signups.change_status(session, org.organization, signup.public_id, "accepted")
    assert "First answer" in owner.get(f"/admin/volunteers/{signup.public_id}").text


def test_dashboard_shows_time_to_first_answer_and_share_within_the_promise(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    for hours in (2, 4, 6, 100):
        signup = make_signup(session, org, task)
        signup.created_at = utcnow() - timedelta(days=10)
        session.commit()
        signups.change_status(session, org.organization, signup.public_id, "accepted")
        signup.first_response_at = signup.created_at + timedelta(hours=hours)
        session.commit()

    page = owner.get("/admin/dashboard").get_data(as_text=True)

    assert '<span class="ad-stat" data-metric="median">5 hours</span>' in page
    assert '<span class="ad-stat" data-metric="p90">4 days</span>' in page
    assert '<span class="ad-stat" data-metric="within">75%</span>' in page
