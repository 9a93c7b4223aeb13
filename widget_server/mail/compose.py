"""Turning an outbox email payload into a MIME message in the reader's language.

The payload names a template pair in templates/email/ (.txt and .html) and carries the
facts to fill in; the links a volunteer needs are signed here, at sending time, so a
confirmation link's week starts when the email leaves.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from widget_server.locales import deadline, direction, language_names, pick
from widget_server.mail.admin_links import ADMIN_TEMPLATES, admin_urls
from widget_server.mail.alert_email_parts import ALERT_TEMPLATES, alert_urls
from widget_server.mail.mime_bytes import Address, OutgoingEmail
from widget_server.mail.my_link_parts import MY_TEMPLATES, my_urls
from widget_server.public_url import public_host, public_url
from widget_server.services.follow_up import followup
from widget_server.services.inputs.control_chars import as_one_line
from widget_server.services.outbound.outbox import Delivery, PermanentFailure
from widget_server.services.times.time_display import LocalTimes, task_local_times
from widget_server.services.volunteering import volunteer_links
from widget_server.settings import secret_key
from widget_server.web.error_texts import category_label, role_label, status_label

SUBJECTS = {
    "confirm_email": _l("Please confirm your email for “%(task)s”"),
    "signup_repeated": _l("Someone tried to sign you up again for “%(task)s”"),
    "signup_received": _l("We received your sign-up for “%(task)s”"),
    "accepted": _l("You are accepted for “%(task)s”"),
    "declined": _l("About your sign-up for “%(task)s”"),
    "waitlisted": _l("You are on the waitlist for “%(task)s”"),
    "slot_freed": _l("A place is now yours on “%(task)s”"),
    "completed": _l("Thank you for “%(task)s”: your certificate"),
    "slot_offer": _l("A place is free on “%(task)s”: do you want it?"),
    "reminder": _l("Reminder: “%(task)s” starts soon"),
    "admin_new_signup": _l("New sign-up for “%(task)s”"),
    "admin_digest": _l("New sign-ups for %(org)s"),
    "admin_withdrawn": _l("A volunteer withdrew from “%(task)s”"),
    "admin_password_reset": _l("Reset your password"),
    "admin_invitation": _l("You are invited to %(org)s"),
    "signup_closed": _l("About your sign-up for “%(task)s”: other tasks for you"),
    "admin_followup_nearing": _l("A volunteer is waiting for your answer: “%(task)s”"),
    "admin_followup_overdue": _l("Overdue: a volunteer has not heard back about “%(task)s”"),
    "admin_followup_digest": _l("Sign-ups waiting for an answer at %(org)s"),
    "alert_confirm": _l("Please confirm your alerts for new volunteer tasks"),
    "alert_task": _l("New volunteer task: “%(task)s”"),
    "alert_weekly": _l("New volunteer tasks this week"),
    "my_sign_in": _l("Your link to My volunteering"),
    "volunteer_message": _l("A message from %(org)s about “%(task)s”"),
    "admin_message_received": _l("A volunteer answered about “%(task)s”"),
}
VOLUNTEER_TEMPLATES = frozenset(
    {
        "confirm_email",
        "signup_repeated",
        "signup_received",
        "accepted",
        "declined",
        "waitlisted",
        "slot_freed",
        "slot_offer",
        "reminder",
        "completed",
        "signup_closed",
        "volunteer_message",
    }
)


def header_text(value: Any) -> str:
    """Text for an email header: on one line, control characters and line breaks turned to
    spaces (text saved before single-line fields refused them still makes a header); the
    email policy then encodes what is not ASCII (RFC 2047)."""
    return as_one_line(str(value))


def from_address() -> str:
    configured = current_app.config.get("MAIL_FROM")
    if configured:
        return str(configured)
    return f"no-reply@{public_host()}"


def message_id(row_id: int, sender: str) -> str:
    """The same Message-ID on every attempt, so receivers can drop a repeated delivery."""
    domain = sender.rpartition("@")[2].strip(">") or "localhost"
    secret = secret_key().encode()
    tag = hmac.new(secret, f"outbox:{row_id}".encode(), hashlib.sha256).hexdigest()[:16]
    return f"<outbox.{row_id}.{tag}@{domain}>"


def checked_recipient(value: Any) -> str:
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        raise PermanentFailure("malformed recipient address")
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise PermanentFailure(f"malformed recipient address: {exc}") from None


def volunteer_urls(
    signup_id: str,
    locale: str,
    *,
    confirm: bool,
    certificate: bool = False,
    offer_id: str | None = None,
) -> dict[str, str]:
    secret = secret_key()
    base = public_url()
    actions = ("confirm", "withdraw", "erase") if confirm else ("withdraw", "erase")
    if certificate:
        actions = ("certificate", "erase")  # nothing is left to withdraw from
    if offer_id is not None:
        actions = ("accept", "decline", *actions)
    # Every email leads to the conversation with the organization, where they can answer.
    actions = (*actions, "conversation")
    urls = {}
    for action in actions:
        offer = offer_id if action in volunteer_links.OFFER_ACTIONS else None
        token = volunteer_links.make_token(secret, action, signup_id, offer_public_id=offer)
        urls[action] = f"{base}/v/{action}/{token}?locale={locale}"
    return urls


def _times(context: dict[str, Any], locale: str) -> LocalTimes | None:
    """A fixed task's times in the volunteer's zone (when known) beside the task's."""
    starts, ends = context.get("starts_at"), context.get("ends_at")
    if not isinstance(starts, str):
        return None
    task_zone = str(context.get("timezone") or "UTC")
    return task_local_times(
        starts_at=datetime.fromisoformat(starts),
        ends_at=datetime.fromisoformat(ends) if isinstance(ends, str) else None,
        task_zone=task_zone,
        visitor_zone=str(context.get("volunteer_timezone") or task_zone),
        locale=locale,
        working_days=[],
        working_from=None,
        working_to=None,
        organization_zone=task_zone,
        now=datetime.now(UTC),
    )


