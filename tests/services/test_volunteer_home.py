"""My volunteering's services: sign-in links (single use, expiry, unknown addresses),
sessions, the overview across organizations, and the volunteer's own actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import make_org, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import (
    AlertFrequency,
    AlertSubscription,
    OutboxMessage,
    Signup,
    SignupStatus,
    VolunteerSession,
    VolunteerSignInLink,
)
from widget_server.services.errors import NotFound, ValidationFailed
from widget_server.services.personal_data import retention
from widget_server.services.volunteer_home import home_actions, overview, sign_in
from widget_server.services.volunteering.volunteer_links import LinkError

LIFETIMES = sign_in.Lifetimes(link_seconds=1800, session_seconds=7200)


def _links(session: Session) -> list[VolunteerSignInLink]:
    session.expire_all()
    return list(session.scalars(select(VolunteerSignInLink)))


def _emails(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def _two_organizations(session: Session, email: str = "Layla@Example.org") -> list[Signup]:
    first, second = make_org(session, name="Sawa Aid"), make_org(session, name="Nour Books")
    return [
        make_signup(session, first, make_task(session, first), email=email),
        make_signup(session, second, make_task(session, second), email=email.lower()),
    ]


def test_a_known_address_gets_one_email_in_its_language_and_an_unknown_one_nothing(
    session: Session,
) -> None:
    _two_organizations(session)
    before = _emails(session)

    sign_in.request_link(session, "nobody@example.org", "fr", LIFETIMES)
    assert _links(session) == [] and _emails(session) == before

    sign_in.request_link(session, "LAYLA@example.org", "ar", LIFETIMES)
    [link] = _links(session)
    assert link.email == "layla@example.org" and link.locale == "ar"
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert message is not None
    assert message.payload["template"] == "my_sign_in" and message.payload["locale"] == "ar"
    assert message.payload["context"]["link_id"] == link.public_id


def test_an_address_that_is_none_is_refused_by_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        sign_in.request_link(None, "not an address", "en", LIFETIMES)  # type: ignore[arg-type]
    assert list(refused.value.fields) == ["email"]


def test_a_link_signs_in_once_and_its_session_names_the_address(session: Session) -> None:
    _two_organizations(session)
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES)
    [link] = _links(session)

    token, used = sign_in.sign_in(session, link.public_id, LIFETIMES)
    assert used.email == "layla@example.org"
    assert sign_in.signed_in_email(session, token) == "layla@example.org"
    with pytest.raises(LinkError) as again:
        sign_in.sign_in(session, link.public_id, LIFETIMES)
    assert again.value.code == "my_link_used"
    with pytest.raises(LinkError) as checked:
        sign_in.usable_link(session, link.public_id)
    assert checked.value.code == "my_link_used"


def test_an_expired_or_unknown_link_opens_nothing(session: Session) -> None:
    _two_organizations(session)
    now = utcnow()
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES, now=now)
    [link] = _links(session)

    with pytest.raises(LinkError) as late:
        sign_in.sign_in(session, link.public_id, LIFETIMES, now=now + timedelta(seconds=1801))
    with pytest.raises(LinkError) as unknown:
        sign_in.sign_in(session, "vsl_nothing", LIFETIMES)
    assert (late.value.code, unknown.value.code) == ("my_link_expired", "my_link_invalid")
    assert session.scalar(select(func.count()).select_from(VolunteerSession)) == 0


def test_a_session_ends_at_its_time_and_for_good_on_sign_out(session: Session) -> None:
    _two_organizations(session)
    now = utcnow()
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES, now=now)
    token, _ = sign_in.sign_in(session, _links(session)[0].public_id, LIFETIMES, now=now)

    assert sign_in.signed_in_email(session, token, now + timedelta(seconds=7199)) is not None
    assert sign_in.signed_in_email(session, token, now + timedelta(seconds=7200)) is None
    sign_in.sign_out(session, token)
    assert sign_in.signed_in_email(session, token, now) is None


def test_the_overview_lists_the_addresses_sign_ups_in_every_organization_and_no_one_elses(
    session: Session,
) -> None:
    mine = _two_organizations(session)
    other_org = make_org(session)
    make_signup(session, other_org, make_task(session, other_org), email="someone@example.org")

    held = overview.overview_of(session, "layla@example.org")

    assert {e.signup.public_id for e in held.signups} == {s.public_id for s in mine}
    assert {e.organization.name for e in held.signups} == {"Sawa Aid", "Nour Books"}
    assert len(held.organization_ids) == 2


def test_withdrawing_someone_elses_sign_up_is_refused_and_ones_own_works(
    session: Session,
) -> None:
    mine = _two_organizations(session)
    other = make_org(session)
    theirs = make_signup(session, other, make_task(session, other))

    with pytest.raises(NotFound):
        home_actions.withdraw(session, "layla@example.org", theirs.public_id)
    result = home_actions.withdraw(session, "layla@example.org", mine[0].public_id)

    assert result.outcome.value == "done"
    session.expire_all()
    assert session.get(Signup, mine[0].id).status is SignupStatus.WITHDRAWN  # type: ignore[union-attr]
    assert session.get(Signup, theirs.id).status is not SignupStatus.WITHDRAWN  # type: ignore[union-attr]


def test_the_time_zone_and_availability_go_on_every_sign_up_and_bad_ones_are_named(
    session: Session,
) -> None:
    mine = _two_organizations(session)

    assert (
        home_actions.change_time_zone(session, "layla@example.org", {"timezone": "Asia/Beirut"})
        == 2
    )
    windows = [{"days": [1, 2], "from": "18:00", "to": "21:00"}]
    home_actions.change_availability(
        session, "layla@example.org", {"availability_windows": windows}
    )
    with pytest.raises(ValidationFailed) as zone:
        home_actions.change_time_zone(session, "layla@example.org", {"timezone": "Mars/Olympus"})
    with pytest.raises(ValidationFailed) as clock:
        home_actions.change_availability(
            session, "layla@example.org",
            {"availability_windows": [{"days": [1], "from": "25:00", "to": "21:00"}]},
        )  # fmt: skip

    assert list(zone.value.fields) == ["timezone"]
    assert list(clock.value.fields) == ["availability_windows.0.from"]
    session.expire_all()
    for signup in mine:
        row = session.get(Signup, signup.id)
        assert row is not None
        assert (row.timezone, row.availability_windows) == ("Asia/Beirut", windows)


def test_stopping_alerts_export_and_erasure_reach_every_organization(session: Session) -> None:
    mine = _two_organizations(session)
    alert = AlertSubscription(
        public_id="als_mine", scope="server", organization_id=None, email="layla@example.org",
        locale="en", frequency=AlertFrequency.WEEKLY,
    )  # fmt: skip
    session.add(alert)
    session.commit()
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES)

    exported = home_actions.export_data(session, "layla@example.org")
    assert {o["organization"] for o in exported["organizations"]} == {"Sawa Aid", "Nour Books"}
    assert [a["id"] for a in exported["server_alert_subscriptions"]] == ["als_mine"]
    with pytest.raises(NotFound):
        home_actions.stop_alert(session, "someone@example.org", "als_mine")

    erased = home_actions.erase_data(session, "layla@example.org")

    assert erased.signups == 2 and erased.alert_subscriptions == 1
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Signup).where(
        Signup.id.in_([s.id for s in mine]))) == 0  # fmt: skip
    assert _links(session) == []
    assert overview.overview_of(session, "layla@example.org").signups == []


def test_the_daily_purge_forgets_ended_sessions_and_old_links(session: Session) -> None:
    _two_organizations(session)
    now = utcnow()
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES, now=now)
    sign_in.sign_in(session, _links(session)[0].public_id, LIFETIMES, now=now)
    sign_in.request_link(session, "layla@example.org", "en", LIFETIMES, now=now)

    retention.purge(session, now=now + timedelta(hours=1))
    assert len(_links(session)) == 2  # a used link still says "used" for a day
    retention.purge(session, now=now + timedelta(days=2))

    assert _links(session) == []
    assert session.scalar(select(func.count()).select_from(VolunteerSession)) == 0
