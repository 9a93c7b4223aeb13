"""Task text that tries to break out of the format it is written into: line breaks,
`</script>`, a formula, NUL and other control characters. Each format's own encoder
keeps it inside the field it belongs to (iCalendar escaping, email headers, CSV cells,
XML, JSON in a <script>). The text is stored past the input checks, as text saved before
they existed would be."""

from __future__ import annotations

import csv
import io
import json
import re
from email import message_from_bytes, policy

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task, store_text
from tests.test_calendar_file import calendar_url
from tests.test_job_posting import posting_of
from tests.test_syndication import check_json_feed, parse_feed, parse_xml
from widget_server.hosted.seo import script_json
from widget_server.mail.compose import compose, header_text
from widget_server.models import Role, Task
from widget_server.services.inputs.control_chars import without_control_chars
from widget_server.services.outbound.outbox import Delivery
from widget_server.services.volunteering.export import neutralise

HEADERS = (
    "Subject", "From", "To", "Date", "Message-ID", "Auto-Submitted", "Content-Language",
    "MIME-Version", "Content-Type",
)  # fmt: skip
HOSTILE = {
    "lf": "Design\nATTENDEE:mailto:evil@example.org",
    "cr": "Design\rATTENDEE:mailto:evil@example.org",
    "crlf": "Design\r\nATTENDEE:mailto:evil@example.org\r\nBcc: evil@example.org",
    "script": "Design</script><script>alert(1)</script>",
    "formula": "=cmd|'/c calc'!A1",
    # NUL is not here: PostgreSQL refuses it in text, and input never took it (see below).
    "controls": "Design\x01\x07\x0b\x1b\x7f\x85\u2028 our logo",
}


def _fixed_task(session: Session, org: OrgWithKeys, title: str) -> Task:
    task = make_task(session, org, schedule="fixed", starts_at="2027-05-01T08:00:00Z")
    return store_text(session, task, title=title, summary=title, skills=[title])


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_calendar_file_keeps_hostile_text_inside_its_properties(
    client: FlaskClient, session: Session, org: OrgWithKeys, text: str
) -> None:
    task = _fixed_task(session, org, text)

    data = client.get(calendar_url(task)).data

    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert "ATTENDEE" not in event and "BCC" not in event
    assert all(re.fullmatch(rb"[A-Z-]+[;:].*|[ \t].*", line) for line in data.split(b"\r\n")[:-1])
    assert b"\x00" not in data and b"\x1b" not in data
    summary = str(event["SUMMARY"])
    assert "Design" in summary or "cmd" in summary


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_email_about_a_task_with_hostile_text_keeps_one_subject_line(
    app: Flask, session: Session, org: OrgWithKeys, text: str
) -> None:
    task = _fixed_task(session, org, text)
    signup = make_signup(session, org, task)
    context = {"signup_id": signup.public_id, "name": text, "org_name": text, "task_title": text}
    payload = {"to": signup.email, "locale": "en", "template": "waitlisted", "context": context}

    with app.app_context():
        message = compose(Delivery(1, "email", payload, None, 1))

    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert sorted(set(parsed.keys())) == sorted(HEADERS)
    subject = str(parsed["Subject"])
    assert subject.startswith("You are on the waitlist for “")
    assert not re.search("[\x00-\x1f\x7f\x85\u2028]", subject)
    assert parsed["From"].addresses[0].username == "no-reply"


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_csv_cell_with_hostile_text_stays_one_inert_cell(
    client: FlaskClient, session: Session, org: OrgWithKeys, text: str
) -> None:
    task = make_task(session, org)
    store_text(session, task, title=text)
    signup = make_signup(session, org, task)
    signup.name, signup.message = text, text
    session.commit()
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))

    body = client.get("/admin/volunteers/export.csv").get_data(as_text=True)

    [header, row] = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    cells = dict(zip(header, row, strict=True))
    for column in ("task_title", "name", "message"):
        assert cells[column][:1] not in ("=", "+", "-", "@", "\t", "\r", "\n")
        assert cells[column].lstrip(" \t\r\n'")[:1] not in ("=", "+", "-", "@") or (
            cells[column].startswith("'")
        )
        assert "\x00" not in cells[column] and "\x1b" not in cells[column]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_feeds_and_the_sitemap_stay_well_formed_with_hostile_text(
    client: FlaskClient, session: Session, org: OrgWithKeys, text: str
) -> None:
    task = make_task(session, org)
    store_text(session, task, title=text, summary=text, description=text, skills=[text])
    slug = org.organization.slug

    [entry] = parse_feed(client, f"/o/{slug}/feed.atom").entries
    document = client.get(f"/o/{slug}/feed.json").get_json(force=True)
    parse_xml(client.get(f"/o/{slug}/sitemap.xml").data)

    assert entry.title.startswith(text.replace("\x00", "")[:6])
    check_json_feed(document)
    assert "\x00" not in json.dumps(document)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_job_posting_json_ld_keeps_hostile_text_inside_its_script(
    client: FlaskClient, session: Session, org: OrgWithKeys, text: str
) -> None:
    task = make_task(session, org)
    store_text(session, task, title=text, summary=text, skills=[text])
    html = client.get(f"/o/{org.organization.slug}/tasks/{task.public_id}").get_data(as_text=True)

    posting = posting_of(client, task, "en")

    assert posting["title"].replace("\x00", "").startswith(text.replace("\x00", "")[:6])
    assert html.count("<script>alert(1)</script>") == 0


def test_each_encoder_leaves_nul_and_other_control_characters_out() -> None:
    hostile = "\x00=cmd\r\nBcc: x\x1b"
    assert header_text(hostile) == "=cmd Bcc: x"
    assert neutralise(hostile) == "'=cmd\r\nBcc: x"
    assert without_control_chars(hostile) == "=cmd\r\nBcc: x"
    assert "<" not in script_json({"t": "</script>"}) and "\\u003c/script" in script_json(
        {"t": "</script>"}
    )
