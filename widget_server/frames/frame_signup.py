"""The sign-up form page: shown, checked (signed token, honeypot) and submitted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, render_template, request
from flask_babel import get_locale

from widget_server import db
from widget_server.db import utcnow
from widget_server.frames.frame_context import FrameContext, load_frame_context, load_organization
from widget_server.frames.signup_form import HONEYPOT_FIELD, TOKEN_FIELD, WINDOW_ROWS, SignupForm
from widget_server.models import Organization, Task
from widget_server.services.catalog import tasks
from widget_server.services.errors import Conflict, ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.services.inputs import form_tokens
from widget_server.services.personal_data import consent
from widget_server.services.times.zones import is_zone, zone_choices_with
from widget_server.services.volunteering import signups
from widget_server.web import visitor_times
from widget_server.web.captcha import human_check_passes
from widget_server.web.error_texts import error_message, status_label
from widget_server.web.listing_page import today


def _open_task(task_id: str) -> tuple[Organization, Task, FrameContext]:
    organization = load_organization(allow_slug=True)
    frame = load_frame_context(organization)
    task = tasks.get_public_task(db.session(), organization, task_id, today())
    return organization, task, frame


def _render_form(
    organization: Organization, task: Task, frame: FrameContext, form: SignupForm, status: int
) -> tuple[str, int]:
    token = form_tokens.make_token(
        current_app.config["SECRET_KEY"], organization.id, task.public_id
    )
    zone = form.values.get("timezone") or frame.zone
    zone = zone if is_zone(zone) else None
    html = render_template(
        "frames/signup.html",
        organization=organization,
        task=task,
        text=task.text_for(frame.locale),
        form=form,
        times=visitor_times.local_times(task, organization, zone, frame.locale),
        zone_known=zone is not None,
        zone_choices=zone_choices_with(frame.locale, form.values.get("timezone", "")),
        window_rows=WINDOW_ROWS,
        weekday_choices=visitor_times.day_choices(frame.locale),
        token=token,
        token_field=TOKEN_FIELD,
        honeypot_field=HONEYPOT_FIELD,
        action_args=frame.link_args(),
        consent_text=consent.current_text(db.session(), organization.id, frame.locale),
    )
    return html, status


def _promise(
    organization: Organization,
    task: Task,
    receipt: dict[str, Any] | None,
    locale: str,
    zone: str | None,
) -> str | None:
    """The follow-up promise's day, in the zone the form gave (the one a new sign-up keeps);
    None if nothing is promised. The honeypot's pretend success and the answer to an
    address already signed up look like a real new sign-up."""
    zone_name = followup.volunteer_zone_name(zone, task, organization)
    if receipt is None:
        due = followup.due_at(utcnow(), organization.response_days)
        return followup.promise_date(due, zone_name, locale)
    if not receipt.get("respond_by"):
        return None
    return followup.promise_date(datetime.fromisoformat(receipt["respond_by"]), zone_name, locale)


def _render_done(
    organization: Organization,
    task: Task,
    frame: FrameContext,
    receipt: dict[str, Any] | None,
    zone: str | None = None,
) -> tuple[str, int]:
    status = receipt["status"] if receipt else "pending"
    zone = zone if is_zone(zone) else frame.zone
    html = render_template(
        "frames/signup_done.html",
        task=task,
        times=visitor_times.local_times(task, task.organization, zone, frame.locale),
        zone_known=zone is not None,
        text=task.text_for(frame.locale),
        status=status,
        status_text=status_label(status),
        respond_by=_promise(organization, task, receipt, frame.locale, zone),
        org_name=organization.name,
    )
    return html, 200


def show_form(task_id: str) -> tuple[str, int]:
    organization, task, frame = _open_task(task_id)
    if task.spots_left == 0 and not task.waitlist:
        raise Conflict("task_full")
    form = SignupForm.blank(task, frame.locale)
    form.values["timezone"] = frame.zone or ""
    return _render_form(organization, task, frame, form, 200)


def submit_form(task_id: str) -> tuple[str, int]:
    organization, task, frame = _open_task(task_id)
    locale = str(get_locale())
    form = SignupForm.posted(request.form, task, locale)
    try:
        form_tokens.check_token(
            current_app.config["SECRET_KEY"],
            request.form.get(TOKEN_FIELD, ""),
            organization.id,
            task.public_id,
            min_age_seconds=current_app.config["FORM_MIN_SECONDS"],
        )
    except form_tokens.FormTokenError as problem:
        form.notice = error_message(problem.code)
        return _render_form(organization, task, frame, form, 400)
    if request.form.get(HONEYPOT_FIELD):
        # A bot filled the field people cannot see: tell it that it worked, keep nothing.
        return _render_done(organization, task, frame, None, zone=form.values.get("timezone"))
    if not human_check_passes(request.form):
        form.notice = error_message("captcha_failed")
        return _render_form(organization, task, frame, form, 422)
    try:
        outcome = signups.create_signup(
            db.session(),
            organization,
            task.public_id,
            form.payload(locale),
            default_locale=locale,
            origin=frame.parent,
            today=today(),
        )
    except ValidationFailed as failure:
        form.show_problems(failure.fields)
        return _render_form(organization, task, frame, form, 422)
    # An address already signed up gets the same page as a new one (its owner is emailed).
    receipt = outcome.body["signup"]
    return _render_done(organization, task, frame, receipt, zone=form.values.get("timezone"))
