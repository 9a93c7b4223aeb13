"""Task alert pages: the subscribe form (per organization, /o/<slug>/alerts, in an iframe
as /embed/v1/alerts?key=…, and for the whole server, /alerts), the confirmation link,
and unsubscribing.

The form works without JavaScript and carries the sign-up form's protections: a signed
time-trap token (no cookie), a honeypot and rate limits. Unsubscribing follows RFC 8058:
a POST to the link from a mail client's button unsubscribes at once (the signed link is
the only proof needed); opening the link shows a page that asks first. Opening the
confirmation link changes nothing either: its page's one button (a POST with the page's
signed form token, no cookie) confirms.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from widget_server import db
from widget_server.alert_pages.alert_form import AlertForm, offered_languages
from widget_server.auth import load_publishable_key, organization_by_slug
from widget_server.frames.frame_context import FrameContext, load_frame_context
from widget_server.frames.signup_form import HONEYPOT_FIELD, TOKEN_FIELD
from widget_server.locales import language_names
from widget_server.models import CATEGORIES, Organization, Task, TaskStatus
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs import form_tokens
from widget_server.services.task_alerts import alert_links, alerts
from widget_server.services.task_alerts.alert_input import AlertRequest, read_request
from widget_server.services.volunteering import volunteer_links
from widget_server.settings import secret_key
from widget_server.web.error_texts import category_label, error_message
from widget_server.web.page_policy import answer_errors_as_pages, apply_page_policy
from widget_server.web.rate_limits import alert_limits

bp = Blueprint("alerts", __name__)
bp.before_request(answer_errors_as_pages)

# form_tokens are made for an organization's task; the alert form is "task" ALERTS_FORM,
# of organization 0 when it serves the whole server.
ALERTS_FORM = "alerts"
# The confirmation page's form token is made for this action and its link.
CONFIRM_FORM = "alert-confirm"


_FRAMED = frozenset({"alerts.embed_form", "alerts.embed_submit"})


@bp.after_request
def _page_policy(response: Response) -> Response:
    # Forms carry fresh tokens and links carry the subscriber's key: never cache them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    organization = g.get("organization")
    if request.endpoint in _FRAMED and organization is not None:
        # Framed like the sign-up form: by the organization's sites and the panel's preview.
        return apply_page_policy(response, ["'self'", *organization.allowed_origins])
    return apply_page_policy(response, None)


@bp.context_processor
def _frame_globals() -> dict[str, FrameContext | None]:
    return {"frame": g.get("frame")}


def _task_languages(organization: Organization | None) -> list[list[str]]:
    if organization is None:
        return []
    return list(
        db.session().scalars(
            select(Task.languages).where(
                Task.organization_id == organization.id, Task.status == TaskStatus.OPEN
            )
        )
    )


def _language_choices(organization: Organization | None, locale: str) -> list[tuple[str, str]]:
    codes = offered_languages(_task_languages(organization))
    return sorted(zip(codes, language_names(codes, locale), strict=True), key=lambda c: c[1])


def _render_form(
    organization: Organization | None, form: AlertForm, status: int
) -> tuple[str, int]:
    locale = str(get_locale())
    token = form_tokens.make_token(
        secret_key(), organization.id if organization else 0, ALERTS_FORM
    )
    frame = g.get("frame")
    if frame is not None:
        action = url_for("alerts.embed_submit", **frame.link_args())
    elif organization is not None:
        action = url_for("alerts.subscribe_submit", slug=organization.slug, locale=locale)
    else:
        action = url_for("alerts.server_subscribe_submit", locale=locale)
    html = render_template(
        "alerts/subscribe.html",
        organization=organization,
        form=form,
        action=action,
        token=token,
        token_field=TOKEN_FIELD,
        honeypot_field=HONEYPOT_FIELD,
        categories=[(code, category_label(code)) for code in CATEGORIES],
        languages=_language_choices(organization, locale),
    )
    return html, status


def _submit(organization: Organization | None) -> tuple[str, int]:
    form = AlertForm.posted(request.form)
    try:
        form_tokens.check_token(
            secret_key(),
            request.form.get(TOKEN_FIELD, ""),
            organization.id if organization else 0,
            ALERTS_FORM,
            min_age_seconds=current_app.config["FORM_MIN_SECONDS"],
        )
    except form_tokens.FormTokenError as problem:
        form.notice = error_message(problem.code)
        return _render_form(organization, form, 400)
    if request.form.get(HONEYPOT_FIELD):
        # A bot filled the field people cannot see: tell it that it worked, keep nothing.
        return render_template("alerts/requested.html", organization=organization), 200
    try:
        alert = read_request(
            form.payload(),
            organization_id=organization.id if organization else None,
            locale=str(get_locale()),
        )
    except ValidationFailed as failure:
        form.show_problems(failure.fields)
        return _render_form(organization, form, 422)
    alerts.request_subscription(db.session(), alert, organization)
    return render_template("alerts/requested.html", organization=organization), 200


@bp.get("/o/<slug>/alerts")
def subscribe_form(slug: str) -> tuple[str, int]:
    """Alerts of one organization's new tasks: the form."""
    return _render_form(organization_by_slug(slug), AlertForm(), 200)


