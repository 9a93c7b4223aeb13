"""Settings: defaults, the WIDGET_SERVER_* environment, and where shipped files live."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from widget_server.locales import LOCALES

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped_dir(name: str) -> Path:
    """A top-level folder of the source tree, or its copy inside the installed wheel."""
    in_checkout = PACKAGE_DIR.parent / name
    return in_checkout if in_checkout.is_dir() else PACKAGE_DIR / name


TEMPLATES_DIR = _shipped_dir("templates")
MIGRATIONS_DIR = _shipped_dir("migrations")
EMBED_DIR = _shipped_dir("embed")
EXAMPLES_DIR = _shipped_dir("examples")
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
# Where dev and demo runs keep the key they made when WIDGET_SERVER_SECRET_KEY is not set.
SECRET_KEY_FILE = "secret-key"  # noqa: S105  (a file name)

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "SECRET_KEY": None,
    "PUBLIC_URL": None,  # None: derived from each request
    "REDIS_URL": None,
    "SMTP_URL": None,
    # Requests larger than this are refused with 413 before they are read.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # Public listing responses may be cached by browsers and CDNs this long.
    "PUBLIC_CACHE_SECONDS": 30,
    # Feeds and sitemaps may be cached this long (readers poll them; ETags make polls cheap).
    "FEED_CACHE_SECONDS": 300,
    # How long a process trusts a publishable key and its organization's content version
    # without asking the database: the most a change may take to show in other processes.
    "KEY_CACHE_SECONDS": 2,
    # How many listing pages each process keeps rendered in memory.
    "LISTING_CACHE_SIZE": 2048,
    "DEFAULT_LOCALE": "en",
    # The front page (/) lists the open tasks of every organization (widget_server/directory);
    # off, it only names the server. Its language when neither ?locale= nor the browser
    # choose one of the server's: Arabic, the language of the people it is made for.
    "DIRECTORY": True,
    "DIRECTORY_LOCALE": "ar",
    "DEMO": False,
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto/-Host: with 0 they
    # are ignored (anyone could forge them); behind one nginx or load balancer, set 1.
    "PROXY_HOPS": 0,
    # Sign-up and alert forms sent sooner than this after they were shown are refused:
    # people take longer to fill them in, scripts do not.
    "FORM_MIN_SECONDS": 2.0,
    # An optional human check for sign-ups, "package.module:function" (see captcha.py).
    "CAPTCHA_CHECK": None,
    # Email: the sender address (a bare address; the organization's name is shown with it),
    # and whether mail written to the log (no SMTP_URL) includes its text (the demo does).
    "MAIL_FROM": None,
    "MAIL_LOG_BODIES": False,
    # Outbox delivery (widget-server worker): attempts before a message is dead, backoff
    # base and cap (doubling, with jitter), how long a claimed batch is held.
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_BACKOFF_SECONDS": 30,
    "OUTBOX_BACKOFF_MAX_SECONDS": 3600,
    "OUTBOX_LEASE_SECONDS": 300,
    "OUTBOX_BATCH_SIZE": 200,
    "WORKER_POLL_SECONDS": 2,
    # How often a worker queues due reminders and digests, and how early a reminder goes.
    "WORKER_SCHEDULE_SECONDS": 60,
    "REMINDER_HOURS_BEFORE": 24,
    # How long a freed slot is held for the waitlisted volunteer it is offered to.
    "WAITLIST_OFFER_HOURS": 48,
    # How long a webhook receiver may take to answer before the attempt counts as failed.
    "WEBHOOK_TIMEOUT_SECONDS": 5,
    # Let webhook URLs reach loopback and private networks (development only; tests do).
    "WEBHOOK_ALLOW_PRIVATE_URLS": False,
    # Let webhook URLs resolve to IPv6 ranges that translate to IPv4 (NAT64, 6to4, Teredo);
    # the IPv4 address inside is still judged like any other.
    "WEBHOOK_ALLOW_NAT64": False,
    # Widget JavaScript and CSS sources, bundled in memory at start (see assets.py).
    "EMBED_DIR": EMBED_DIR,
    # Admin sign-in cookie: never readable by scripts, not sent on cross-site posts, and
    # Secure when the server is served over HTTPS (None: decided from PUBLIC_URL).
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,
    # An admin is signed out after this many seconds without a request (2 hours), and this
    # many seconds after signing in whatever they do (12 hours).
    "SESSION_IDLE_SECONDS": 2 * 3600,
    "SESSION_MAX_SECONDS": 12 * 3600,
    # Password-reset and invitation links stop working after this many seconds.
    "RESET_LINK_SECONDS": 3600,
    "INVITATION_LINK_SECONDS": 7 * 24 * 3600,
    # A volunteer's sign-in link to "My volunteering" works once, for this many seconds;
    # the page's session (a cookie on /my) then lasts this long.
    "VOLUNTEER_LINK_SECONDS": 30 * 60,
    "VOLUNTEER_SESSION_SECONDS": 2 * 3600,
}


class ConfigError(RuntimeError):
    """The server cannot start with the settings it was given."""


def load_settings(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, then the environment (or test_config in tests)."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("WIDGET_SERVER")
    else:
        app.config.from_mapping(test_config)

    if not app.config["DATABASE_URL"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = (
            f"sqlite:///{Path(app.instance_path) / 'widget-server.sqlite3'}"
        )
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])

    if not app.config["SECRET_KEY"]:
        if not (app.debug or app.testing or app.config["DEMO"]):
            raise ConfigError(
                "WIDGET_SERVER_SECRET_KEY is required: set it to a long random string "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        app.config["SECRET_KEY"] = (
            secrets.token_urlsafe(48) if app.testing else instance_secret_key(app.instance_path)
        )
    earlier = app.config.get("PERMANENT_SESSION_LIFETIME")
    if isinstance(earlier, int):  # the earlier name of SESSION_MAX_SECONDS may only shorten it
        app.config["SESSION_MAX_SECONDS"] = min(int(app.config["SESSION_MAX_SECONDS"]), earlier)
    # The cookie lasts no longer than the session it names (ended sessions open nothing).
    app.config["PERMANENT_SESSION_LIFETIME"] = int(app.config["SESSION_MAX_SECONDS"])
    if app.config["DIRECTORY_LOCALE"] not in LOCALES:
        raise ConfigError(
            f"WIDGET_SERVER_DIRECTORY_LOCALE must be one of {', '.join(LOCALES)}, "
            f"not {app.config['DIRECTORY_LOCALE']!r}."
        )
    if app.config["PUBLIC_URL"]:
        app.config["PUBLIC_URL"] = str(app.config["PUBLIC_URL"]).rstrip("/")
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = str(app.config["PUBLIC_URL"] or "").startswith(
            "https://"
        )


def secret_key() -> str:
    """The running app's SECRET_KEY, which signs sessions, links and form tokens."""
    return str(current_app.config["SECRET_KEY"])


def instance_secret_key(instance_path: str) -> str:
    """A random key kept in the instance folder (mode 0600): made on the first start, used
    again on the next ones, so sessions and links survive a restart (dev and demo only)."""
    path = Path(instance_path) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Created private in one step: no moment when other users could read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if len(key) < 32:
            raise ConfigError(f"{path} holds no usable key: delete it to make a new one.") from None
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as file:
        file.write(key + "\n")
    return key


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
