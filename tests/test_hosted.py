"""Hosted pages (/o/<slug>): shareable, indexable, and framed by nobody."""

from __future__ import annotations

import json
import time

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task
from tests.pages import element, elements, json_ld_scripts, meta
from widget_server.models import Signup
from widget_server.services.inputs import form_tokens

XSS = "<img src=x onerror=alert(1)>"


def task_url(org: OrgWithKeys, task_id: str, query: str = "") -> str:
    return f"/o/{org.organization.slug}/tasks/{task_id}{query}"


def test_organization_page_lists_open_tasks_and_may_not_be_framed(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_task(session, org, status="draft")
    response = client.get(f"/o/{org.organization.slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(elements(html, "article")) == 1
    assert element(html, "a", href=f"/o/{org.organization.slug}/tasks/{task.public_id}?locale=en")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    assert meta(html, "og:url") == f"http://widgets.test/o/{org.organization.slug}?locale=en"


def test_task_page_has_a_job_posting_for_a_remote_volunteer_task(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, apply_by="2099-06-30")
    response = client.get(task_url(org, task.public_id))
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    [raw] = json_ld_scripts(response.get_data(as_text=True))
    posting = json.loads(raw)
    assert posting["@type"] == "JobPosting"
    assert posting["employmentType"] == "VOLUNTEER"
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["title"] == "Translate our newsletter"
    assert "<strong>four pages</strong>" in posting["description"]
    assert posting["datePosted"] == task.published_at.date().isoformat()
    assert posting["validThrough"] == "2099-06-30T23:59:59+03:00"  # Beirut summer time
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": org.organization.name,
        "url": f"http://widgets.test/o/{org.organization.slug}?locale=en",
        "sameAs": "https://ngo.example",
    }
    assert posting["identifier"]["value"] == task.public_id
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "LB"}
    assert posting["directApply"] is True
    assert posting["workHours"] == "3 hours per week"


def test_a_title_cannot_break_out_of_the_json_ld_script(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    title = '</script><script>alert(1)</script> & "more"'
    text = {"en": {"title": title, "summary": "s", "description": "d"}}
    task = make_task(session, org, translations=text)
    html = client.get(task_url(org, task.public_id)).get_data(as_text=True)
    [raw] = json_ld_scripts(html)
    assert "</script" not in raw.lower()
    assert json.loads(raw)["title"] == title
    assert [s for s in elements(html, "script") if not s.get("src") and not s.get("type")] == []


def test_task_page_has_open_graph_twitter_canonical_and_language_alternates(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    html = client.get(task_url(org, task.public_id, "?locale=ar")).get_data(as_text=True)
    absolute = f"http://widgets.test/o/{org.organization.slug}/tasks/{task.public_id}"
    assert element(html, "html")["dir"] == "rtl"
    assert meta(html, "og:title") == "ترجمة نشرتنا الإخبارية"
    assert meta(html, "og:description") == "شهريًا من المنزل."
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:url") == f"{absolute}?locale=ar"
    assert meta(html, "og:locale") == "ar_AR"
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "description")
    assert element(html, "link", rel="canonical")["href"] == f"{absolute}?locale=ar"
    links = elements(html, "link", rel="alternate")
    hreflangs = {a["hreflang"]: a["href"] for a in links if "hreflang" in a}
    assert hreflangs == {loc: f"{absolute}?locale={loc}" for loc in ("ar", "en", "fr")}
    others = [m["content"] for m in elements(html, "meta", property="og:locale:alternate")]
    assert others == ["en_US", "fr_FR"]
    assert meta(html, "og:site_name") == org.organization.name
    assert meta(html, "twitter:title") == "ترجمة نشرتنا الإخبارية"


def test_task_page_follows_the_organizations_language_by_default(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, default_locale="ar")
    task = make_task(session, org)
    html = client.get(task_url(org, task.public_id)).get_data(as_text=True)
    assert element(html, "html") == {"lang": "ar", "dir": "rtl"}
    assert meta(html, "og:locale") == "ar_AR"


def test_markup_in_task_text_is_escaped_but_the_sanitized_description_is_html(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    text = {"en": {"title": XSS, "summary": XSS, "description": f"**bold** {XSS}"}}
    task = make_task(session, org, translations=text)
    for url in (task_url(org, task.public_id), f"/o/{org.organization.slug}"):
        html = client.get(url).get_data(as_text=True)
        assert XSS not in html
        assert elements(html, "img") == []
    html = client.get(task_url(org, task.public_id)).get_data(as_text=True)
    assert "<strong>bold</strong>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_sign_up_link_opens_the_form_by_organization_slug_without_a_key(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    html = client.get(task_url(org, task.public_id)).get_data(as_text=True)
    link = next(a["href"] for a in elements(html, "a") if "/signup" in a["href"])
    assert "key=" not in link and f"org={org.organization.slug}" in link

    form = client.get(link)
    assert form.status_code == 200
    assert "frame-ancestors 'self' https://ngo.example" in form.headers["Content-Security-Policy"]
    token = form_tokens.make_token(
        "test-secret-key", org.organization.id, task.public_id, now=time.time() - 5
    )
    data = {"form_token": token, "name": "Omar", "email": "omar@example.org", "consent": "yes"}
    done = client.post(link, data=data)
    assert done.status_code == 200
    signup = session.scalar(select(Signup))
    assert signup is not None and signup.origin is None


def test_unknown_organization_or_task_is_a_not_found_page(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    for url in ("/o/nobody", task_url(org, "tsk_missing")):
        response = client.get(url)
        assert response.status_code == 404
        assert response.content_type.startswith("text/html")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_places_left_and_hours_follow_arabic_plural_forms(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, default_locale="ar")
    two = make_task(session, org, capacity=2, hours_per_week=1)
    five = make_task(session, org, capacity=5, hours_per_week=11)
    two_html = client.get(task_url(org, two.public_id)).get_data(as_text=True)
    five_html = client.get(task_url(org, five.public_id)).get_data(as_text=True)
    assert "تبقّى مكانان" in two_html and "ساعة واحدة في الأسبوع" in two_html
    assert "تبقّت 5 أماكن" in five_html and "11 ساعة في الأسبوع" in five_html


def test_a_fixed_schedule_is_shown_in_the_tasks_own_time_zone(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        schedule="fixed",
        timezone="Asia/Beirut",
        starts_at="2099-03-01T07:00:00Z",
    )
    html = client.get(task_url(org, task.public_id)).get_data(as_text=True)
    assert "9:00\u202fAM" in html and "9:00:00" not in html and "Asia/Beirut" in html