@bp.post("/o/<slug>/alerts")
@alert_limits
def subscribe_submit(slug: str) -> tuple[str, int]:
    """Check the form and send the confirmation email (the answer never tells whether the
    address was subscribed)."""
    return _submit(organization_by_slug(slug))


def _framed_organization() -> Organization:
    organization = load_publishable_key(check_origin=False)
    load_frame_context(organization)
    return organization


@bp.get("/embed/v1/alerts")
def embed_form() -> tuple[str, int]:
    """The same form for an iframe on the organization's own site (?key=vw_pk_…)."""
    return _render_form(_framed_organization(), AlertForm(), 200)


@bp.post("/embed/v1/alerts")
@alert_limits
def embed_submit() -> tuple[str, int]:
    """The iframe's form, checked and answered like the hosted one."""
    return _submit(_framed_organization())


@bp.get("/alerts")
def server_subscribe_form() -> tuple[str, int]:
    """Alerts of new tasks of every organization on this server: the form."""
    return _render_form(None, AlertForm(), 200)


@bp.post("/alerts")
@alert_limits
def server_subscribe_submit() -> tuple[str, int]:
    """The same, for the whole server."""
    return _submit(None)


def _link_error(code: str) -> tuple[str, int]:
    return render_template(
        "alerts/link_error.html", message=error_message(code), expired=code == "link_expired"
    ), 400


def _pending(token: str) -> AlertRequest | tuple[str, int]:
    """The request a confirmation link names, or the page to answer with."""
    try:
        request_ = alerts.pending_request(
            db.session(), alert_links.read_confirm_token(secret_key(), token)
        )
    except alert_links.LinkError as exc:
        return _link_error(exc.code)
    if request_ is None:  # pruned after its week, or erased
        return _link_error("link_expired")
    g.locale_hint = request_.locale
    return request_


@bp.get("/alerts/confirm/<token>")
def confirm_ask(token: str) -> str | tuple[str, int]:
    """The confirmation link's page: one button (nothing changes on GET: scanners open it)."""
    request_ = _pending(token)
    if not isinstance(request_, AlertRequest):
        return request_
    organization = (
        db.session().get(Organization, request_.organization_id)
        if request_.organization_id is not None
        else None
    )
    return render_template(
        "alerts/confirm.html",
        organization=organization,
        form_token=volunteer_links.make_form_token(secret_key(), CONFIRM_FORM, token),
    )


@bp.post("/alerts/confirm/<token>")
def confirm(token: str) -> str | tuple[str, int]:
    """Double opt-in: the page's button creates (or updates) the subscription."""
    try:
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), CONFIRM_FORM, token
        )
    except volunteer_links.LinkError as exc:
        return _link_error(exc.code)
    request_ = _pending(token)
    if not isinstance(request_, AlertRequest):
        return request_
    try:
        confirmed = alerts.confirm(db.session(), request_)
    except LookupError:  # the organization was deleted since
        return _link_error("link_invalid")
    organization = confirmed.organization
    return render_template(
        "alerts/confirmed.html",
        organization=organization,
        subscription=confirmed.subscription,
        tasks_url=url_for("hosted.organization_page", slug=organization.slug)
        if organization
        else None,
    )


@bp.get("/alerts/unsubscribe/<token>")
def unsubscribe_ask(token: str) -> str | tuple[str, int]:
    """What unsubscribing does, and a button (nothing changes on GET: link scanners open it)."""
    try:
        public_id = alert_links.read_unsubscribe_token(secret_key(), token)
    except alert_links.LinkError as exc:
        return _link_error(exc.code)
    subscription = alerts.find(db.session(), public_id)
    if subscription is None:
        return render_template("alerts/unsubscribed.html", gone=True)
    g.locale_hint = subscription.locale
    return render_template(
        "alerts/unsubscribe.html",
        organization=alerts.organization_of(db.session(), subscription),
    )


@bp.post("/alerts/unsubscribe/<token>")
def unsubscribe(token: str) -> str | tuple[str, int]:
    """RFC 8058 one-click unsubscribe, and the page's button: the signed link suffices."""
    try:
        public_id = alert_links.read_unsubscribe_token(secret_key(), token)
    except alert_links.LinkError as exc:
        return _link_error(exc.code)
    session = db.session()
    subscription = alerts.find(session, public_id)
    if subscription is not None:
        g.locale_hint = subscription.locale
    removed = alerts.unsubscribe(session, public_id)
    return render_template("alerts/unsubscribed.html", gone=removed is None)
