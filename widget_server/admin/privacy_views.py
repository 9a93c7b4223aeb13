"""The privacy page: export or erase one person, how long sign-ups are kept, consent texts."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin.blueprint import bp
from widget_server.admin.guard import current_actor, current_organization, require_role
from widget_server.locales import LOCALES
from widget_server.models import Role
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.personal_data import consent, person_export, privacy, retention
from widget_server.web.error_texts import field_messages


def _render(status: int = 200, **state: Any) -> tuple[str, int]:
    session = db.session()
    organization = current_organization()
    texts = {code: consent.current_text(session, organization.id, code) for code in LOCALES}
    fields = {"retention_days": str(organization.retention_days)}
    fields.update({f"text_{code}": t.text if t else "" for code, t in texts.items()})
    fields.update(state.pop("fields", {}))
    page = render_template(
        "admin/privacy.html",
        versions={code: t.version if t else consent.BUILTIN_VERSION for code, t in texts.items()},
        fields=fields,
        **{"errors": {}, **state},
    )
    return page, status


def _typed_email() -> str:
    """The address typed; ValidationFailed names the field when it is none."""
    email = request.form.get("email", "").strip()
    if not email:
        raise ValidationFailed({"email": FieldProblem("required", {})})
    if len(email) > 254:
        raise ValidationFailed({"email": FieldProblem("too_long", {"max": 254})})
    privacy.normalised(email)
    return email


@bp.get("/privacy")
@require_role(Role.OWNER)
def privacy_page() -> tuple[str, int]:
    """Export and erasure by email, retention and the consent texts."""
    return _render()


@bp.post("/privacy/export")
@require_role(Role.OWNER)
def privacy_export() -> Response | tuple[str, int]:
    """Everything held about one email, as a JSON file."""
    typed = request.form.get("email", "")
    try:
        email = _typed_email()
    except ValidationFailed as exc:
        return _render(422, fields={"email": typed}, errors=field_messages(exc.fields))
    data = person_export.export_person(
        db.session(),
        organization_id=current_organization().id,
        email=email,
        by=current_actor(),
    )
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="person-export.json"'},
    )


@bp.post("/privacy/erase")
@require_role(Role.OWNER)
def privacy_erase() -> Response | tuple[str, int] | str:
    """First show what would be erased; erase once that is confirmed."""
    typed = request.form.get("email", "")
    try:
        email = _typed_email()
    except ValidationFailed as exc:
        return _render(
            422, fields={"erase_email": typed}, errors=field_messages(exc.fields, "erase_")
        )
    session = db.session()
    organization_id = current_organization().id
    if request.form.get("confirm") != "yes":
        found = person_export.export_person(
            session, organization_id=organization_id, email=email, logged=False
        )
        return render_template("admin/privacy_erase.html", email=email, found=found)
    erased = privacy.erase_person(
        session, organization_id=organization_id, email=email, by=current_actor()
    )
    message = ngettext(
        "The person is erased, with %(num)s sign-up.",
        "The person is erased, with %(num)s sign-ups.",
        erased.signups,
    )
    flash(message, "info")
    return redirect(url_for("admin.privacy_page"), 303)


@bp.post("/privacy/retention")
@require_role(Role.OWNER)
def privacy_retention() -> Response | tuple[str, int]:
    """How many days sign-ups are kept after their last status change."""
    typed = request.form.get("retention_days", "").strip()
    try:
        retention.set_retention(
            db.session(),
            current_organization(),
            int(typed) if typed.isdecimal() else 0,
            by=current_actor(),
        )
    except ValidationFailed as exc:
        return _render(422, fields={"retention_days": typed}, errors=field_messages(exc.fields))
    flash(_("Sign-ups are now kept for %(days)s days.", days=int(typed)), "info")
    return redirect(url_for("admin.privacy_page", _anchor="retention"), 303)


@bp.post("/privacy/consent/<locale>")
@require_role(Role.OWNER)
def privacy_consent(locale: str) -> Response | tuple[str, int]:
    """Make a text the privacy notice shown in this language from now on."""
    if locale not in LOCALES:
        abort(404)
    typed = request.form.get(f"text_{locale}", "")
    session = db.session()
    try:
        consent.set_text(
            session,
            current_organization(),
            locale,
            {"text": typed},
            by=current_actor(),
        )
    except ValidationFailed as exc:
        session.rollback()
        errors = {f"text_{locale}": m for m in field_messages(exc.fields).values()}
        return _render(422, fields={f"text_{locale}": typed}, errors=errors)
    flash(_("The consent text is saved; new sign-ups record its version."), "info")
    return redirect(url_for("admin.privacy_page", _anchor="consent"), 303)
