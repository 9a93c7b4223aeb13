"""Admin API (/api/v1/privacy): export and erase one person, retention, consent texts.

Nested in the admin blueprint: a secret key, which has the owner's powers, is required.
The email travels in the JSON body, never in a URL that access logs would keep.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify

from widget_server import db
from widget_server.api.parsing import json_body
from widget_server.models import ConsentText
from widget_server.services.inputs.validation import PayloadReader, present
from widget_server.services.personal_data import consent, person_export, privacy, retention
from widget_server.services.personal_data.retention import MAX_RETENTION_DAYS

bp = Blueprint("privacy", __name__)


def _email() -> str:
    reader = PayloadReader(json_body())
    email = reader.string("email", required=True, max_length=254)
    reader.finish()
    assert present(email)
    privacy.normalised(email)  # ValidationFailed names the field when it is no address
    return str(email)


def consent_json(text: ConsentText) -> dict[str, Any]:
    return {
        "locale": text.locale,
        "version": text.version,
        "text": text.text,
        "created_at": text.created_at.isoformat(),
        "activated_at": text.activated_at.isoformat(),
    }


@bp.post("/privacy/export")
def export_person() -> Response:
    """Everything held about one email, as JSON."""
    data = person_export.export_person(
        db.session(), organization_id=g.organization.id, email=_email(), api_key_id=g.api_key.id
    )
    return jsonify(data=data)


@bp.post("/privacy/erase")
def erase_person() -> Response:
    """Erase everything held about one email; answers how many rows went."""
    erased = privacy.erase_person(
        db.session(), organization_id=g.organization.id, email=_email(), api_key_id=g.api_key.id
    )
    return jsonify(data=erased.as_dict())


@bp.get("/privacy/settings")
def get_settings() -> Response:
    return jsonify(data={"retention_days": g.organization.retention_days})


@bp.patch("/privacy/settings")
def update_settings() -> Response:
    """Set how many days sign-ups are kept after their last status change."""
    reader = PayloadReader(json_body(), partial=True)
    days = reader.integer("retention_days", minimum=1, maximum=MAX_RETENTION_DAYS)
    reader.finish()
    if present(days):
        retention.set_retention(db.session(), g.organization, days, api_key_id=g.api_key.id)
    return jsonify(data={"retention_days": g.organization.retention_days})


@bp.get("/privacy/consent-texts")
def list_consent_texts() -> Response:
    """Every version of the organization's own consent texts, current first per locale."""
    texts = consent.list_texts(db.session(), g.organization)
    return jsonify(data=[consent_json(t) for t in texts], builtin_version=consent.BUILTIN_VERSION)


@bp.put("/privacy/consent-texts/<locale>")
def set_consent_text(locale: str) -> Response:
    """Make a text the privacy notice shown in locale from now on."""
    text = consent.set_text(
        db.session(), g.organization, locale, json_body(), api_key_id=g.api_key.id
    )
    return jsonify(data=consent_json(text))
