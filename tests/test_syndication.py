"""Feeds, sitemaps and robots.txt: what feed readers, aggregators and search engines read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, store_text
from tests.pages import elements
from widget_server.services.catalog import tasks
from widget_server.services.inputs.control_chars import without_control_chars

BASE = "http://widgets.test"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LOCALES = ("ar", "en", "fr")
ENGLISH_ONLY = {"en": {"title": "Design our leaflet", "summary": "Two pages.", "description": ""}}


def parse_xml(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)  # noqa: S314 (this server's own answer)


def parse_feed(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(
        response.data, response_headers={"content-type": response.content_type}
    )
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def check_json_feed(document: dict[str, Any]) -> None:
    """The fields JSON Feed 1.1 requires, with the types it gives them."""
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert document.get(key) is None or document[key].startswith("http")
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).tzinfo is not None
        assert all(isinstance(tag, str) and tag for tag in item["tags"])
        assert all(a.get("name") or a.get("url") for a in item["authors"])
        assert all(k in JSON_FEED_ITEM_KEYS or k.startswith("_") for k in item)


JSON_FEED_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip


def test_organization_atom_feed_lists_open_tasks_in_arabic_with_fallback(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    both = make_task(session, org)
    english = make_task(session, org, translations=ENGLISH_ONLY, category="graphic_design")
    make_task(session, org, status="draft")
    slug = org.organization.slug

    feed = parse_feed(client, f"/o/{slug}/feed.atom?locale=ar")

    assert feed.feed.language == "ar"
    assert feed.feed.title == f"مهام التطوع لدى {org.organization.name}"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == (
        f"{BASE}/o/{slug}/feed.atom?locale=ar"
    )
    by_id = {e.id: e for e in feed.entries}
    assert set(by_id) == {f"{BASE}/o/{slug}/tasks/{t.public_id}" for t in (both, english)}
    arabic = by_id[f"{BASE}/o/{slug}/tasks/{both.public_id}"]
    assert arabic.title == "ترجمة نشرتنا الإخبارية"
    assert arabic.link == f"{BASE}/o/{slug}/tasks/{both.public_id}?locale=ar"
    assert arabic.title_detail.language == "ar"
    assert [(t.term, t.label) for t in arabic.tags] == [
        ("translation", "الترجمة"),
        ("Arabic", None),
        ("English", None),
    ]
    assert arabic.author == org.organization.name
    assert arabic.updated_parsed and arabic.published_parsed
    fallback = by_id[f"{BASE}/o/{slug}/tasks/{english.public_id}"]
    assert fallback.title == "Design our leaflet" and fallback.title_detail.language == "en"
    assert (
        "<strong>four pages</strong>"
        in parse_feed(client, f"/o/{slug}/feed.atom?locale=en").entries[-1].content[0].value
    )


def test_server_feeds_list_every_organizations_open_tasks(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session, default_locale="ar")
    ours, theirs = make_task(session, org), make_task(session, other)
    make_task(session, other, status="closed")

    feed = parse_feed(client, "/feed.atom?locale=fr")
    assert [e.link.split("?")[0] for e in feed.entries] == [
        f"{BASE}/o/{other.organization.slug}/tasks/{theirs.public_id}",
        f"{BASE}/o/{org.organization.slug}/tasks/{ours.public_id}",
    ]
    assert {e.author for e in feed.entries} == {
        org.organization.name,
        other.organization.name,
    }

    response = client.get("/feed.json?locale=fr")
    assert response.mimetype == "application/feed+json"
    document = response.get_json(force=True)
    check_json_feed(document)
    assert document["language"] == "fr" and "home_page_url" not in document
    assert [item["id"] for item in document["items"]] == [e.id for e in feed.entries]


def test_json_feed_carries_localized_text_categories_and_links(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, apply_by="2099-01-31")
    slug = org.organization.slug
    document = client.get(f"/o/{slug}/feed.json?locale=ar").get_json(force=True)
    check_json_feed(document)
    assert document["home_page_url"] == f"{BASE}/o/{slug}?locale=ar"
    assert document["feed_url"] == f"{BASE}/o/{slug}/feed.json?locale=ar"
    [item] = document["items"]
    assert item["title"] == "ترجمة نشرتنا الإخبارية" and item["language"] == "ar"
    assert item["url"] == f"{BASE}/o/{slug}/tasks/{task.public_id}?locale=ar"
    assert item["tags"] == ["الترجمة", "Arabic", "English"]
    assert item["_volunteer_task"]["apply_by"] == "2099-01-31"
    assert item["_volunteer_task"]["category"] == "translation"


def test_a_feed_answers_304_until_the_organizations_tasks_change(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/o/{org.organization.slug}/feed.atom?locale=en"
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "max-age=300" in first.headers["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url.replace("=en", "=ar"), headers={"If-None-Match": etag}).status_code == 200

    tasks.update_task(session, org.organization, task.public_id, {"status": "paused"})
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert feedparser.parse(again.data).entries == []


def test_an_unknown_organizations_feed_is_a_not_found_page_in_the_readers_language(
    client: FlaskClient,
) -> None:
    response = client.get("/o/nobody/feed.atom?locale=fr")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert 'lang="fr"' in response.get_data(as_text=True)


@pytest.mark.parametrize("title", ["A & B <c> \"d\" 'e'", "تصميم ]]> <![CDATA[ x"])
def test_markup_in_task_text_stays_text_in_every_feed(
    client: FlaskClient, session: Session, org: OrgWithKeys, title: str
) -> None:
    text = {"en": {"title": title, "summary": title, "description": f"**{title}**"}}
    make_task(session, org, translations=text, skills=["C++ & <Go>"])
    [entry] = parse_feed(client, f"/o/{org.organization.slug}/feed.atom").entries
    assert entry.title == title
    assert [t.term for t in entry.tags][1:] == ["C++ & <Go>"]
    [item] = client.get(f"/o/{org.organization.slug}/feed.json").get_json(force=True)["items"]
    assert item["title"] == title


def test_sitemap_index_leads_to_each_organizations_pages_in_three_languages(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    draft = make_task(session, org, status="draft")
    other = make_org(session)
    slug = org.organization.slug

    index = parse_xml(client.get("/sitemap.xml").data)
    locations = [e.text for e in index.iter(f"{SITEMAP}loc")]
    assert locations == sorted(f"{BASE}/o/{s}/sitemap.xml" for s in (slug, other.organization.slug))
    today = datetime.now(UTC).date()
    for lastmod in index.iter(f"{SITEMAP}lastmod"):
        assert today - timedelta(days=1) <= datetime.fromisoformat(lastmod.text).date() <= today

    sitemap = client.get(f"/o/{slug}/sitemap.xml")
    assert sitemap.mimetype == "application/xml"
    urls = parse_xml(sitemap.data).findall(f"{SITEMAP}url")
    pages = {u.find(f"{SITEMAP}loc").text: u for u in urls}
    task_page = f"{BASE}/o/{slug}/tasks/{task.public_id}"
    assert set(pages) == {
        f"{page}?locale={loc}" for page in (f"{BASE}/o/{slug}", task_page) for loc in LOCALES
    }
    assert draft.public_id not in sitemap.get_data(as_text=True)
    links = pages[f"{task_page}?locale=fr"].findall(f"{XHTML}link")
    assert {link.get("hreflang"): link.get("href") for link in links} == {
        loc: f"{task_page}?locale={loc}" for loc in ("ar", "en", "fr")
    }


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(
    client: FlaskClient,
) -> None:
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /v/"} <= set(lines)
    assert "Disallow: /o/" not in lines


def test_hosted_pages_announce_their_feeds(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    slug = org.organization.slug
    for url in (f"/o/{slug}?locale=ar", f"/o/{slug}/tasks/{task.public_id}?locale=ar"):
        html = client.get(url).get_data(as_text=True)
        feeds = {
            link["type"]: link["href"]
            for link in elements(html, "link", rel="alternate")
            if "type" in link
        }
        assert feeds == {
            "application/atom+xml": f"{BASE}/o/{slug}/feed.atom?locale=ar",
            "application/feed+json": f"{BASE}/o/{slug}/feed.json?locale=ar",
        }
        for href in feeds.values():
            assert client.get(href.removeprefix(BASE)).status_code == 200


def test_feeds_take_no_key_and_set_no_cookie(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    for url in ("/feed.atom", "/feed.json", "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    assert json.loads(client.get("/feed.json").data)["items"]


def test_control_characters_in_task_text_do_not_break_the_xml(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session)
    org.organization.name = "Aid\x07 Org"  # saved before names were checked at creation
    task = make_task(session, org)
    store_text(
        session,
        task,
        title="Design\x0b our\x01 logo",
        summary="s\x1b",
        description="d\x02",
        skills=["\x08", "Canva\x0c"],
    )
    for url in (f"/o/{org.organization.slug}/feed.atom", "/feed.atom"):
        [entry] = parse_feed(client, url).entries
        assert entry.title == "Design our logo"
        assert entry.author == "Aid Org"
        assert [t.term for t in entry.tags][1:] == ["Canva"]
    parse_xml(client.get(f"/o/{org.organization.slug}/sitemap.xml").data)


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=ANY_TEXT.filter(str.strip),
    title=ANY_TEXT.filter(str.strip),
    summary=ANY_TEXT,
    description=ANY_TEXT,
    skills=st.lists(ANY_TEXT.filter(str.strip), max_size=4, unique=True),
)
def test_any_task_text_makes_a_well_formed_feed(
    client: FlaskClient,
    session: Session,
    name: str,
    title: str,
    summary: str,
    description: str,
    skills: list[str],
) -> None:
    org = make_org(session)
    org.organization.name = name[:200]  # any text, as another program may have stored it
    task = make_task(session, org, translations={"ar": {"title": "t"}})
    store_text(
        session,
        task,
        "ar",
        title=title[:200],
        summary=summary[:500],
        description=description,
        skills=[s[:50] for s in skills],
    )
    slug = org.organization.slug
    entries = parse_feed(client, f"/o/{slug}/feed.atom?locale=fr").entries
    assert [e.id for e in entries] == [f"{BASE}/o/{slug}/tasks/{task.public_id}"]
    document = client.get(f"/o/{slug}/feed.json?locale=fr").get_json(force=True)
    check_json_feed(document)
    assert document["items"][0]["title"] == without_control_chars(task.text_for("fr").title)
    parse_xml(client.get(f"/o/{slug}/sitemap.xml").data)
