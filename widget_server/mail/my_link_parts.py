"""The sign-in link of "My volunteering" emails, signed when the email is sent: it carries
only the link's random id."""

from __future__ import annotations

from typing import Any

from widget_server.public_url import public_url
from widget_server.services.access.account_links import make_link_token
from widget_server.services.volunteer_home.sign_in import LINK_PURPOSE
from widget_server.settings import secret_key

MY_TEMPLATES = frozenset({"my_sign_in"})


def my_urls(context: dict[str, Any], locale: str) -> dict[str, str]:
    token = make_link_token(secret_key(), LINK_PURPOSE, str(context["link_id"]))
    base = public_url()
    return {
        "sign_in": f"{base}/my/sign-in/{token}?locale={locale}",
        "ask": f"{base}/my?locale={locale}",
    }
