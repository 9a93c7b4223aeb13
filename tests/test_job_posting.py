"""The JobPosting JSON-LD of every hosted task page has what schema.org and Google require."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task
from tests.pages import json_ld_scripts
from widget_server.demo.demo_data import DEMO_ORGANIZATION, demo_tasks
from widget_server.hosted import hosted_views
from widget_server.models import Task
from widget_server.services.errors import ValidationFailed

# schema.org's JobPosting properties (with those inherited from Thing): anything else is a typo.
JOB_POSTING_PROPERTIES = {
    "@context", "@type", "title", "description", "url", "datePosted", "validThrough",
    "employmentType", "hiringOrganization", "jobLocation", "jobLocationType",
    "applicantLocationRequirements", "directApply", "workHours", "identifier", "baseSalary",
    "jobStartDate", "skills", "occupationalCategory", "industry", "name", "sameAs",
    "educationRequirements", "experienceRequirements", "responsibilities", "qualifications",
}  # fmt: skip
EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM",
    "OTHER",
}  # fmt: skip


def check_job_posting(posting: dict[str, Any]) -> None:
    """Google's required JobPosting fields, and a remote job's location requirements."""
    assert posting["@context"] in ("https://schema.org/", "https://schema.org")
    assert posting["@type"] == "JobPosting"
    assert set(posting) <= JOB_POSTING_PROPERTIES, set(posting) - JOB_POSTING_PROPERTIES
    assert isinstance(posting["title"], str) and posting["title"].strip()
    assert isinstance(posting["description"], str) and posting["description"].strip()
    assert posting["description"].lstrip().startswith("<")  # HTML, as Google asks
    date.fromisoformat(posting["datePosted"])
    organization = posting["hiringOrganization"]
    assert organization["@type"] == "Organization" and organization["name"].strip()
    assert organization["url"].startswith("http")
    assert posting["employmentType"] in EMPLOYMENT_TYPES
    assert posting["employmentType"] == "VOLUNTEER"
    # A job done from home has no jobLocation; it says where applicants may live instead.
    assert posting["jobLocationType"] == "TELECOMMUTE"
    location = posting["applicantLocationRequirements"]
    assert location["@type"] in ("Country", "State", "AdministrativeArea")
    assert location["name"].strip()
    if "validThrough" in posting:
        end = datetime.fromisoformat(posting["validThrough"])
        assert end.tzinfo is not None
        assert end.date() >= date.fromisoformat(posting["datePosted"])
    assert posting["url"].startswith("http")


def posting_of(client: FlaskClient, task: Task, locale: str) -> dict[str, Any]:
    url = f"/o/{task.organization.slug}/tasks/{task.public_id}?locale={locale}"
    response = client.get(url)
    assert response.status_code == 200, url
    [raw] = json_ld_scripts(response.get_data(as_text=True))
    return json.loads(raw)


def test_every_demo_task_has_a_complete_job_posting_in_each_language(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, **DEMO_ORGANIZATION)
    today = datetime.now(UTC).date()
    created = [make_task(session, org, **payload) for payload in demo_tasks(today)]
    public = [task for task in created if task.status.value == "open"]
    assert len(public) >= 8
    for task in public:
        for locale in ("ar", "en", "fr"):
            posting = posting_of(client, task, locale)
            check_job_posting(posting)
            assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "LB"}
            assert posting["title"] == task.text_for(locale).title


# Stands for the day the task is posted: the test gives the page the same day.
TODAY = "today"

EDGE_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "no summary or description": (
        {},
        {"translations": {"fr": {"title": "Relire nos statuts", "summary": "", "description": ""}}},
    ),
    "organization in UTC, task without a country": ({"timezone": "UTC"}, {"timezone": "UTC"}),
    "organization in UTC, task in Riyadh": ({"timezone": "UTC"}, {"timezone": "Asia/Riyadh"}),
    "half-hour offset": ({"timezone": "Asia/Kolkata"}, {}),
    "Newfoundland": ({"timezone": "America/St_Johns"}, {"apply_by": "2099-11-02"}),
    "fixed schedule with an end, no apply-by": (
        {},
        {
            "schedule": "fixed",
            "timezone": "Europe/Paris",
            "starts_at": "2099-03-29T00:30:00Z",
            "ends_at": "2099-03-29T03:30:00Z",
        },
    ),
    "one-off fixed start only": (
        {},
        {"schedule": "fixed", "commitment": "one_off", "starts_at": "2099-01-01T10:00:00Z"},
    ),
    "markup and quotes in the text": (
        {"name": 'Aid & "Care" <Beirut>'},
        {
            "translations": {
                "en": {"title": "</script> & <b>", "summary": "a < b", "description": "x"}
            }
        },
    ),
    "apply-by today": ({}, {"apply_by": TODAY}),
    "unlimited places, many skills": (
        {},
        {"capacity": None, "skills": [f"skill {n}" for n in range(20)], "hours_per_week": 80},
    ),
}


@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_case_tasks_have_complete_job_postings(
    client: FlaskClient, session: Session, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    org_values, task_values = EDGE_CASES[case]
    apply_by_today = task_values.get("apply_by") == TODAY
    if apply_by_today:
        task_values = {**task_values, "apply_by": datetime.now(UTC).date().isoformat()}
    org = make_org(session, **org_values)
    task = make_task(session, org, **task_values)
    if apply_by_today:
        # Today is the day the task was posted, should midnight pass meanwhile, and the
        # page is told the same day.
        day = (task.published_at or task.created_at).astimezone(UTC).date()
        task.apply_by = day
        session.commit()
        monkeypatch.setattr(hosted_views, "today", lambda: day)
    for locale in ("ar", "en", "fr"):
        check_job_posting(posting_of(client, task, locale))


def test_a_utc_organization_takes_applicants_from_the_tasks_country_or_anywhere(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, timezone="UTC")
    riyadh = make_task(session, org, timezone="Asia/Riyadh")
    anywhere = make_task(session, org, timezone="UTC")
    assert posting_of(client, riyadh, "en")["applicantLocationRequirements"] == {
        "@type": "Country",
        "name": "SA",
    }
    assert posting_of(client, anywhere, "en")["applicantLocationRequirements"] == {
        "@type": "AdministrativeArea",
        "name": "Worldwide",
    }


def test_a_fixed_task_without_apply_by_is_valid_until_its_schedule_ends(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        schedule="fixed",
        starts_at="2099-03-29T00:30:00Z",
        ends_at="2099-03-29T03:30:00Z",
    )
    assert posting_of(client, task, "en")["validThrough"] == "2099-03-29T03:30:00+00:00"


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)
# Titles, summaries and skills are single-line: no control character or line separator.
ONE_LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
    max_size=80,
)
ZONES = ["UTC", "Asia/Kolkata", "America/St_Johns", "Asia/Riyadh", "Europe/Paris", "Asia/Beirut"]


@st.composite
def task_payloads(draw: st.DrawFn) -> dict[str, Any]:
    locales = draw(
        st.lists(st.sampled_from(["ar", "en", "fr"]), min_size=1, max_size=3, unique=True)
    )
    fixed = draw(st.booleans())
    payload: dict[str, Any] = {
        "translations": {
            loc: {
                "title": draw(ONE_LINE.filter(str.strip)),
                "summary": draw(ONE_LINE),
                "description": draw(TEXT),
            }
            for loc in locales
        },
        "skills": draw(st.lists(ONE_LINE.filter(str.strip), max_size=5, unique=True)),
        "timezone": draw(st.sampled_from(ZONES)),
        "hours_per_week": draw(st.integers(min_value=1, max_value=80)),
        "apply_by": draw(st.none() | st.dates(date(2098, 1, 1), date(2099, 12, 31)).map(str)),
    }
    if fixed:
        payload |= {"schedule": "fixed", "starts_at": "2099-03-28T23:30:00Z"}
        payload["ends_at"] = draw(st.sampled_from([None, "2099-03-29T02:30:00Z"]))
    return payload


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org_zone=st.sampled_from(ZONES), payload=task_payloads())
def test_generated_tasks_have_complete_job_postings(
    client: FlaskClient, session: Session, org_zone: str, payload: dict[str, Any]
) -> None:
    org = make_org(session, timezone=org_zone)
    try:
        task = make_task(session, org, **payload)
    except ValidationFailed:
        session.rollback()
        assume(False)
    for locale in ("ar", "en", "fr"):
        posting = posting_of(client, task, locale)
        check_job_posting(posting)
        assert posting["title"] == task.text_for(locale).title
