"""Volunteer pages: sign-ups across tasks, one volunteer, decisions, notes and the export."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from widget_server import db
from widget_server.admin import navigation
from widget_server.admin.blueprint import bp
from widget_server.admin.conversation_context import (
    conversation_context,
    mark_shown_answers_read,
)
from widget_server.admin.guard import (
    current_actor,
    current_membership,
    current_organization,
    require_role,
)
from widget_server.admin.labels import offer_state_label
from widget_server.admin.local_time import admin_zone
from widget_server.admin.volunteer_query import current_args, read_filters
from widget_server.db import utcnow
from widget_server.models import ADMIN_TRANSITIONS, Organization, Role, Signup, SignupStatus
from widget_server.services.errors import DomainError, FieldProblem, ValidationFailed
from widget_server.services.follow_up import followup
from widget_server.services.messaging import answers
from widget_server.services.outbound import outbox
from widget_server.services.times.time_display import describe_windows
from widget_server.services.times.zones import zone_label
from widget_server.services.volunteering import (
    certificates,
    export,
    signups,
    slot_offers,
    volunteers,
)
from widget_server.volunteer_pages.verification import verify_url
from widget_server.web.error_texts import error_message, field_message, field_messages, status_label

# The decisions the list offers for many sign-ups at once.
BULK_STATUSES = ("accepted", "waitlisted", "declined", "completed")
# How the bulk form's fields are named in its errors (they show above the list).
_BULK_FIELDS = {"hours": _l("Hours contributed"), "status": _l("Decision")}
# The single decision's choices, the usual ones first.
DECISION_ORDER = ("accepted", "waitlisted", "declined", "completed", "confirmed", "withdrawn")


def _hours(value: str) -> float | None:
    """The hours field as typed ("2,5" too); ValidationFailed for what is not a number."""
    # Arabic-Indic digits and the Arabic (٫) or French (,) decimal separator are accepted.
    text = value.strip().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩٫,", "0123456789.."))
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationFailed({"hours": FieldProblem("invalid_number")}) from None


@bp.get("/volunteers")
@require_role(Role.VIEWER)
def volunteer_list() -> str:
    """Sign-ups across tasks, filtered, searched and paged."""
    session = db.session()
    organization = current_organization()
    filters = read_filters()
    page = volunteers.list_volunteers(session, organization, filters)  # NotFound: a task elsewhere
    return render_template(
        "admin/volunteers.html",
        page=page,
        filters=filters,
        counts=volunteers.status_counts(session, organization),
        task_choices=volunteers.task_choices(session, organization, str(get_locale())),
        statuses=[s.value for s in SignupStatus],
        bulk_statuses=BULK_STATUSES,
        status_label=status_label,
        args=current_args,
        needs_reply_count=navigation.needs_reply_count(),
        unread_count=navigation.unread_answers_count(),
        unread=answers.unread_by_signup(session, organization.id, [s.id for s in page.items]),
        reply_state=_reply_state(organization),
    )


def _reply_state(organization: Organization) -> Callable[[Signup], str | None]:
    """ "overdue" or "nearing" for a sign-up the follow-up promise is about, else None."""
    now = utcnow()

    def state(signup: Signup) -> str | None:
        if not followup.awaits_answer(signup):
            return None
        stage = followup.stage_at(signup.created_at, organization.response_days, now)
        return {followup.Stage.OVERDUE: "overdue", followup.Stage.NEARING: "nearing"}.get(stage)

    return state


@bp.post("/volunteers/bulk")
@require_role(Role.EDITOR)
def volunteer_bulk() -> ResponseReturnValue:
    """One decision for the chosen sign-ups; each follows the same rules as a single one."""
    back = request.form.get("back", "")
    target = back if back.startswith("/admin/volunteers") else url_for("admin.volunteer_list")
    try:
        outcome = volunteers.change_many(
            db.session(),
            current_organization(),
            request.form.getlist("signup")[: volunteers.MAX_BULK + 1],
            request.form.get("status", ""),
            hours=_hours(request.form.get("hours", "")),
            user_id=current_membership().user_id,
        )
    except ValidationFailed as exc:
        for name, problem in exc.fields.items():
            label = _BULK_FIELDS.get(name)
            message = field_message(problem)
            flash(
                _("%(field)s: %(problem)s", field=label, problem=message) if label else message,
                "error",
            )
        return redirect(target, 303)
    if outcome.changed:
        flash(
            ngettext(
                "%(num)s sign-up is now %(status)s.",
                "%(num)s sign-ups are now %(status)s.",
                len(outcome.changed),
                status=status_label(request.form["status"]),
            ),
            "info",
        )
    for code in sorted(set(outcome.refused.values())):
        count = sum(1 for c in outcome.refused.values() if c == code)
        flash(
            ngettext(
                "%(num)s sign-up was not changed: %(reason)s",
                "%(num)s sign-ups were not changed: %(reason)s",
                count,
                reason=_bulk_reason(code),
            ),
            "error",
        )
    return redirect(target, 303)


def _bulk_reason(code: str) -> str:
    if code == "invalid_transition":
        return _("this decision does not follow from their current status.")
    return error_message(code)


@bp.get("/volunteers/export.csv")
@require_role(Role.EDITOR)
def volunteer_export() -> Response:
    """The listed sign-ups as CSV, for a link or a script; it writes nothing, not even an
    audit entry (a GET may come from a prefetch or a link scanner)."""
    return _export(logged=False)


@bp.post("/volunteers/export.csv")
@require_role(Role.EDITOR)
def volunteer_export_download() -> Response:
    """The panel's download button: the same CSV, and the audit log records who took it."""
    return _export(logged=True)


