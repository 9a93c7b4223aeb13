"""Rate limits (Flask-Limiter): per IP and per publishable key on listings and sign-ups,
per IP and per account on admin sign-in.

Counters live in Redis when WIDGET_SERVER_REDIS_URL is set, so limits hold across every
process and host; otherwise in each process's memory. If Redis stops answering, requests
are still served, counted in memory meanwhile, and a warning is logged.

The public API's task listing, the busiest request, is counted before Flask by
listing_fast_path.py with the same settings, in one round trip (moving_windows.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from widget_server.services.inputs.email_addresses import email_key
from widget_server.settings import secret_key

DEFAULTS: dict[str, Any] = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_KEY_PREFIX": "vw",
    # Each limit counts the hits of the last minute (or hour) whenever they came: a burst
    # that straddles two fixed windows would get twice the allowance.
    "RATELIMIT_STRATEGY": "moving-window",
    "RATE_LIMIT_SIGNUP_PER_IP": "10 per minute; 100 per hour",
    "RATE_LIMIT_SIGNUP_PER_KEY": "300 per minute",
    "RATE_LIMIT_LISTING_PER_IP": "300 per minute",
    "RATE_LIMIT_LISTING_PER_KEY": "6000 per minute",
    # Widget view beacons: one per page view is what the widget sends.
    "RATE_LIMIT_VIEW_PER_IP": "30 per minute",
    "RATE_LIMIT_VIEW_PER_KEY": "6000 per minute",
    # Failed admin sign-ins (and password-reset requests) per client address and per account.
    "RATE_LIMIT_SIGNIN_PER_IP": "20 per minute; 100 per hour",
    "RATE_LIMIT_SIGNIN_PER_ACCOUNT": "5 per minute; 20 per hour",
    # Sign-in links to "My volunteering" asked for, per address typed and per client.
    "RATE_LIMIT_MY_LINK_PER_ADDRESS": "3 per 10 minutes; 10 per day",
    "RATE_LIMIT_MY_LINK_PER_IP": "10 per minute; 50 per hour",
}

limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    limiter.init_app(app)


def key_scope_of(named: str) -> str:
    """A publishable key (or organization slug), hashed: one bucket each."""
    return "key:" + hashlib.sha256(named.encode()).hexdigest()[:24]


def _key_scope() -> str:
    return key_scope_of(request.args.get("key") or request.args.get("org") or "")


def _hashed_address() -> str:
    """The client's address, hashed: view counting keeps no address, even in counters."""
    secret = secret_key().encode()
    digest = hashlib.blake2b(get_remote_address().encode(), key=secret[:64], digest_size=12)
    return "ip:" + digest.hexdigest()


def _is_preflight() -> bool:
    return request.method == "OPTIONS"


def _account_scope() -> str:
    """The email address a form names, normalised and hashed: one bucket per account, however
    the address is spelt."""
    email = email_key(request.form.get("email") or "")
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:24]


def _failed(response: Any) -> bool:
    # A successful sign-in redirects; only refusals count towards the limit.
    return response.status_code != 303


def _alert_scope() -> str:
    """The organization an alert form serves (or the whole server): one bucket each."""
    slug = (request.view_args or {}).get("slug")
    if slug is None and "key" in request.args:
        return "alerts-" + _key_scope()
    return "alerts:" + str(slug or "server")


def _limits(
    address_setting: str,
    scope_setting: str,
    scope_key: Callable[[], str] = _key_scope,
    address: Callable[[], str] = get_remote_address,
    scopes: tuple[str | None, str | None] = (None, None),
    **when: Any,
) -> Callable[[Callable[..., Any]], Any]:
    """Two limits on a view: per scope_key (a key, an account, a page) and per client address;
    scopes name their counters when they must not be the view's own."""

    def decorate(view: Callable[..., Any]) -> Any:
        view = limiter.limit(
            lambda: current_app.config[scope_setting], key_func=scope_key, scope=scopes[0], **when
        )(view)
        return limiter.limit(
            lambda: current_app.config[address_setting], key_func=address, scope=scopes[1], **when
        )(view)

    return decorate


signup_limits = _limits(
    "RATE_LIMIT_SIGNUP_PER_IP", "RATE_LIMIT_SIGNUP_PER_KEY", exempt_when=_is_preflight
)
listing_limits = _limits(
    "RATE_LIMIT_LISTING_PER_IP", "RATE_LIMIT_LISTING_PER_KEY", exempt_when=_is_preflight
)
view_limits = _limits(
    "RATE_LIMIT_VIEW_PER_IP",
    "RATE_LIMIT_VIEW_PER_KEY",
    address=_hashed_address,
    exempt_when=_is_preflight,
)
# Throttle guessing: failed attempts are counted per account and per client address.
signin_limits = _limits(
    "RATE_LIMIT_SIGNIN_PER_IP",
    "RATE_LIMIT_SIGNIN_PER_ACCOUNT",
    _account_scope,
    scopes=("signin-account", "signin-ip"),
    deduct_when=_failed,
)
# Reset requests send email: every request counts, per account and per address.
reset_limits = _limits(
    "RATE_LIMIT_SIGNIN_PER_IP",
    "RATE_LIMIT_SIGNIN_PER_ACCOUNT",
    _account_scope,
    scopes=("reset-account", "reset-ip"),
)
# Alert requests send email: limited per client address and per page, like sign-ups.
alert_limits = _limits(
    "RATE_LIMIT_SIGNUP_PER_IP",
    "RATE_LIMIT_SIGNUP_PER_KEY",
    _alert_scope,
    scopes=("alerts-page", "alerts-ip"),
)
# Sign-in links to "My volunteering" send email: every request counts, per address typed
# (however it is spelt) and per client address.
my_link_limits = _limits(
    "RATE_LIMIT_MY_LINK_PER_IP",
    "RATE_LIMIT_MY_LINK_PER_ADDRESS",
    _account_scope,
    scopes=("my-link-address", "my-link-ip"),
)
