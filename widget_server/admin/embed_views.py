"""The embed page: snippets with a live preview, the widget's theme, allowed origins, keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from widget_server import db
from widget_server.admin import builder_guides, embed_labels
from widget_server.admin.blueprint import bp
from widget_server.admin.form_once import claim_form, complete_form
from widget_server.admin.guard import current_membership, current_organization, require_role
from widget_server.admin.snippets import (
    SnippetOptions,
    alerts_snippet,
    board_snippet,
    hosted_url,
    snippet,
)
from widget_server.db import utcnow
from widget_server.locales import LOCALES
from widget_server.models import KeyKind, Role
from widget_server.public_url import public_url
from widget_server.services.access import keys, organizations
from widget_server.services.access.keys import IssuedKey
from widget_server.services.catalog import widget_theme
from widget_server.services.errors import DomainError, FieldProblem, ValidationFailed
from widget_server.web.error_texts import error_message, field_messages

GRACE_CHOICES = (0, 1, 24, 72, 168, 720)


def _builder_options(organization: Any) -> SnippetOptions:
    """The snippet builder's choices (GET), each checked; bad ones are left out."""
    args = request.args
    locale = args.get("s_locale", "")
    layout, theme = args.get("s_layout", ""), args.get("s_theme", "")
    accent = args.get("s_accent", "").lower()
    return SnippetOptions(
        locale=locale if locale in LOCALES else organization.default_locale,
        layout=layout if layout in widget_theme.LAYOUTS else None,
        theme=theme if theme in widget_theme.THEMES else None,
        accent=accent if widget_theme.is_hex_colour(accent) else None,
    )


def _render(status: int = 200, **state: Any) -> tuple[str, int]:
    session = db.session()
    organization = current_organization()
    owner = current_membership().role is Role.OWNER
    key_list = keys.list_keys(session, organization)
    moment = utcnow()
    publishable = next(
        (
            k
            for k in key_list
            if k.kind is KeyKind.PUBLISHABLE and k.publishable_token and k.is_active(moment)
        ),
        None,
    )
    options = _builder_options(organization)
    base = public_url()
    snippets = None
    if publishable is not None:
        token = publishable.publishable_token or ""
        snippets = {
            "script": snippet(base, token, options.locale, organization.slug, options),
            "board": board_snippet(base, token, options.locale, organization.name, options),
            "hosted": hosted_url(base, organization.slug, options.locale),
            "alerts": alerts_snippet(base, token, options.locale, organization.name),
        }
    theme = widget_theme.WidgetTheme.of(organization)
    page = render_template(
        "admin/embed.html",
        owner=owner,
        keys=key_list if owner else [],
        now=moment,
        publishable=publishable,
        options=options,
        snippets=snippets,
        theme_fields=state.pop("theme_fields", None)
        or {
            "accent": theme.accent or "",
            "theme": theme.theme or "",
            "layout": theme.layout or "",
            "locale": theme.locale or "",
        },
        origin_fields=state.pop("origin_fields", None)
        or {"origins": "\n".join(organization.allowed_origins)},
        grace_choices=GRACE_CHOICES,
        **embed_labels.choices(),
        **builder_guides.guides(),
        themes=widget_theme.THEMES,
        layouts=widget_theme.LAYOUTS,
        **{"theme_errors": {}, "origin_errors": {}, "key_errors": {}, "issued": None, **state},
    )
    return page, status


@bp.get("/embed")
@require_role(Role.VIEWER)
def embed_page() -> tuple[str, int]:
    """Snippets for each embed mode with a live preview; theme, origins and keys."""
    return _render()


@bp.post("/embed/theme")
@require_role(Role.EDITOR)
def embed_theme() -> Response | tuple[str, int]:
    """The widget's defaults for this organization; every embed shows them on its next load."""
    fields = {name: request.form.get(name, "") for name in ("accent", "theme", "layout", "locale")}
    try:
        chosen = widget_theme.read_theme(**fields)
        widget_theme.save_theme(
            db.session(), current_organization(), chosen, user_id=current_membership().user_id
        )
    except ValidationFailed as exc:
        return _render(422, theme_fields=fields, theme_errors=field_messages(exc.fields))
    flash(_("The widget's look is saved."), "info")
    return redirect(url_for("admin.embed_page", _anchor="theme"), 303)


