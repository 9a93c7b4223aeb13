"""Task listings as HTML pages (the iframe board, the hosted organization page and the
server's directory)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import request

from widget_server import db
from widget_server.locales import language_names
from widget_server.models import CATEGORIES, Organization, Task
from widget_server.services.catalog import tasks
from widget_server.services.paging import Page
from widget_server.web.error_texts import category_label

PER_PAGE = 10
_DIGITS = re.compile(r"^[0-9]{1,5}$")


def today() -> Any:
    return datetime.now(UTC).date()


def _int_arg(name: str, minimum: int, maximum: int) -> int | None:
    # Pages for people ignore a bad filter rather than refuse the whole page.
    value = request.args.get(name, "").strip()
    if _DIGITS.match(value) and minimum <= int(value) <= maximum:
        return int(value)
    return None


def _text_arg(name: str, max_length: int) -> str | None:
    value = request.args.get(name, "").replace("\x00", "").strip()
    return value[:max_length] or None


def read_filters() -> tasks.PublicFilters:
    """Filters from the query string, leniently: a bad value is ignored."""
    category = request.args.get("category")
    return tasks.PublicFilters(
        category=category if category in CATEGORIES else None,
        skill=_text_arg("skill", 50),
        q=_text_arg("q", 200),
        max_hours=_int_arg("max_hours", 1, 80),
        page=_int_arg("page", 1, 10000) or 1,
        per_page=PER_PAGE,
    )


@dataclass(frozen=True)
class Listing:
    filters: tasks.PublicFilters
    page: Page[Task]
    categories: list[tuple[str, str]]

    def page_args(self, number: int) -> dict[str, Any]:
        """Query arguments of another page with the same filters (and key, locale…)."""
        args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page" and v}
        args["page"] = number
        return args


def category_choices() -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every category, for a filter."""
    return [(code, category_label(code)) for code in CATEGORIES]


def load_listing(organization: Organization) -> Listing:
    filters = read_filters()
    page = tasks.list_public_tasks(db.session(), organization, filters, today())
    return Listing(filters, page, category_choices())


def card(task: Task, locale: str) -> dict[str, Any]:
    """What a listing shows of one task."""
    text = task.text_for(locale)
    return {
        "id": task.public_id,
        "title": text.title,
        "summary": text.summary,
        "lang": text.locale,
        "category": category_label(task.category),
        "hours": task.hours_per_week,
        "spots_left": task.spots_left,
        "waitlist": task.waitlist,
        "languages": language_names(task.languages, locale),
    }
