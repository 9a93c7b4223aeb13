"""A volunteer's own time zone and availability windows: taken by the API and the iframe
form, refused field by field in the visitor's language, and shown back as local times."""

from __future__ import annotations

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ORIGIN, OrgWithKeys, make_signup, make_task, signup_payload
from tests.pages import element, elements
from tests.smtp_sink import SmtpSink
from tests.test_frames import form_data, page, signup_url, signups_count
from tests.test_openapi import assert_matches_document, public_url, send
from widget_server.models import Signup
from widget_server.services.outbound import notifications
from widget_server.worker.worker_loop import Worker

WINDOWS = [
    {"days": [1, 2, 3, 4, 5], "from": "18:30", "to": "21:00"},
    {"days": [6], "from": "22:00", "to": "01:00"},
]
FIXED = {
    "schedule": "fixed",
    "timezone": "Asia/Riyadh",
    "starts_at": "2027-01-14T19:00:00+03:00",
    "ends_at": "2027-01-14T21:00:00+03:00",
}


def _only_signup(session: Session) -> Signup:
    session.expire_all()
    return session.scalars(select(Signup)).one()


def test_api_signup_keeps_the_volunteers_zone_and_windows_as_documented(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    body = signup_payload(timezone="America/St_Johns", availability_windows=WINDOWS)
    request, response = send(
        client,
        "POST",
        public_url(org, f"/{task.public_id}/signups"),
        json=body,
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 201, response.json
    assert_matches_document(request, response)
    signup = _only_signup(session)
    assert signup.timezone == "America/St_Johns"
    assert signup.availability_windows == WINDOWS

    request, listed = send(client, "GET", "/api/v1/signups", headers=org.auth)
    assert_matches_document(request, listed)
    (row,) = listed.json["data"]
    assert (row["timezone"], row["availability_windows"]) == ("America/St_Johns", WINDOWS)


def test_api_refuses_an_unknown_zone_and_a_bad_window_naming_each_field_in_french(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    body = signup_payload(
        timezone="Mars/Olympus_Mons",
        availability_windows=[
            {"days": [8], "from": "25:00", "to": "9"},
            {"days": [1], "from": "10:00", "to": "10:00"},
        ],
    )
    request, response = send(
        client,
        "POST",
        public_url(org, f"/{task.public_id}/signups", locale="fr"),
        json=body,
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 422
    assert_matches_document(request, response, document_accepts_request=False)
    fields = response.json["error"]["fields"]
    assert fields["timezone"] == "Choisissez un fuseau horaire valide, par exemple Asia/Beirut."
    assert set(fields) == {
        "timezone",
        "availability_windows.0.days",
        "availability_windows.0.from",
        "availability_windows.0.to",
        "availability_windows.1.to",
    }
    assert signups_count(session) == 0


def test_iframe_form_stores_the_chosen_zone_and_window_rows(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    data = form_data(
        org,
        task,
        timezone="Asia/Kolkata",
        w0_days="1,2,3,4,5",
        w0_from="18:30",
        w0_to="21:00",
        w2_days="6",
        w2_from="22:00",
        w2_to="01:00",
    )
    response = client.post(signup_url(org, task, locale="en"), data=data)
    assert response.status_code == 200, page(response)[:3000]
    signup = _only_signup(session)
    assert signup.timezone == "Asia/Kolkata"
    assert signup.availability_windows == WINDOWS


def test_iframe_form_explains_a_bad_window_row_in_arabic_beside_the_field(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    data = form_data(org, task, w1_days="", w1_from="9", w1_to="18:00")
    response = client.post(signup_url(org, task, locale="ar"), data=data)
    assert response.status_code == 422
    html = page(response)
    assert element(html, "select", name="w1_days")["aria-invalid"] == "true"
    assert element(html, "input", name="w1_from")["aria-invalid"] == "true"
    assert "اختر يومًا واحدًا على الأقل." in html
    assert 'href="#f-w1_from"' in html
    assert signups_count(session) == 0


def test_iframe_form_shows_a_fixed_task_in_the_visitors_zone_beside_the_tasks(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, **FIXED)
    html = page(client.get(signup_url(org, task, locale="en", tz="Asia/Kolkata")))
    assert "When: Thursday, January 14, 2027, 19:00\u2009–\u200921:00, Riyadh time" in html
    assert "Your time (Kolkata): Thursday, January 14, 2027, 21:30\u2009–\u200923:30" in html
    assert "Overlaps your day (08:00–22:00): 21:30\u2009–\u200922:00" in html
    assert element(html, "option", value="Asia/Kolkata").get("selected") is not None
    assert "data-zone-unknown" not in element(html, "html")


def test_iframe_form_without_a_zone_asks_the_browser_and_shows_the_tasks_own_time(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, **FIXED)
    html = page(client.get(signup_url(org, task, locale="fr")))
    assert "data-zone-unknown" in element(html, "html")
    assert "jeudi 14 janvier 2027, 19:00" in html and "heure de Riyad" in html
    assert "Votre heure" not in html
    zones = [option["value"] for option in elements(html, "option") if "/" in option["value"]]
    assert {"Asia/Kolkata", "America/St_Johns", "Asia/Riyadh", "Europe/Paris"} <= set(zones)


def test_an_unknown_zone_in_the_address_is_ignored(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, **FIXED)
    html = page(client.get(signup_url(org, task, locale="en", tz="Nowhere/Land")))
    assert "Your time (" not in html
    assert "Nowhere/Land" not in html


def test_listing_carries_the_organizations_working_hours_for_the_widget(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    from widget_server.services.times.working_hours import WorkingHours, save_working_hours

    save_working_hours(
        session, org.organization, WorkingHours((7, 1, 2, 3, 4), time(9), time(17)), user_id=None
    )
    make_task(session, org)
    request, response = send(client, "GET", public_url(org, locale="ar"))
    assert_matches_document(request, response)
    assert response.json["organization"]["working_hours"] == {
        "days": [7, 1, 2, 3, 4],
        "from": "09:00",
        "to": "17:00",
        "timezone": "Asia/Beirut",
        "timezone_label": "بيروت",
        "next": response.json["organization"]["working_hours"]["next"],
    }
    # Today's or the next working day (Sunday to Thursday), as instants: 09:00 in Beirut.
    start = datetime.fromisoformat(response.json["organization"]["working_hours"]["next"]["start"])
    local = start.astimezone(ZoneInfo("Asia/Beirut"))
    assert local.isoweekday() in (7, 1, 2, 3, 4) and local.time() == time(9)
    assert (
        json.dumps(response.json["data"][0]["timezone_label"])
        == '"\\u0628\\u064a\\u0631\\u0648\\u062a"'
    )


def test_confirmation_email_shows_the_session_in_st_johns_time_beside_riyadhs(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org, **FIXED)
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}",
        json=signup_payload(email="sam@example.org", timezone="America/St_Johns"),
    )
    assert response.status_code == 201
    mail_worker.run_once()
    [message] = smtp_sink.to("sam@example.org")
    text = message.get_body(("plain",)).get_content()
    assert "When: Thursday, January 14, 2027, 19:00\u2009–\u200921:00, Riyadh time" in text
    assert "Your time (St. John’s): Thursday, January 14, 2027, 12:30\u2009–\u200914:30" in text
    assert "Overlaps your day (08:00–22:00): 12:30\u2009–\u200914:30" in text
    assert "Your time (St. John’s)" in message.get_body(("html",)).get_content()


def test_a_reminder_in_french_gives_the_volunteers_own_time(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task = make_task(session, org, **FIXED)
    signup = make_signup(
        session, org, task, email="ines@example.org", locale="fr", timezone="Asia/Kolkata"
    )
    notifications.email_volunteer(
        session, signup, task, org.organization, "reminder", dedupe_key="reminder:test"
    )
    session.commit()
    mail_worker.run_once()
    reminder = smtp_sink.to("ines@example.org")[-1]
    text = reminder.get_body(("plain",)).get_content()
    assert "jeudi 14 janvier 2027, 21:30\u2009–\u200923:30 (Asia/Kolkata)" in text