@bp.post("/embed/origins")
@require_role(Role.OWNER)
def embed_origins() -> Response | tuple[str, int]:
    """The websites allowed to show the widget and frame its pages, one per line."""
    typed = request.form.get("origins", "")
    lines = [line.strip() for line in typed.splitlines() if line.strip()]
    try:
        if len(lines) > 50:
            raise ValidationFailed({"origins": FieldProblem("too_many", {"max": 50})})
        organizations.set_allowed_origins(
            db.session(), current_organization(), lines, user_id=current_membership().user_id
        )
    except ValidationFailed as exc:
        return _render(
            422, origin_fields={"origins": typed}, origin_errors=field_messages(exc.fields)
        )
    flash(_("The allowed websites are saved."), "info")
    return redirect(url_for("admin.embed_page", _anchor="origins"), 303)


def _shown_once(issued: IssuedKey, message: str) -> tuple[str, int]:
    flash(message, "info")
    return _render(201, issued=issued)


@bp.post("/embed/keys")
@require_role(Role.OWNER)
def embed_key_create() -> Response | tuple[str, int]:
    """A new key; its secret is on this answer and never again."""
    kind, label = request.form.get("kind", ""), request.form.get("label", "")
    if kind not in {k.value for k in KeyKind}:
        fields = {"kind": FieldProblem("not_a_choice", {"choices": "publishable, secret"})}
        return _render(422, key_errors=field_messages(fields))
    session = db.session()
    record = claim_form()
    if record is None:
        flash(_("This form was already sent; the key it created is in the list."), "info")
        return redirect(url_for("admin.embed_page", _anchor="keys"), 303)
    try:
        issued = keys.create_key(
            session,
            current_organization(),
            KeyKind(kind),
            label,
            user_id=current_membership().user_id,
        )
    except ValidationFailed as exc:
        session.rollback()
        return _render(422, key_errors=field_messages(exc.fields), key_label=label)
    complete_form(record, {"key": issued.key.public_id})
    return _shown_once(issued, _("The key is created. Copy it now: it will not be shown again."))


@bp.post("/embed/keys/<key_id>/revoke")
@require_role(Role.OWNER)
def embed_key_revoke(key_id: str) -> Response:
    """Stop a key at once (revoking twice changes nothing)."""
    key = keys.revoke_key(
        db.session(), current_organization(), key_id, user_id=current_membership().user_id
    )
    flash(_("The key %(prefix)s… is revoked.", prefix=key.display_prefix), "info")
    return redirect(url_for("admin.embed_page", _anchor="keys"), 303)


@bp.post("/embed/keys/<key_id>/rotate")
@require_role(Role.OWNER)
def embed_key_rotate(key_id: str) -> Response | tuple[str, int]:
    """A replacement key; the old one keeps working for the grace period chosen."""
    session = db.session()
    organization = current_organization()
    keys.get_key(session, organization, key_id)  # another organization's key: 404
    hours = request.form.get("grace_hours", "")
    if not hours.isdigit() or int(hours) not in GRACE_CHOICES:
        fields = {"grace_hours": FieldProblem("not_a_choice", {"choices": ""})}
        return _render(422, key_errors=field_messages(fields))
    record = claim_form()
    if record is None:
        flash(_("This form was already sent; the new key is in the list."), "info")
        return redirect(url_for("admin.embed_page", _anchor="keys"), 303)
    try:
        issued = keys.rotate_key(
            session,
            organization,
            key_id,
            timedelta(hours=int(hours)),
            user_id=current_membership().user_id,
        )
    except DomainError as exc:
        session.rollback()
        flash(error_message(exc.code, exc.params), "error")
        return redirect(url_for("admin.embed_page", _anchor="keys"), 303)
    complete_form(record, {"key": issued.key.public_id})
    return _shown_once(
        issued,
        _(
            "The new key is ready. Copy it now: it will not be shown again. The old key works "
            "until its grace period ends."
        ),
    )
