"""Time zones in the panel: a task's wall-clock times across daylight-saving changes, the
organization's working hours, and each member's own zone for the times they read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.admin.test_tasks import FULL_FORM, _tasks
from tests.factories import OrgWithKeys, make_signup, make_task
from widget_server.models import Organization, Role, User


@pytest.fixture
def owner(client: FlaskClient, session: Session, org: OrgWithKeys) -> FlaskClient:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    return client


def _new_task(client: FlaskClient, **fields: str) -> object:
    page = client.get("/admin/tasks/new").get_data(as_text=True)
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', page).group(1)
    return post(client, "/admin/tasks/new", {**FULL_FORM, **fields, "form_nonce": nonce})


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ("2026-03-29T02:30", "This time does not exist in Europe/Paris: the clocks go forward"),
        ("2026-10-25T02:30", "This time happens twice in Europe/Paris: the clocks go back"),
    ],
)
def test_a_paris_time_the_clocks_skip_or_repeat_is_refused_in_words(
    owner: FlaskClient, session: Session, org: OrgWithKeys, starts: str, message: str
) -> None:
    answer = _new_task(owner, timezone="Europe/Paris", starts_at=starts, ends_at="2026-11-01T10:00")
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert message in page
    assert 'id="f-starts_at-error"' in page
    assert _tasks(session, org) == []


def test_wall_clock_times_on_the_paris_change_days_are_stored_as_the_right_instants(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    answer = _new_task(
        owner, timezone="Europe/Paris", starts_at="2026-03-29T03:00", ends_at="2026-10-25T03:00"
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    (task,) = _tasks(session, org)
    assert task.starts_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # +02:00
    assert task.ends_at == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)  # +01:00
    edit = owner.get(f"/admin/tasks/{task.public_id}/edit").get_data(as_text=True)
    assert 'value="2026-03-29T03:00"' in edit and 'value="2026-10-25T03:00"' in edit


def test_owner_sets_working_hours_that_the_widget_listing_carries(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    answer = post(
        owner,
        "/admin/time-zones/working-hours",
        {"days": ["7", "1", "2", "3", "4"], "start": "08:30", "end": "16:30"},
    )
    assert answer.status_code == 303
    session.expire_all()
    saved = session.get(Organization, org.organization.id)
    assert saved.working_days == [1, 2, 3, 4, 7]
    assert (saved.working_from, saved.working_to) == (time(8, 30), time(16, 30))
    make_task(session, org)
    listing = owner.get(f"/api/v1/public/tasks?key={org.publishable}").get_json()
    assert listing["organization"]["working_hours"]["from"] == "08:30"


def test_bad_working_hours_are_refused_per_field_in_arabic(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    post(owner, "/admin/language", {"locale": "ar"})
    answer = post(owner, "/admin/time-zones/working-hours", {"start": "9", "end": ""})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "اختر يومًا واحدًا على الأقل." in page
    assert 'id="f-start-error"' in page and 'id="f-end-error"' in page
    session.expire_all()
    assert session.get(Organization, org.organization.id).working_days == []


def test_a_members_own_zone_shows_a_volunteers_times_and_windows_in_it(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = make_signup(
        session,
        org,
        task,
        timezone="Asia/Kolkata",
        availability_windows=[{"days": [1, 2, 3, 4, 5], "from": "18:30", "to": "21:00"}],
    )
    assert (
        post(owner, "/admin/time-zones/mine", {"timezone": "America/St_Johns"}).status_code == 303
    )
    session.expire_all()
    assert session.query(User).filter_by(email="owner@example.org").one().timezone == (
        "America/St_Johns"
    )
    page = owner.get(f"/admin/volunteers/{signup.public_id}").get_data(as_text=True)
    assert "Kolkata (Asia/Kolkata)" in page
    assert "Mon, Tue, Wed, Thu, Fri 18:30–21:00" in page
    # 09:30–12:00 while St. John's keeps standard time, an hour later in its summer.
    assert f"your time (St. John’s): {_weekdays_in_st_johns(time(18, 30), time(21))}" in page


def _weekdays_in_st_johns(start: time, end: time) -> str:
    """Kolkata's start–end on Monday to Friday as St. John's sees them, each weekday taken
    in the week from today as the page takes it, grouped by the hours they show."""
    kolkata, st_johns = ZoneInfo("Asia/Kolkata"), ZoneInfo("America/St_Johns")
    today = datetime.now(UTC).date()
    groups: dict[str, list[str]] = {}
    for weekday, name in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri"], start=1):
        day = today + timedelta(days=(weekday - today.isoweekday()) % 7)
        seen = [datetime.combine(day, t, kolkata).astimezone(st_johns) for t in (start, end)]
        groups.setdefault(f"{seen[0]:%H:%M}–{seen[1]:%H:%M}", []).append(name)
    return "; ".join(f"{', '.join(names)} {hours}" for hours, names in groups.items())


def test_an_unknown_personal_zone_is_refused_and_nothing_changes(
    owner: FlaskClient, session: Session
) -> None:
    answer = post(owner, "/admin/time-zones/mine", {"timezone": "Mars/Olympus_Mons"})
    assert answer.status_code == 422
    assert 'id="f-timezone-error"' in answer.get_data(as_text=True)
    session.expire_all()
    assert session.query(User).filter_by(email="owner@example.org").one().timezone is None


def test_a_fixed_task_reads_in_the_task_zone_and_the_members_own(
    owner: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        schedule="fixed",
        timezone="Europe/Paris",
        starts_at="2026-10-25T10:00:00+01:00",
        ends_at="2026-10-25T12:00:00+01:00",
    )
    post(owner, "/admin/time-zones/mine", {"timezone": "Asia/Riyadh"})
    page = owner.get(f"/admin/tasks/{task.public_id}").get_data(as_text=True)
    assert "Sunday, October 25, 2026, 10:00\u2009–\u200912:00 (Paris time)" in page
    assert "Your time (Riyadh): Sunday, October 25, 2026, 12:00\u2009–\u200914:00" in page