def _export(*, logged: bool) -> Response:
    """The listed sign-ups as CSV for Excel (UTF-8 with BOM, formulas neutralised)."""
    session = db.session()
    organization = current_organization()
    filters = read_filters()
    where = volunteers.export_conditions(
        session,
        organization,
        filters,
        shown={k: v for k, v in current_args().items() if k != "q"} if logged else None,
        user_id=current_membership().user_id,
    )
    make_session = db.sessionmaker_()

    # The body is produced after the request's session is closed, so it reads in its own,
    # closed (its transaction ended) when the server closes the response.
    def chunks() -> Iterator[bytes]:
        with make_session() as reading:
            yield from export.export_signups(reading, organization, where)

    response = Response(chunks(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{organization.slug}-volunteers.csv"'
    )
    return response


@bp.get("/volunteers/<signup_id>")
@require_role(Role.VIEWER)
def volunteer_view(signup_id: str) -> ResponseReturnValue:
    """One volunteer's sign-up, its notes, and the decisions it allows."""
    return render_volunteer(signup_id, {}, {}, 200)


def render_volunteer(
    signup_id: str,
    fields: dict[str, str],
    errors: dict[str, str],
    status: int,
    message_fields: dict[str, str] | None = None,
) -> tuple[str, int] | str:
    """The volunteer's page, with the fields and errors of the form that was sent."""
    session = db.session()
    signup = volunteers.get_volunteer(session, current_organization(), signup_id)
    talk = conversation_context(signup, message_fields or {})
    certificate = certificates.current(session, signup.id)
    codes = [c for c in DECISION_ORDER if SignupStatus(c) in ADMIN_TRANSITIONS[signup.status]]
    if signup.status is SignupStatus.COMPLETED:
        codes.append(SignupStatus.COMPLETED.value)  # to correct the hours
    choices = [(code, status_label(code).capitalize()) for code in codes]
    if "hours" not in fields and signup.hours_contributed:
        fields = {**fields, "hours": f"{signup.hours_contributed:g}"}
    locale, reader = str(get_locale()), admin_zone()
    own_zone = signup.timezone or signup.task.timezone  # windows without a zone: the task's
    page = render_template(
        "admin/volunteer.html",
        signup=signup,
        offers=slot_offers.offers_of(db.session(), signup.id),
        undelivered=outbox.undelivered_emails(session, signup.organization_id, signup.public_id),
        offer_label=offer_state_label,
        volunteer_zone=f"{zone_label(own_zone, locale)} ({own_zone})" if signup.timezone else None,
        reader_zone=zone_label(reader, locale),
        windows=describe_windows(
            signup.availability_windows, own_zone, reader, locale, utcnow().date()
        ),
        choices=choices,
        fields=fields,
        errors=errors,
        status_label=status_label,
        certificate_url=verify_url(certificate.code) if certificate else None,
        respond_by=followup.respond_by(signup, current_organization()),
        **talk,
    )
    mark_shown_answers_read(signup, talk["timeline"])
    return (page, status) if status != 200 else page


@bp.post("/volunteers/<signup_id>/status")
@require_role(Role.EDITOR)
def volunteer_set_status(signup_id: str) -> ResponseReturnValue:
    """Accept, decline, waitlist or complete one sign-up (with the hours given)."""
    fields = {"status": request.form.get("status", ""), "hours": request.form.get("hours", "")}
    try:
        signup = signups.change_status(
            db.session(),
            current_organization(),
            signup_id,
            fields["status"],
            hours=_hours(fields["hours"]),
            by=current_actor(),
        )
    except ValidationFailed as exc:
        errors = field_messages(exc.fields)
        return render_volunteer(signup_id, fields, errors, 422)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render_volunteer(
            signup_id, fields, {"status": error_message(exc.code, exc.params)}, 409
        )
    flash(_("The sign-up is now %(status)s.", status=status_label(signup.status.value)), "info")
    return redirect(url_for("admin.volunteer_view", signup_id=signup_id), 303)


@bp.post("/volunteers/<signup_id>/notes")
@require_role(Role.EDITOR)
def volunteer_add_note(signup_id: str) -> ResponseReturnValue:
    """A note the whole team sees."""
    body = request.form.get("body", "")
    try:
        volunteers.add_note(
            db.session(),
            current_organization(),
            signup_id,
            body,
            user_id=current_membership().user_id,
        )
    except ValidationFailed as exc:
        errors = field_messages(exc.fields)
        return render_volunteer(signup_id, {"body": body}, errors, 422)
    flash(_("Your note is saved."), "info")
    return redirect(url_for("admin.volunteer_view", signup_id=signup_id, _anchor="notes"), 303)
