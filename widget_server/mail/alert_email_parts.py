"""What alert emails need when sent: signed links, and labels in the reader's language."""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask import current_app

from widget_server.services.task_alerts import alert_links

ALERT_TEMPLATES = frozenset({"alert_confirm", "alert_task", "alert_weekly"})


def alert_urls(template: str, context: dict[str, Any], locale: str) -> dict[str, str]:
    """The confirm link (for the request the email carries) or the unsubscribe link."""
    secret = str(current_app.config["SECRET_KEY"])
    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:8000"
    if template == "alert_confirm":
        token = alert_links.make_confirm_token(secret, str(context["request_id"]))
        return {"confirm": f"{base}/alerts/confirm/{token}?locale={locale}", "site": base}
    token = alert_links.make_unsubscribe_token(secret, str(context["subscription_id"]))
    return {"unsubscribe": f"{base}/alerts/unsubscribe/{token}?locale={locale}", "site": base}


def language_names(codes: list[str], locale: str) -> list[str]:
    names = Locale.parse(locale).languages
    return [names.get(code, code) for code in codes]
