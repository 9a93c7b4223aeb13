"""Open tasks for feeds and sitemaps: which ones, and when what they show last changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, lazyload, load_only

from widget_server.models import Organization, Task
from widget_server.services.catalog.tasks import is_public

# A feed lists the newest open tasks; readers only need what is new since they last looked.
FEED_ENTRIES = 50
# Each URL of a sitemap comes in three languages and a sitemap holds at most 50,000 URLs.
SITEMAP_TASKS = 16_000


@dataclass(frozen=True)
class Freshness:
    """A validator that changes whenever the listed tasks may have, and the time they did."""

    etag: str
    updated: datetime


def freshness(
    session: Session, organization: Organization | None, today: date, *parts: str
) -> Freshness:
    """For one organization, or the whole server (None), from content_version alone.

    Every change to what the public sees bumps the organization's content_version and so
    its updated_at; a task whose apply-by date passes drops out with the day, hence today.
    parts tell apart documents built from the same tasks (format, language).
    """
    if organization is not None:
        versions = f"{organization.id}:{organization.content_version}"
        updated = organization.updated_at
    else:
        count, total, latest = session.execute(
            select(
                func.count(Organization.id),
                func.coalesce(func.sum(Organization.content_version), 0),
                func.max(Organization.updated_at),
            )
        ).one()
        versions = f"all:{count}:{total}"
        updated = latest or datetime(2000, 1, 1, tzinfo=UTC)
    key = ":".join([versions, today.isoformat(), *parts])
    return Freshness(hashlib.sha256(key.encode()).hexdigest()[:32], updated)


def feed_tasks(
    session: Session, organization: Organization | None, today: date, limit: int = FEED_ENTRIES
) -> list[Task]:
    """The newest open tasks of one organization, or of every organization (None)."""
    query = select(Task).where(is_public(today)).options(joinedload(Task.organization))
    if organization is not None:
        query = query.where(Task.organization_id == organization.id)
    query = query.order_by(Task.published_at.desc(), Task.id.desc()).limit(limit)
    return list(session.scalars(query))


def sitemap_organizations(session: Session) -> list[Organization]:
    """Every organization, for the sitemap index: each has a hosted page."""
    return list(session.scalars(select(Organization).order_by(Organization.slug)))


def sitemap_tasks(session: Session, organization: Organization, today: date) -> list[Task]:
    """The organization's open tasks whose hosted pages search engines may list."""
    query = (
        select(Task)
        .where(Task.organization_id == organization.id, is_public(today))
        .options(load_only(Task.public_id, Task.updated_at), lazyload(Task.translations))
        .order_by(Task.published_at.desc(), Task.id.desc())
        .limit(SITEMAP_TASKS)
    )
    return list(session.scalars(query))
