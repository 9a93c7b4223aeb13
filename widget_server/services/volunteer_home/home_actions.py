"""What a signed-in volunteer can do from "My volunteering", through the services that
already hold each rule: withdraw (volunteer_actions), stop alerts (task_alerts), export
and erase (personal_data). Each first checks that what the form names is the volunteer's
own: an id of someone else's sign-up or alert is answered as unknown.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from widget_server.db import begin_write, rows_changed, utcnow
from widget_server.models import AlertSubscription, Signup
from widget_server.services.errors import NotFound
from widget_server.services.inputs.field_rules import Shape
from widget_server.services.inputs.model_problems import InputModel
from widget_server.services.inputs.time_rules import Zone
from widget_server.services.personal_data import person_export, privacy
from widget_server.services.task_alerts import alerts
from widget_server.services.times.availability import MAX_WINDOWS, AvailabilityWindow
from widget_server.services.volunteer_home import overview, sign_in
from widget_server.services.volunteering import volunteer_actions
from widget_server.services.volunteering.volunteer_actions import ActionResult


class ZoneChoice(InputModel):
    """The volunteer's time zone for all their sign-ups (the sign-up form's rule)."""

    timezone: Annotated[str | None, Zone(blank_is_none=True)] = None


class AvailabilityChoice(InputModel):
    """When the volunteer can help, for all their sign-ups (the sign-up form's rule)."""

    availability_windows: Annotated[
        list[AvailabilityWindow], Shape(list, max_items=MAX_WINDOWS, nullable=True)
    ] = Field([])


def _own_signup(session: Session, email: str, signup_public_id: str) -> Signup:
    signup = volunteer_actions.find_signup(session, signup_public_id)
    if signup is None or signup.email_normalized != email:
        raise NotFound()
    return signup


def withdraw(session: Session, email: str, signup_public_id: str) -> ActionResult:
    """Withdraw one of the volunteer's sign-ups, as the withdraw link in their emails does."""
    _own_signup(session, email, signup_public_id)
    session.commit()  # only read: the action opens its own write
    return volunteer_actions.withdraw(session, signup_public_id)


def _set_on_signups(session: Session, email: str, values: dict[str, Any]) -> int:
    begin_write(session)
    changed = rows_changed(
        session.execute(
            update(Signup)
            .where(Signup.email_normalized == email)
            .values(**values, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    session.commit()
    return int(changed or 0)


def change_time_zone(session: Session, email: str, payload: dict[str, Any]) -> int:
    """Set the zone on every sign-up of the address; how many. ValidationFailed names
    "timezone" for a name that is no IANA zone."""
    choice = ZoneChoice.read(payload)
    return _set_on_signups(session, email, {"timezone": choice.timezone})


def change_availability(session: Session, email: str, payload: dict[str, Any]) -> int:
    """Set the availability windows on every sign-up of the address; how many.
    ValidationFailed names each bad field (availability_windows.<row>.<part>)."""
    choice = AvailabilityChoice.read(payload)
    windows = [window.stored() for window in choice.availability_windows]
    return _set_on_signups(session, email, {"availability_windows": windows})


def stop_alert(session: Session, email: str, subscription_public_id: str) -> None:
    """Unsubscribe one of the volunteer's alert subscriptions."""
    found = session.scalar(
        select(AlertSubscription).where(
            AlertSubscription.public_id == subscription_public_id,
            AlertSubscription.email == email,
        )
    )
    session.commit()
    if found is None:
        raise NotFound()
    alerts.unsubscribe(session, subscription_public_id)


def export_data(session: Session, email: str) -> dict[str, Any]:
    """Everything each organization holds about the address, and the alerts of the whole
    server, as one JSON-ready dict."""
    held = overview.overview_of(session, email)
    names = {e.organization.id: e.organization.name for e in held.signups}
    names |= {e.organization.id: e.organization.name for e in held.alerts if e.organization}
    organizations = [
        {
            "organization": names[org_id],
            **person_export.export_person(
                session, organization_id=org_id, email=email, logged=False
            ),
        }
        for org_id in held.organization_ids
    ]
    server_wide = [alerts.export_entry(e.subscription) for e in held.alerts if not e.organization]
    session.commit()
    return {
        "email": email,
        "exported_at": utcnow().isoformat(),
        "organizations": organizations,
        "server_alert_subscriptions": server_wide,
    }


def erase_data(session: Session, email: str) -> privacy.Erasure:
    """Erase the address from every organization (each told by webhook as an erasure from
    its own panel would), its server-wide alerts and its sign-in links and sessions."""
    held = overview.overview_of(session, email)
    session.commit()
    erased = privacy.Erasure()
    for org_id in held.organization_ids:
        erased += privacy.erase_person(session, organization_id=org_id, email=email, logged=False)
    begin_write(session)
    server_wide = [a for a in overview.alerts_of(session, email) if a.organization_id is None]
    for subscription in server_wide:
        session.delete(subscription)
    # Emails of no organization (sign-in links, server-wide alerts): no id is organization 0.
    for message in privacy.outbox_rows_about(session, 0, {email}):
        session.delete(message)
    sign_in.forget_address(session, email)
    session.commit()
    privacy.scrub_free_pages(session)
    return erased + privacy.Erasure(alert_subscriptions=len(server_wide))
