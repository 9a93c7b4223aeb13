"""Links in emails to admins, signed when the email is sent (their time starts then)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from widget_server.models import Role
from widget_server.services.account_links import (
    Invitation,
    make_invitation_token,
    make_reset_token,
)

ADMIN_TEMPLATES = frozenset({"admin_password_reset", "admin_invitation"})


def admin_urls(template: str, context: dict[str, Any], locale: str) -> dict[str, str]:
    secret = str(current_app.config["SECRET_KEY"])
    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:8000"
    if template == "admin_password_reset":
        token = make_reset_token(secret, int(context["user_id"]), str(context["fingerprint"]))
        return {"reset": f"{base}/admin/password/reset/{token}?locale={locale}"}
    invitation = Invitation(
        int(context["organization_id"]), str(context["email"]), Role(context["role"])
    )
    token = make_invitation_token(secret, invitation)
    return {"accept": f"{base}/admin/invitations/{token}?locale={locale}"}
