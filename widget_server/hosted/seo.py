"""What search engines and social networks read: absolute URLs, Open Graph, JobPosting."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from babel.core import get_global
from markupsafe import Markup

from widget_server.locales import LOCALES
from widget_server.models import Organization, Schedule, Task
from widget_server.public_url import public_url
from widget_server.services.times.zones import is_zone, zone_or_utc

# Inside <script>, "</script>" or "<!--" would end or confuse the element: escape them all.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def alternates(path: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each language of the page."""
    return [(locale, public_url(f"{path}?locale={locale}")) for locale in LOCALES]


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))  # noqa: S704 (escaped just above)


def country_of(timezone: str) -> str | None:
    """The ISO country of an IANA time zone ("Asia/Beirut" -> "LB"), if it has one."""
    if not is_zone(timezone):
        return None
    territories = get_global("zone_territories")
    country = territories.get(timezone)
    return country if country and country != "001" else None


def applicant_location(task: Task, organization: Organization) -> dict[str, str]:
    """Where volunteers may work from, which Google requires of every remote JobPosting.

    The organization's country is the best we know, then that of the task's time zone;
    with neither (a UTC organization), anywhere.
    """
    country = country_of(organization.timezone) or country_of(task.timezone)
    if country:
        return {"@type": "Country", "name": country}
    return {"@type": "AdministrativeArea", "name": "Worldwide"}


def valid_through(task: Task, organization: Organization) -> str | None:
    """The end of the apply-by day, else the end of a fixed schedule, else unknown."""
    if task.apply_by is not None:
        zone = zone_or_utc(organization.timezone)
        return datetime.combine(task.apply_by, time(23, 59, 59), tzinfo=zone).isoformat()
    if task.schedule is Schedule.FIXED and task.ends_at is not None:
        return task.ends_at.isoformat()
    return None


def job_posting(
    task: Task, organization: Organization, locale: str, url: str, organization_url: str
) -> dict[str, Any]:
    """A schema.org JobPosting for a remote volunteer task, with every field Google requires.

    Required: title, description, datePosted, hiringOrganization, and for a job done from
    home jobLocationType TELECOMMUTE with applicantLocationRequirements (instead of a
    jobLocation); validThrough whenever the task has an end.
    """
    text = task.text_for(locale)
    description = text.description_html or f"<p>{Markup.escape(text.summary or text.title)}</p>"
    posted = task.published_at or task.created_at
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": text.title,
        "description": description,
        "url": url,
        "datePosted": posted.date().isoformat(),
        "employmentType": "VOLUNTEER",
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": applicant_location(task, organization),
        "directApply": True,
        "workHours": f"{task.hours_per_week} hours per week",
        "hiringOrganization": {
            "@type": "Organization",
            "name": organization.name,
            "url": organization_url,
        },
        "identifier": {
            "@type": "PropertyValue",
            "name": organization.name,
            "value": task.public_id,
        },
    }
    if organization.allowed_origins:
        posting["hiringOrganization"]["sameAs"] = organization.allowed_origins[0]
    end = valid_through(task, organization)
    if end is not None:
        posting["validThrough"] = end
    return posting
