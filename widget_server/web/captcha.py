"""An optional CAPTCHA (or any other human check) that an operator plugs in by setting.

WIDGET_SERVER_CAPTCHA_CHECK names a callable as "package.module:function". It is called
for every sign-up, from the iframe form and from the public API, after the server's own
checks (form token, honeypot, rate limits) and before anything is stored, as
``check(fields, request)``: fields are the posted form fields (iframe) or the JSON body
(API), request is the Flask request (headers such as a CAPTCHA service's token, the
client address). It returns True to let the sign-up through, False to refuse it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Request, current_app, request
from werkzeug.utils import import_string

from widget_server.web.error_handlers import ApiError

CaptchaCheck = Callable[[Mapping[str, Any], Request], bool]

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Import the configured check once, so a wrong name stops the server at start."""
    name = app.config["CAPTCHA_CHECK"]
    app.extensions["captcha_check"] = import_string(name) if name else None


def human_check_passes(fields: Mapping[str, Any]) -> bool:
    """True without a configured check; else the check's answer (a failing check refuses)."""
    check: CaptchaCheck | None = current_app.extensions["captcha_check"]
    if check is None:
        return True
    try:
        return bool(check(fields, request))
    except Exception:
        log.exception("the CAPTCHA check %s failed", current_app.config["CAPTCHA_CHECK"])
        return False


def require_human(fields: Any) -> None:
    """For the JSON API: 422 captcha_failed unless the check passes."""
    if not human_check_passes(fields if isinstance(fields, Mapping) else {}):
        raise ApiError(422, "captcha_failed")