def _local_time(iso: str, zone: str, locale: str) -> str:
    moment = datetime.fromisoformat(iso)
    return format_datetime(moment, "medium", tzinfo=ZoneInfo(zone), locale=locale)


def _promise(context: dict[str, Any], locale: str) -> str | None:
    due = context.get("respond_by")
    if not isinstance(due, str):
        return None
    zone = str(context.get("respond_tz") or "UTC")
    try:
        return followup.promise_date(datetime.fromisoformat(due), zone, locale)
    except (ValueError, KeyError):  # an unknown zone name: say nothing rather than fail
        return None


def _until(context: dict[str, Any], locale: str) -> str | None:
    expires = context.get("expires_at")
    if not isinstance(expires, str):
        return None
    zone = str(context.get("offer_timezone") or "UTC")
    return deadline(datetime.fromisoformat(expires), zone, locale)


def compose(delivery: Delivery) -> OutgoingEmail:
    """The message for one outbox email; PermanentFailure if it can never be sent."""
    payload = delivery.payload
    template = payload.get("template")
    context = payload.get("context")
    if template not in SUBJECTS or not isinstance(context, dict):
        raise PermanentFailure(f"unknown email template {template!r}")
    to = checked_recipient(payload.get("to"))
    locale = pick(payload.get("locale")) or "en"
    links: dict[str, str] = {}
    if template in VOLUNTEER_TEMPLATES and isinstance(context.get("signup_id"), str):
        offer_id = context.get("offer_id") if template == "slot_offer" else None
        status = context.get("status") if template == "signup_repeated" else None
        links = volunteer_urls(
            context["signup_id"],
            locale,
            confirm=template == "confirm_email" or status == "pending",
            certificate=template == "completed",
            offer_id=offer_id if isinstance(offer_id, str) else None,
        )
    elif template in ADMIN_TEMPLATES:
        links = admin_urls(template, context, locale)
    elif template in ALERT_TEMPLATES:
        links = alert_urls(template, context, locale)
    elif template in MY_TEMPLATES:
        links = my_urls(context, locale)
    with force_locale(locale):
        times = _times(context, locale)
        subject = header_text(
            str(SUBJECTS[template])
            % {"task": context.get("task_title", ""), "org": context.get("org_name", "")}
        )
        values = {
            **context,
            "subject": subject,
            "links": links,
            "lang": locale,
            "dir": direction(locale),
            "times": times,
            "zone_known": bool(context.get("volunteer_timezone")),
            "when": f"{times.yours} ({times.your_zone_name})" if times else None,
            "promise": _promise(context, locale),
            "local_time": lambda iso, zone: _local_time(iso, zone, locale),
            "base_url": public_url(),
            "until": _until(context, locale),
            "status_label": status_label,
            "role_label": role_label,
            "category_label": category_label,
            "language_names": lambda codes: language_names(codes, locale),
        }
        text = render_template(f"email/{template}.txt", **values)
        html = render_template(f"email/{template}.html", **values)
    sender = from_address()
    message = OutgoingEmail()
    message["Subject"] = subject
    org_name = context.get("org_name")
    message["From"] = (
        Address(display_name=header_text(org_name), addr_spec=sender) if org_name else sender
    )
    message["To"] = Address(addr_spec=to)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id(delivery.message_id, sender)
    message["Auto-Submitted"] = "auto-generated"
    reply_to = context.get("reply_to") if template == "volunteer_message" else None
    if isinstance(reply_to, str) and reply_to:
        # A volunteer's mail client answers the member who wrote, not the no-reply sender.
        message["Reply-To"] = Address(addr_spec=checked_recipient(reply_to))
    if template == "reminder" and "withdraw" in links:
        message["List-Unsubscribe"] = f"<{links['withdraw']}>"
    if "unsubscribe" in links:
        # RFC 8058: a mail client may unsubscribe with one POST, no page and no session.
        message["List-Unsubscribe"] = f"<{links['unsubscribe']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # After the parts exist: making the message multipart moves Content-* headers down.
    message["Content-Language"] = locale
    return message
