"""Admin API (/api/v1/privacy): export and erase one person, retention, consent texts.

Nested in the admin blueprint: a secret key, which has the owner's powers, is required.
The email travels in the JSON body, never in a URL that access logs would keep.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from flask import Blueprint, Response, g, jsonify
from pydantic import BaseModel, Field

from widget_server import db
from widget_server.api.parsing import json_body
from widget_server.api.request_models import PersonEmail, PrivacySettingsPatch
from widget_server.api.response_models import Count, Locale
from widget_server.api.serializers import fields_of
from widget_server.services.audit import Actor
from widget_server.services.inputs.field_rules import Whole
from widget_server.services.personal_data import consent, person_export, privacy, retention
from widget_server.services.personal_data.retention import MAX_RETENTION_DAYS

bp = Blueprint("privacy", __name__)


def _email() -> str:
    email = PersonEmail.read(json_body()).email
    privacy.normalised(email)  # ValidationFailed names the field when it is no address
    return email


@bp.post("/privacy/export")
def export_person() -> Response:
    data = person_export.export_person(
        db.session(), organization_id=g.organization.id, email=_email(), by=Actor.key(g.api_key.id)
    )
    return jsonify(data=data)


@bp.post("/privacy/erase")
def erase_person() -> Response:
    """Erase everything held about one email; answers how many rows went."""
    erased = privacy.erase_person(
        db.session(), organization_id=g.organization.id, email=_email(), by=Actor.key(g.api_key.id)
    )
    return jsonify(data=erased.as_dict())


@bp.get("/privacy/settings")
def get_settings() -> Response:
    return jsonify(data={"retention_days": g.organization.retention_days})


@bp.patch("/privacy/settings")
def update_settings() -> Response:
    """Set how many days sign-ups are kept after their last status change."""
    days = PrivacySettingsPatch.read(json_body()).retention_days
    if days is not None:
        retention.set_retention(db.session(), g.organization, days, by=Actor.key(g.api_key.id))
    return jsonify(data={"retention_days": g.organization.retention_days})


@bp.get("/privacy/consent-texts")
def list_consent_texts() -> Response:
    """Every version of the organization's own consent texts, current first per locale."""
    texts = consent.list_texts(db.session(), g.organization)
    data = [fields_of(ConsentText, t) for t in texts]
    return jsonify(data=data, builtin_version=consent.BUILTIN_VERSION)


@bp.put("/privacy/consent-texts/<locale>")
def set_consent_text(locale: str) -> Response:
    """Make a text the privacy notice shown in locale from now on."""
    text = consent.set_text(
        db.session(), g.organization, locale, json_body(), by=Actor.key(g.api_key.id)
    )
    return jsonify(data=fields_of(ConsentText, text))


# --- what these routes answer, for the OpenAPI document ---


class PersonExport(BaseModel):
    data: dict[str, Any] = Field(
        description="Sign-ups, alert subscriptions, messages and deliveries."
    )


class PersonErasure(BaseModel):
    """Rows removed, by kind."""

    signups: Count
    outbox_messages: Count
    webhook_deliveries: Count
    idempotency_records: Count
    alert_subscriptions: Count


class PrivacySettings(BaseModel):
    retention_days: Annotated[int, Whole(1, MAX_RETENTION_DAYS)]


class ConsentText(BaseModel):
    locale: Locale
    version: str = Field(description="sha256: and 16 hex digits of the text.")
    text: str
    created_at: datetime
    activated_at: datetime = Field(description="The latest activation is current.")


class ConsentTextList(BaseModel):
    data: list[ConsentText]
    builtin_version: str = Field(
        description="Recorded on sign-ups while a locale has no text of its own."
    )
