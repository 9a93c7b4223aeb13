"""Create forms that act once however often they are sent (see services/inputs/form_nonces.py)."""

from __future__ import annotations

from typing import Any

from flask import request

from widget_server import db
from widget_server.admin.guard import current_organization
from widget_server.models import IdempotencyRecord
from widget_server.services.inputs import form_nonces


def form_nonce() -> str:
    """The nonce a form carries: the one it was sent with when it is shown again."""
    sent = request.form.get("form_nonce", "") if request.method == "POST" else ""
    return sent if 16 <= len(sent) <= 64 else form_nonces.new_nonce()


def claim_form(nonce: str | None = None) -> IdempotencyRecord | None:
    """Claim the form's nonce (the one sent, unless given) in the request's transaction;
    None when this form was already sent (a double click), or sent without a nonce."""
    nonce = request.form.get("form_nonce", "") if nonce is None else nonce
    if not nonce:
        return None
    return form_nonces.claim(db.session(), current_organization().id, nonce)


def earlier_result(nonce: str | None = None) -> dict[str, Any]:
    """What the first submission of this form made ({} if nothing), to point a repeat to it."""
    nonce = request.form.get("form_nonce", "") if nonce is None else nonce
    return form_nonces.earlier_result(db.session(), current_organization().id, nonce) or {}


def complete_form(record: IdempotencyRecord, result: dict[str, Any]) -> None:
    """Keep what the form made with its change, so that a repeat can point to it."""
    form_nonces.record_result(db.session(), record, result)
