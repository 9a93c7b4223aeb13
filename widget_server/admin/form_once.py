"""Create forms that act once however often they are sent (see services/inputs/form_nonces.py)."""

from __future__ import annotations

from flask import request

from widget_server.services.inputs import form_nonces


def form_nonce() -> str:
    """The nonce a form carries: the one it was sent with when it is shown again."""
    sent = request.form.get("form_nonce", "") if request.method == "POST" else ""
    return sent if 16 <= len(sent) <= 64 else form_nonces.new_nonce()
