"""Hosted pages (/o/<slug>): an organization's open tasks, for sharing and search engines.

The "Sign up" link opens the sign-up page top level as /embed/v1/tasks/<id>/signup?org=<slug>.
A publishable key in that link would add nothing (the page is ours, and the form is
protected by its signed token) but would spread the key into shared links and break
them when the key is rotated; the slug is public and stable.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale, gettext

from widget_server import db
from widget_server.auth import organization_by_slug
from widget_server.feeds.syndication_views import ATOM_TYPE, JSON_FEED_TYPE
from widget_server.hosted.seo import (
    alternates,
    job_posting,
    script_json,
)
from widget_server.hosted.share_links import share_links
from widget_server.locales import LOCALES, language_names, open_graph_locale
from widget_server.models import Organization
from widget_server.public_url import public_host, public_url
from widget_server.services.catalog import tasks
from widget_server.services.times import calendar_file
from widget_server.services.times.zones import zone_or_utc
from widget_server.volunteer_pages.my_forms import link_form_context
from widget_server.web.error_texts import category_label
from widget_server.web.listing_page import card, load_listing, today
from widget_server.web.page_policy import answer_errors_as_pages, framed_by_nobody

bp = Blueprint("hosted", __name__)


bp.before_request(answer_errors_as_pages)
bp.after_request(framed_by_nobody)


@bp.context_processor
def _my_volunteering_form() -> dict[str, Any]:
    # Every hosted page offers the sign-in link to My volunteering.
    return {"my_link": link_form_context()}


def _local_time(value: datetime | None, timezone: str, locale: str) -> str | None:
    """A task's start or end in the task's own time zone, as that zone is also shown."""
    if value is None:
        return None
    # A medium date with a short time (no seconds), joined the locale's own way.
    data = Locale.parse(locale)
    pattern = str(data.datetime_formats["medium"]).format(
        data.time_formats["short"].pattern, data.date_formats["medium"].pattern
    )
    return format_datetime(value, pattern, tzinfo=zone_or_utc(timezone), locale=locale)


def _page_meta(path: str, organization: Organization) -> dict[str, Any]:
    locale = str(get_locale())
    slug = organization.slug
    return {
        "canonical": public_url(f"{path}?locale={locale}"),
        "alternates": alternates(path),
        "og_locale": open_graph_locale(locale),
        "og_alternates": [open_graph_locale(other) for other in LOCALES if other != locale],
        # Feed readers find the organization's feeds from any of its pages.
        "feeds": [
            (
                ATOM_TYPE,
                public_url(url_for("syndication.organization_atom", slug=slug, locale=locale)),
            ),
            (
                JSON_FEED_TYPE,
                public_url(url_for("syndication.organization_json", slug=slug, locale=locale)),
            ),
        ],
    }


@bp.get("/<slug>")
def organization_page(slug: str) -> str:
    """The organization's open tasks as an ordinary page."""
    organization = organization_by_slug(slug)
    locale = str(get_locale())
    listing = load_listing(organization)
    return render_template(
        "hosted/organization.html",
        organization=organization,
        listing=listing,
        cards=[card(task, locale) for task in listing.page.items],
        meta=_page_meta(url_for("hosted.organization_page", slug=slug), organization),
    )


@bp.get("/<slug>/tasks/<task_id>")
def task_page(slug: str, task_id: str) -> str:
    """One task in full, with Open Graph tags and a schema.org JobPosting."""
    organization = organization_by_slug(slug)
    locale = str(get_locale())
    task = tasks.get_public_task(db.session(), organization, task_id, today())
    meta = _page_meta(url_for("hosted.task_page", slug=slug, task_id=task_id), organization)
    return render_template(
        "hosted/task.html",
        organization=organization,
        task=task,
        text=task.text_for(locale),
        category=category_label(task.category),
        languages=language_names(task.languages, locale),
        starts=_local_time(task.starts_at, task.timezone, locale),
        ends=_local_time(task.ends_at, task.timezone, locale),
        meta=meta,
        json_ld=script_json(
            job_posting(
                task,
                organization,
                locale,
                meta["canonical"],
                public_url(url_for("hosted.organization_page", slug=slug, locale=locale)),
            )
        ),
        signup_url=url_for("frames.signup_form", task_id=task_id, org=slug, locale=locale),
        calendar_url=(
            url_for("hosted.task_calendar", slug=slug, task_id=task_id, locale=locale)
            if calendar_file.has_fixed_times(task)
            else None
        ),
        share_links=share_links(meta["canonical"], task.text_for(locale).title),
    )


@bp.get("/<slug>/tasks/<task_id>/calendar.ics")
def task_calendar(slug: str, task_id: str) -> Response:
    """A task's fixed session as an iCalendar file, its text in the reader's language."""
    organization = organization_by_slug(slug)
    locale = str(get_locale())
    task = tasks.get_public_task(db.session(), organization, task_id, today())
    page = public_url(url_for("hosted.task_page", slug=slug, task_id=task_id, locale=locale))
    text = task.text_for(locale)
    event = calendar_file.EventText(
        title=text.title,
        description="\n\n".join(part for part in (text.summary, page) if part),
        language=text.locale,
        url=page,
        location=gettext("Online"),
    )
    body = calendar_file.task_calendar(task, event, public_host())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{task.public_id}.ics"'
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
    response.make_conditional(request)
    return response
