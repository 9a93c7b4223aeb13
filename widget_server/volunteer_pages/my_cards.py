"""What "My volunteering" shows of each sign-up and alert, with its links and times in
the volunteer's zone and language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from widget_server.db import utcnow
from widget_server.models import Schedule
from widget_server.services.task_alerts.alerts import criteria_context
from widget_server.services.volunteer_home.overview import AlertEntry, Overview, SignupEntry
from widget_server.services.volunteering import volunteer_links
from widget_server.settings import secret_key
from widget_server.web.error_texts import status_label
from widget_server.web.visitor_times import local_times


@dataclass(frozen=True)
class SignupCard:
    public_id: str
    org_name: str
    task_title: str
    task_url: str
    status: str
    status_text: str
    withdrawable: bool
    next_session: str | None  # the fixed session still to come, in the volunteer's zone
    zone_text: str | None  # that zone's name, in the reader's language
    hours_per_week: int
    hours_contributed: float | None
    certificate_url: str | None
    # The sign-up's conversation with the organization (messaging): shown as a link when set.
    conversation_url: str | None = None


@dataclass(frozen=True)
class AlertCard:
    public_id: str
    org_name: str | None  # None: new tasks of every organization on this server
    frequency: str
    criteria: dict[str, object]


def _next_session(entry: SignupEntry, zone: str | None, locale: str) -> tuple[str, str] | None:
    task = entry.signup.task
    if task.schedule is not Schedule.FIXED or task.starts_at is None:
        return None
    if (task.ends_at or task.starts_at) <= utcnow():
        return None
    times = local_times(task, entry.organization, zone, locale)
    return (times.yours, times.your_zone) if times is not None else None


def signup_card(entry: SignupEntry, zone: str | None, locale: str) -> SignupCard:
    signup, organization = entry.signup, entry.organization
    session = _next_session(entry, zone, locale)
    certificate_url = None
    if entry.certificate_code is not None:
        token = volunteer_links.make_token(secret_key(), "certificate", signup.public_id)
        certificate_url = url_for("volunteer.ask", action="certificate", token=token, locale=locale)
    return SignupCard(
        public_id=signup.public_id,
        org_name=organization.name,
        task_title=signup.task.text_for(locale).title,
        task_url=url_for(
            "hosted.task_page", slug=organization.slug, task_id=signup.task.public_id, locale=locale
        ),
        status=signup.status.value,
        status_text=status_label(signup.status.value),
        withdrawable=entry.withdrawable,
        next_session=session[0] if session else None,
        zone_text=session[1] if session else None,
        hours_per_week=signup.task.hours_per_week,
        hours_contributed=signup.hours_contributed,
        certificate_url=certificate_url,
        conversation_url=url_for(
            "volunteer.conversation_page",
            token=volunteer_links.make_token(secret_key(), "conversation", signup.public_id),
            locale=locale,
        ),
    )


def alert_card(entry: AlertEntry) -> AlertCard:
    subscription = entry.subscription
    return AlertCard(
        public_id=subscription.public_id,
        org_name=entry.organization.name if entry.organization is not None else None,
        frequency=subscription.frequency.value,
        criteria=criteria_context(subscription),
    )


def cards(held: Overview, locale: str) -> tuple[list[SignupCard], list[AlertCard]]:
    """The page's cards, times in the volunteer's own zone (else each task's)."""
    return (
        [signup_card(entry, held.timezone, locale) for entry in held.signups],
        [alert_card(entry) for entry in held.alerts],
    )
