"""The front page (/): open tasks of every organization listed in the server's directory.

Server-rendered and searched with a GET form, so it works without JavaScript; each task
links to its hosted page and each organization to its own. WIDGET_SERVER_DIRECTORY=false
leaves a page that only names the server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from flask_babel import get_locale

from widget_server import db
from widget_server.feeds.syndication_views import ATOM_TYPE, JSON_FEED_TYPE
from widget_server.hosted.seo import alternates
from widget_server.locales import LOCALES, open_graph_locale, pick
from widget_server.models import Task
from widget_server.public_url import public_url
from widget_server.services.catalog import task_directory
from widget_server.web.listing_page import (
    Listing,
    card,
    category_choices,
    language_names,
    read_filters,
    today,
)
from widget_server.web.page_policy import answer_errors_as_pages, apply_page_policy
from widget_server.web.rate_limits import listing_limits

bp = Blueprint("directory", __name__)


@bp.before_request
def _page_and_language() -> None:
    answer_errors_as_pages()
    # ?locale= or the browser's languages decide as everywhere; when neither names one of
    # ours, the directory speaks the operator's choice (Arabic unless set otherwise).
    chosen = pick(request.args.get("locale")) or request.accept_languages.best_match(LOCALES)
    if chosen is None:
        g.locale_hint = current_app.config["DIRECTORY_LOCALE"]


@bp.after_request
def _cached_and_framed_by_nobody(response: Response) -> Response:
    if response.status_code == 200:  # a refusal (429) is for one visitor, not for caches
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
        response.vary.add("Accept-Language")  # without ?locale= the reader's language
    return apply_page_policy(response, None)


def _language_filter() -> str | None:
    value = request.args.get("language", "").strip().lower()
    return value if task_directory.is_language_code(value) else None


def _server_name() -> str:
    return urlsplit(public_url("/")).hostname or "localhost"


def _meta(locale: str) -> dict[str, object]:
    return {
        "canonical": public_url(f"/?locale={locale}"),
        "alternates": alternates("/"),
        "x_default": public_url("/"),
        "og_locale": open_graph_locale(locale),
        "feeds": [
            (ATOM_TYPE, public_url(url_for("syndication.server_atom", locale=locale))),
            (JSON_FEED_TYPE, public_url(url_for("syndication.server_json", locale=locale))),
        ],
    }


@bp.get("/")
@listing_limits
def front_page() -> str:
    """Open tasks across the server's organizations, searched and filtered as in the widget."""
    locale = str(get_locale())
    guide = url_for("demo_guide.guide", locale=locale) if current_app.config["DEMO"] else None
    if not current_app.config["DIRECTORY"]:
        return render_template(
            "directory/off.html",
            server_name=_server_name(),
            guide=guide,
        )
    filters = task_directory.DirectoryFilters(read_filters(), _language_filter())
    found = task_directory.list_directory(db.session(), filters, today())
    return render_template(
        "directory/front_page.html",
        listing=Listing(filters.task, found, category_choices()),
        language=filters.language,
        languages=list(zip(LOCALES, language_names(list(LOCALES), locale), strict=True)),
        cards=[_card(task, locale) for task in found.items],
        past_the_end=found.page > found.total_pages,
        server_name=_server_name(),
        meta=_meta(locale),
        guide=guide,
    )


def _card(task: Task, locale: str) -> dict[str, Any]:
    organization = task.organization
    return dict(card(task, locale), org_name=organization.name, org_slug=organization.slug)
