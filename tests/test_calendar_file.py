"""The .ics file of a task with fixed times: calendar apps import the right local times."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, store_text
from tests.pages import elements
from widget_server.models import Task
from widget_server.services.catalog import tasks

PARIS = ZoneInfo("Europe/Paris")


def calendar_url(task: Task, locale: str = "en") -> str:
    return f"/o/{task.organization.slug}/tasks/{task.public_id}/calendar.ics?locale={locale}"


def fetch(client: FlaskClient, task: Task, locale: str = "en") -> Calendar:
    response = client.get(calendar_url(task, locale))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{task.public_id}.ics"'
    )
    return Calendar.from_ical(response.data)


def test_a_paris_session_across_the_spring_change_keeps_its_local_times(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    # Saturday 10:00 in winter time (UTC+1) to Monday 10:00 in summer time (UTC+2).
    task = make_task(
        session,
        org,
        schedule="fixed",
        timezone="Europe/Paris",
        starts_at="2027-03-27T09:00:00Z",
        ends_at="2027-03-29T08:00:00Z",
    )
    calendar = fetch(client, task)
    [event] = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 10, 0)
    assert start.utcoffset().total_seconds() == 3600
    assert end.utcoffset().total_seconds() == 7200
    assert start.astimezone(UTC) == datetime(2027, 3, 27, 9, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert str(event["SUMMARY"]) == "Translate our newsletter"
    assert str(event["URL"]).endswith(f"/tasks/{task.public_id}?locale=en")


def test_an_autumn_session_in_paris_ends_after_the_clocks_go_back(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        schedule="fixed",
        timezone="Europe/Paris",
        starts_at="2027-10-30T22:30:00Z",  # 00:30 summer time on the 31st
        ends_at="2027-10-31T02:30:00Z",  # 03:30 winter time: four hours later, not three
    )
    [event] = fetch(client, task).walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute, end.hour, end.minute) == (0, 30, 3, 30)
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 4 * 3600


def test_a_utc_task_is_written_in_utc_and_half_hour_zones_keep_their_offset(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    utc = make_task(
        session, org, schedule="fixed", timezone="UTC", starts_at="2027-01-05T12:00:00Z"
    )
    text = client.get(calendar_url(utc)).get_data(as_text=True)
    assert "DTSTART:20270105T120000Z" in text and "VTIMEZONE" not in text

    kolkata = make_task(
        session, org, schedule="fixed", timezone="Asia/Kolkata", starts_at="2027-01-05T12:00:00Z"
    )
    [event] = fetch(client, kolkata).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (17, 30) and "DTEND" not in event


def test_the_uid_stays_the_same_across_downloads_languages_and_edits(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, schedule="fixed", starts_at="2027-05-01T08:00:00Z")
    first = fetch(client, task)
    [english] = first.walk("VEVENT")
    [arabic] = fetch(client, task, "ar").walk("VEVENT")
    assert str(arabic["SUMMARY"]) == "ترجمة نشرتنا الإخبارية"
    assert arabic["SUMMARY"].params["LANGUAGE"] == "ar"
    tasks.update_task(
        session, org.organization, task.public_id, {"starts_at": "2027-05-02T08:00:00Z"}
    )
    [moved] = fetch(client, task).walk("VEVENT")
    assert str(english["UID"]) == str(arabic["UID"]) == str(moved["UID"])
    assert str(moved["UID"]) == f"{task.public_id}@widgets.test"
    assert moved.decoded("DTSTART").day == 2


def test_a_calendar_file_answers_304_while_the_task_is_unchanged(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, schedule="fixed", starts_at="2027-05-01T08:00:00Z")
    etag = client.get(calendar_url(task)).headers["ETag"]
    assert client.get(calendar_url(task), headers={"If-None-Match": etag}).status_code == 304


def test_flexible_draft_or_unknown_tasks_have_no_calendar_file(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    flexible = make_task(session, org)
    draft = make_task(
        session, org, status="draft", schedule="fixed", starts_at="2027-05-01T08:00:00Z"
    )
    for url in (
        calendar_url(flexible, "fr"),
        calendar_url(draft, "fr"),
        f"/o/{org.organization.slug}/tasks/tsk_missing/calendar.ics?locale=fr",
        "/o/nobody/tasks/tsk_missing/calendar.ics?locale=fr",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert 'lang="fr"' in response.get_data(as_text=True)


def test_the_hosted_page_links_to_the_calendar_file_of_a_fixed_task_only(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, default_locale="ar")
    fixed = make_task(session, org, schedule="fixed", starts_at="2027-05-01T08:00:00Z")
    flexible = make_task(session, org)
    html = client.get(f"/o/{org.organization.slug}/tasks/{fixed.public_id}").get_data(as_text=True)
    [link] = [a for a in elements(html, "a") if a["href"].endswith("calendar.ics?locale=ar")]
    assert "download" in link
    assert client.get(link["href"]).status_code == 200
    html = client.get(f"/o/{org.organization.slug}/tasks/{flexible.public_id}").get_data(
        as_text=True
    )
    assert ".ics" not in html


def test_control_characters_in_task_text_are_left_out_of_the_calendar_file(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, schedule="fixed", starts_at="2027-05-01T08:00:00Z")
    store_text(session, task, title="Call\x0b with\x01 us", summary="Bring\x1b notes")
    [event] = fetch(client, task).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Call with us"
    assert str(event["DESCRIPTION"]).startswith("Bring notes\n\nhttp://widgets.test/o/")
