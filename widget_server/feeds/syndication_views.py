"""Feeds, sitemaps and robots.txt: open tasks for feed readers, aggregators and search engines.

/o/<slug>/feed.atom, /o/<slug>/feed.json: one organization's open tasks;
/feed.atom, /feed.json: every organization's; ?locale= picks the language.
/sitemap.xml is an index of one sitemap per organization (/o/<slug>/sitemap.xml), so no
file outgrows the protocol's 50,000 URLs. Everything is public, takes no personal data,
and answers If-None-Match / If-Modified-Since from the organizations' content_version.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale

from widget_server import db
from widget_server.auth import organization_by_slug
from widget_server.feeds.feed_documents import atom_document, build_feed, json_feed_document
from widget_server.hosted.seo import alternates
from widget_server.models import Organization
from widget_server.public_url import public_url
from widget_server.services.catalog import syndication
from widget_server.web.listing_page import today
from widget_server.web.page_policy import answer_errors_as_pages

bp = Blueprint("syndication", __name__)
bp.before_request(answer_errors_as_pages)

ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
_XML_TYPE = "application/xml"


def _conditional(
    organization: Organization | None,
    kind: str,
    render: Callable[[syndication.Freshness], str],
    mimetype: str,
) -> Response:
    """The document, or 304 when the client's copy is current; rendered only when needed."""
    locale = str(get_locale())
    fresh = syndication.freshness(db.session(), organization, today(), kind, locale)
    response = Response(mimetype=mimetype)
    response.set_etag(fresh.etag)
    response.last_modified = fresh.updated
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_CACHE_SECONDS"]
    response.vary.add("Accept-Language")  # without ?locale= the language follows the reader
    response.make_conditional(request)
    if response.status_code != 304:
        response.set_data(render(fresh))
    return response


def _feed(organization: Organization | None, kind: str) -> Response:
    def render(fresh: syndication.Freshness) -> str:
        locale = str(get_locale())
        tasks = syndication.feed_tasks(db.session(), organization, today())
        feed = build_feed(organization, tasks, locale, fresh.updated)
        if kind == "atom":
            return atom_document(feed)
        return json.dumps(json_feed_document(feed), ensure_ascii=False, indent=1)

    return _conditional(organization, kind, render, ATOM_TYPE if kind == "atom" else JSON_FEED_TYPE)


@bp.get("/feed.atom")
def server_atom() -> Response:
    """Every organization's open tasks as an Atom feed."""
    return _feed(None, "atom")


@bp.get("/feed.json")
def server_json() -> Response:
    """Every organization's open tasks as a JSON Feed 1.1."""
    return _feed(None, "json")


@bp.get("/o/<slug>/feed.atom")
def organization_atom(slug: str) -> Response:
    """One organization's open tasks as an Atom feed."""
    return _feed(organization_by_slug(slug), "atom")


@bp.get("/o/<slug>/feed.json")
def organization_json(slug: str) -> Response:
    """One organization's open tasks as a JSON Feed 1.1."""
    return _feed(organization_by_slug(slug), "json")


@bp.get("/sitemap.xml")
def sitemap_index() -> Response:
    """An index of the organizations' sitemaps."""

    def render(_: syndication.Freshness) -> str:
        sitemaps = [
            {
                "loc": public_url(url_for("syndication.organization_sitemap", slug=o.slug)),
                "lastmod": o.updated_at.date().isoformat(),
            }
            for o in syndication.sitemap_organizations(db.session())
        ]
        return render_template("syndication/sitemap_index.xml", sitemaps=sitemaps)

    return _conditional(None, "sitemap", render, _XML_TYPE)


@bp.get("/o/<slug>/sitemap.xml")
def organization_sitemap(slug: str) -> Response:
    """The hosted pages of an organization and its open tasks, in each language."""
    organization = organization_by_slug(slug)

    def render(_: syndication.Freshness) -> str:
        pages = [
            {
                "alternates": alternates(url_for("hosted.organization_page", slug=slug)),
                "lastmod": organization.updated_at.date().isoformat(),
            }
        ]
        for task in syndication.sitemap_tasks(db.session(), organization, today()):
            path = url_for("hosted.task_page", slug=slug, task_id=task.public_id)
            pages.append(
                {"alternates": alternates(path), "lastmod": task.updated_at.date().isoformat()}
            )
        return render_template("syndication/sitemap.xml", pages=pages)

    return _conditional(organization, "sitemap", render, _XML_TYPE)


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read hosted pages; the panel and volunteers' own links are not for them."""
    text = "\n".join(
        [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /v/",
            "Disallow: /embed/v1/tasks/",
            "",
            f"Sitemap: {public_url(url_for('syndication.sitemap_index'))}",
            "",
        ]
    )
    response = Response(text, mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
