"""The team sees a waitlisted volunteer's open offer and its expiry, and the offer's end."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import Role
from widget_server.services.volunteering import signups


def test_the_list_the_page_and_the_audit_log_show_an_offer(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    task = make_task(session, org, capacity=1, waitlist=True)
    holder = make_signup(session, org, task, name="Sam Holder")
    waiting = make_signup(session, org, task, name="ريم منتظرة")
    signups.change_status(session, org.organization, holder.public_id, "withdrawn")

    listing = client.get("/admin/volunteers?status=waitlisted").get_data(as_text=True)
    page = client.get(f"/admin/volunteers/{waiting.public_id}").get_data(as_text=True)
    post(client, f"/admin/volunteers/{waiting.public_id}/status", {"status": "accepted"})
    after = client.get(f"/admin/volunteers/{waiting.public_id}").get_data(as_text=True)
    audit = client.get("/admin/audit?action=signup.offer").get_data(as_text=True)

    assert "ريم منتظرة" in listing and "place offered until" in listing
    assert "offered, awaiting an answer" in page and "held until" in page
    assert "offer withdrawn: the sign-up changed" in after
    assert "The waitlist, automatically" in audit and waiting.public_id in audit


def test_the_offer_shows_in_arabic(client: FlaskClient, session: Session, org: OrgWithKeys) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    task = make_task(session, org, capacity=1, waitlist=True)
    holder = make_signup(session, org, task)
    waiting = make_signup(session, org, task)
    signups.change_status(session, org.organization, holder.public_id, "declined")

    page = client.get(f"/admin/volunteers/{waiting.public_id}?locale=ar").get_data(as_text=True)

    assert "معروض، بانتظار الرد" in page and "محجوز حتى" in page
