"""What alert emails need when sent: signed links, and labels in the reader's language."""

from __future__ import annotations

from typing import Any

from widget_server.public_url import public_url
from widget_server.services.task_alerts import alert_links
from widget_server.settings import secret_key

ALERT_TEMPLATES = frozenset({"alert_confirm", "alert_task", "alert_weekly"})


def alert_urls(template: str, context: dict[str, Any], locale: str) -> dict[str, str]:
    """The confirm link (for the request the email carries) or the unsubscribe link."""
    secret = secret_key()
    base = public_url()
    if template == "alert_confirm":
        token = alert_links.make_confirm_token(secret, str(context["request_id"]))
        return {"confirm": f"{base}/alerts/confirm/{token}?locale={locale}", "site": base}
    token = alert_links.make_unsubscribe_token(secret, str(context["subscription_id"]))
    return {"unsubscribe": f"{base}/alerts/unsubscribe/{token}?locale={locale}", "site": base}
