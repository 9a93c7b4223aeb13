"""Atom and JSON Feed documents of open tasks, each entry in the reader's language if it can."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext
from markupsafe import Markup

from widget_server.models import Organization, Task
from widget_server.public_url import public_url
from widget_server.services.inputs.control_chars import without_control_chars
from widget_server.web.error_texts import category_label

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    summary: str
    content_html: str
    lang: str
    category: str
    category_label: str
    skills: list[str]
    published: datetime
    updated: datetime
    author: str
    author_url: str
    extra: dict[str, Any]


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    author: str
    lang: str
    updated: datetime
    atom_url: str
    json_url: str
    home_url: str | None
    entries: list[Entry]


def task_url(task: Task, locale: str) -> str:
    """The hosted page of a task, absolute, in a language."""
    slug = task.organization.slug
    return public_url(url_for("hosted.task_page", slug=slug, task_id=task.public_id, locale=locale))


def entry(task: Task, locale: str) -> Entry:
    """One task as a feed entry; its text in locale, else the task's own language."""
    text = task.text_for(locale)
    organization = task.organization
    clean = without_control_chars
    title = clean(text.title)
    summary = clean(text.summary) or title
    lead = Markup("<p>{}</p>").format(summary)
    return Entry(
        # The same task keeps its id whatever the language or the feed it appears in.
        id=public_url(url_for("hosted.task_page", slug=organization.slug, task_id=task.public_id)),
        url=task_url(task, locale),
        title=title,
        summary=summary,
        content_html=clean(str(lead + Markup(text.description_html or ""))),  # noqa: S704 (nh3)
        lang=text.locale,
        category=task.category,
        category_label=category_label(task.category),
        skills=[clean(s) for s in task.skills if clean(s).strip()],
        published=task.published_at or task.created_at,
        updated=task.updated_at,
        author=clean(organization.name),
        author_url=public_url(
            url_for("hosted.organization_page", slug=organization.slug, locale=locale)
        ),
        extra={
            "category": task.category,
            "skills": task.skills,
            "languages": task.languages,
            "hours_per_week": task.hours_per_week,
            "schedule": task.schedule.value,
            "starts_at": task.starts_at.isoformat() if task.starts_at else None,
            "apply_by": task.apply_by.isoformat() if task.apply_by else None,
        },
    )


def build_feed(
    organization: Organization | None, tasks: list[Task], locale: str, updated: datetime
) -> Feed:
    """The feed of one organization's open tasks, or of the whole server's (None)."""
    if organization is not None:
        slug = organization.slug
        atom = url_for("syndication.organization_atom", slug=slug, locale=locale)
        json = url_for("syndication.organization_json", slug=slug, locale=locale)
        title = gettext("Volunteer tasks of %(org)s", org=without_control_chars(organization.name))
        subtitle = gettext(
            "Remote volunteering with %(org)s: open tasks you can do from anywhere.",
            org=without_control_chars(organization.name),
        )
        home: str | None = public_url(url_for("hosted.organization_page", slug=slug, locale=locale))
    else:
        atom = url_for("syndication.server_atom", locale=locale)
        json = url_for("syndication.server_json", locale=locale)
        title = gettext("Remote volunteer tasks")
        subtitle = gettext("Open tasks of every organization here, to do from anywhere.")
        home = None
    entries = [entry(task, locale) for task in tasks]
    return Feed(
        id=public_url(atom),
        title=title,
        subtitle=subtitle,
        author=without_control_chars(organization.name) if organization is not None else title,
        lang=locale,
        updated=max([updated, *(e.updated for e in entries)]),
        atom_url=public_url(atom),
        json_url=public_url(json),
        home_url=home,
        entries=entries,
    )


def atom_document(feed: Feed) -> str:
    return render_template("syndication/atom.xml", feed=feed)


def json_feed_document(feed: Feed) -> dict[str, Any]:
    """A JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    document: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.json_url,
        "description": feed.subtitle,
        "language": feed.lang,
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "authors": [{"name": e.author, "url": e.author_url}],
                "tags": [e.category_label, *e.skills],
                "language": e.lang,
                "_volunteer_task": e.extra,
            }
            for e in feed.entries
        ],
    }
    if feed.home_url is None:
        del document["home_page_url"]
    return document
