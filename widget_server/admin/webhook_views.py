"""The webhooks page: an owner's endpoints, their secrets, test events and delivery log."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.form_once import claim_form, complete_form, form_nonce
from widget_server.admin.guard import current_actor, current_organization, require_role
from widget_server.models import Role
from widget_server.services.errors import DomainError, FieldProblem, ValidationFailed
from widget_server.services.hooks import webhook_events, webhooks
from widget_server.web.error_texts import error_message, field_message, field_messages
from widget_server.worker.webhook_sender import delivery_settings, url_rules

GRACE_CHOICES = (0, 1, 24, 72, 168)
DELIVERIES_SHOWN = 10
EVENT_LABELS = {
    "signup.created": _l("A volunteer signs up"),
    "signup.confirmed": _l("A volunteer confirms their email"),
    "signup.status_changed": _l("A sign-up's status changes"),
    "signup.withdrawn": _l("A sign-up is withdrawn or erased"),
    "signup.offered": _l("A freed place is offered to a waitlisted volunteer"),
    "task.published": _l("A task is published"),
    "task.closed": _l("A task is closed"),
    "message.sent": _l("A message is sent to a volunteer"),
    "message.received": _l("A volunteer answers a message"),
}


def _render(status: int = 200, **state: Any) -> tuple[str, int]:
    session = db.session()
    organization = current_organization()
    endpoints = webhooks.list_endpoints(session, organization)
    deliveries = {
        e.public_id: webhooks.list_deliveries(
            session, organization, e.public_id, limit=DELIVERIES_SHOWN
        )[0]
        for e in endpoints
    }
    page = render_template(
        "admin/webhooks.html",
        endpoints=endpoints,
        deliveries=deliveries,
        event_labels={k: str(v) for k, v in EVENT_LABELS.items()},
        event_types=webhook_events.EVENT_TYPES,
        grace_choices=GRACE_CHOICES,
        nonce=form_nonce(),
        **{"fields": {"events": list(webhook_events.EVENT_TYPES)}, "errors": {}, **state},
    )
    return page, status


def _events_typed() -> list[str]:
    return request.form.getlist("events")


@bp.get("/webhooks")
@require_role(Role.OWNER)
def webhook_list() -> tuple[str, int]:
    """The endpoints with their events, state and recent deliveries; a form to add one."""
    return _render()


@bp.post("/webhooks")
@require_role(Role.OWNER)
def webhook_create() -> Response | tuple[str, int]:
    """A new endpoint; its signing secret is on this answer and never again."""
    fields = {
        "url": request.form.get("url", ""),
        "description": request.form.get("description", ""),
        "events": _events_typed(),
    }
    session = db.session()
    record = claim_form()
    if record is None:
        flash(_("This form was already sent; the endpoint it created is in the list."), "info")
        return redirect(url_for("admin.webhook_list"), 303)
    payload = {"url": fields["url"], "description": fields["description"]}
    payload["event_types"] = fields["events"]
    try:
        issued = webhooks.create_endpoint(
            session, current_organization(), payload, by=current_actor(), **url_rules()
        )
    except ValidationFailed as exc:
        session.rollback()
        errors = field_messages(exc.fields)
        if "event_types" in errors:
            errors["events"] = _("Choose at least one event.")
            del errors["event_types"]
        return _render(422, fields=fields, errors=errors)
    except DomainError as exc:
        session.rollback()
        return _render(422, fields=fields, errors={"url": error_message(exc.code, exc.params)})
    complete_form(record, {"endpoint": issued.endpoint.public_id})
    flash(_("The endpoint is added. Copy its secret now: it will not be shown again."), "info")
    return _render(201, issued=issued)


@bp.post("/webhooks/<endpoint_id>/enabled")
@require_role(Role.OWNER)
def webhook_set_enabled(endpoint_id: str) -> Response:
    """Pause or resume deliveries to an endpoint."""
    enabled = request.form.get("enabled") == "on"
    endpoint = webhooks.update_endpoint(
        db.session(),
        current_organization(),
        endpoint_id,
        {"enabled": enabled},
        by=current_actor(),
        **url_rules(),
    )
    if enabled:
        flash(_("Deliveries to %(url)s are on.", url=endpoint.url), "info")
    else:
        flash(_("Deliveries to %(url)s are paused.", url=endpoint.url), "info")
    return redirect(url_for("admin.webhook_list", _anchor=endpoint_id), 303)


@bp.post("/webhooks/<endpoint_id>/events")
@require_role(Role.OWNER)
def webhook_set_events(endpoint_id: str) -> Response | tuple[str, int]:
    """Choose which events an endpoint receives."""
    session = db.session()
    try:
        endpoint = webhooks.update_endpoint(
            session,
            current_organization(),
            endpoint_id,
            {"event_types": _events_typed()},
            by=current_actor(),
            **url_rules(),
        )
    except ValidationFailed:
        session.rollback()
        return _render(422, event_errors={endpoint_id: _("Choose at least one event.")})
    flash(_("The events sent to %(url)s are saved.", url=endpoint.url), "info")
    return redirect(url_for("admin.webhook_list", _anchor=endpoint_id), 303)


@bp.post("/webhooks/<endpoint_id>/delete")
@require_role(Role.OWNER)
def webhook_delete(endpoint_id: str) -> Response | str:
    """Ask first; delete the endpoint and its delivery log once confirmed."""
    session = db.session()
    organization = current_organization()
    endpoint = webhooks.get_endpoint(session, organization, endpoint_id)
    if request.form.get("confirm") != "yes":
        return render_template("admin/webhook_delete.html", endpoint=endpoint)
    webhooks.delete_endpoint(session, organization, endpoint_id, by=current_actor())
    flash(_("The endpoint %(url)s is deleted.", url=endpoint.url), "info")
    return redirect(url_for("admin.webhook_list"), 303)


@bp.post("/webhooks/<endpoint_id>/rotate")
@require_role(Role.OWNER)
def webhook_rotate(endpoint_id: str) -> Response | tuple[str, int]:
    """A new secret; the old one keeps signing too for the grace period chosen."""
    session = db.session()
    organization = current_organization()
    hours = request.form.get("grace_hours", "")
    if not hours.isdigit() or int(hours) not in GRACE_CHOICES:
        webhooks.get_endpoint(session, organization, endpoint_id)  # another organization's: 404
        problem = FieldProblem("not_a_choice", {"choices": ""})
        return _render(422, rotate_errors={endpoint_id: field_message(problem)})
    issued = webhooks.rotate_secret(
        session, organization, endpoint_id, int(hours), by=current_actor()
    )
    flash(
        _(
            "The new secret is ready. Copy it now: it will not be shown again. The old secret "
            "keeps signing until its grace period ends."
        ),
        "info",
    )
    return _render(200, issued=issued)


@bp.post("/webhooks/<endpoint_id>/test")
@require_role(Role.OWNER)
def webhook_test(endpoint_id: str) -> Response:
    """Send a webhook.test event now and say how the endpoint answered."""
    delivery = webhooks.send_test_event(
        db.session(), current_organization(), endpoint_id, delivery_settings(), by=current_actor()
    )
    if delivery.succeeded:
        flash(
            _("The test event was delivered (HTTP %(status)s).", status=delivery.status_code),
            "info",
        )
    elif delivery.status_code:
        flash(
            _(
                "The endpoint refused the test event (HTTP %(status)s).",
                status=delivery.status_code,
            ),
            "error",
        )
    else:
        flash(
            _("The test event could not be sent: %(error)s", error=delivery.error or "-"), "error"
        )
    return redirect(url_for("admin.webhook_list", _anchor=endpoint_id), 303)
