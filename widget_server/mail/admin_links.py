"""Links in emails to admins, signed when the email is sent: they carry only a random id."""

from __future__ import annotations

from typing import Any

from widget_server.public_url import public_url
from widget_server.services.access.account_links import INVITATION, RESET, make_link_token
from widget_server.services.outbound.outbox import PermanentFailure
from widget_server.settings import secret_key

ADMIN_TEMPLATES = frozenset({"admin_password_reset", "admin_invitation"})


def admin_urls(template: str, context: dict[str, Any], locale: str) -> dict[str, str]:
    key = "reset" if template == "admin_password_reset" else "invitation"
    if key not in context:
        # Queued before links carried only an id: such a link would no longer open anything.
        raise PermanentFailure("an admin link queued in an earlier form; ask for a new one")
    secret = secret_key()
    base = public_url()
    if template == "admin_password_reset":
        token = make_link_token(secret, RESET, str(context["reset"]))
        return {"reset": f"{base}/admin/password/reset/{token}?locale={locale}"}
    token = make_link_token(secret, INVITATION, str(context["invitation"]))
    return {"accept": f"{base}/admin/invitations/{token}?locale={locale}"}
