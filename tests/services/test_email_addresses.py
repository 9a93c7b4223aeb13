"""One normal form for an email address, wherever an address says who someone is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ORIGIN, OrgWithKeys, make_signup, make_task, signup_payload
from widget_server.models import AlertSubscription, OutboxMessage, Role, Signup, User
from widget_server.services.access import account_access, accounts, organizations
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.email_addresses import email_key, normalise_email, read_email
from widget_server.services.outbound.outbox import enqueue_email
from widget_server.services.personal_data import person_export, privacy
from widget_server.services.task_alerts import alerts
from widget_server.services.task_alerts.alert_input import read_request
from widget_server.services.volunteering import signups

# One mailbox, spelt as a look-alike: full-width letters, a full-width @, capitals, and an
# internationalised domain in Unicode or in its xn-- form.
SPELLINGS = (
    "layla@example.org",
    "Layla@EXAMPLE.org",
    "layla@ｅｘａｍｐｌｅ.org",
    "ｌａｙｌａ@example.org",
    "ＬＡＹＬＡ＠ＥＸＡＭＰＬＥ.ORG",
    "  layla@example.org ",
)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_look_alike_spellings_of_an_address_have_one_normal_form(spelling: str) -> None:
    assert normalise_email(spelling) == "layla@example.org"
    assert email_key(spelling) == "layla@example.org"


def test_an_internationalised_domain_is_the_same_in_unicode_and_in_its_xn_form() -> None:
    assert normalise_email("Rami@XN--BCHER-KVA.de") == normalise_email("rami@BÜCHER.de")


def test_the_address_as_written_keeps_its_case_and_folds_only_look_alikes() -> None:
    assert read_email("Layla.H@ＥＸＡＭＰＬＥ.org") == (
        "Layla.H@example.org",
        "layla.h@example.org",
    )


def test_sharp_s_stays_itself_since_ss_is_another_mailbox() -> None:
    assert normalise_email("STRAßE@example.de") == "straße@example.de"


def test_something_that_is_no_address_is_refused_but_still_has_a_key() -> None:
    with pytest.raises(ValidationFailed):
        normalise_email("not an address")
    assert email_key(" NOT an Address ") == "not an address"


def test_a_look_alike_address_reaches_the_same_admin_account(
    session: Session, org: OrgWithKeys
) -> None:
    organizations.add_member(session, org.organization, "owner@example.org", Role.OWNER, "p" * 12)
    again = organizations.add_member(
        session, org.organization, "OWNER@ｅｘａｍｐｌｅ.org", Role.OWNER
    )
    assert len(session.scalars(select(User)).all()) == 1
    assert again.email == "owner@example.org"
    assert accounts.authenticate(session, "ｏｗｎｅｒ@Example.org", "p" * 12) is again


def test_a_reset_asked_for_a_look_alike_address_goes_to_the_account(
    session: Session, org: OrgWithKeys
) -> None:
    organizations.add_member(session, org.organization, "owner@example.org", Role.OWNER, "p" * 12)
    account_access.request_password_reset(session, "Owner@ＥＸＡＭＰＬＥ.org", "en")
    [message] = session.scalars(select(OutboxMessage)).all()
    assert message.payload["to"] == "owner@example.org"


def test_the_same_volunteer_spelt_two_ways_makes_one_signup(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    first = make_signup(session, org, task, email="layla@example.org")
    signups.create_signup(
        session,
        org.organization,
        task.public_id,
        signup_payload(email="ｌａｙｌａ@ＥＸＡＭＰＬＥ.org"),
        default_locale="en",
        origin=ORIGIN,
        today=datetime.now(UTC).date(),
    )
    assert [s.id for s in session.scalars(select(Signup))] == [first.id]


def test_an_alert_subscription_is_found_by_any_spelling(session: Session, org: OrgWithKeys) -> None:
    def subscribe(email: str) -> None:
        request = read_request(
            {"email": email, "frequency": "immediate"},
            organization_id=org.organization.id,
            locale="en",
        )
        alerts.confirm(session, request)

    subscribe("reader@example.org")
    subscribe("ＲＥＡＤＥＲ@example.org")
    [subscription] = session.scalars(select(AlertSubscription)).all()
    assert subscription.email == "reader@example.org"


def test_privacy_export_and_erasure_find_a_volunteer_by_any_spelling(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_signup(session, org, task, email="Layla@example.org")
    exported = person_export.export_person(
        session, organization_id=org.organization.id, email="ｌａｙｌａ@ｅｘａｍｐｌｅ.org"
    )
    assert len(exported["signups"]) == 1
    erased = privacy.erase_person(
        session, organization_id=org.organization.id, email="LAYLA@ＥＸＡＭＰＬＥ.ORG"
    )
    assert erased.signups == 1


def test_erasure_reaches_messages_sent_to_a_signups_address_as_it_was_written(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task, email="layla@example.org")
    signup.email = "ｌａｙｌａ@example.org"  # stored as typed before addresses had one form
    enqueue_email(
        session,
        to=signup.email,
        locale="en",
        template="signup_received",
        context={},
        organization_id=org.organization.id,
    )
    session.commit()
    privacy.erase_person(session, organization_id=org.organization.id, email="layla@example.org")
    session.expire_all()
    assert [m.payload["to"] for m in session.scalars(select(OutboxMessage))] == []
