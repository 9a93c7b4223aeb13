"""Volunteer Widget Server: remote volunteer tasks on any nonprofit's website."""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel, get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from widget_server import assets, db, locales
from widget_server.locales import select_locale
from widget_server.services.times.zones import search_terms_for
from widget_server.settings import TEMPLATES_DIR, TRANSLATIONS_DIR, load_settings
from widget_server.web import captcha, rate_limits
from widget_server.web.error_handlers import register_error_handlers
from widget_server.web.key_cache import KeyCache
from widget_server.web.listing_cache import ListingCache
from widget_server.web.listing_fast_path import ListingFastPath
from widget_server.web.log_paths import LogPathMiddleware
from widget_server.web.message_html import message_html
from widget_server.web.security_headers import register_security_headers

babel = Babel()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), instance_relative_config=True)
    load_settings(app, test_config)
    cast(DefaultJSONProvider, app.json).sort_keys = False  # documents keep their reading order
    register_extensions(app)
    register_request_guard(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_globals(app)
    # Inside the proxy fix, so that both paths see the visitor's own address.
    fast_path = ListingFastPath(app, app.wsgi_app)
    app.extensions["listing_fast_path"] = fast_path
    app.wsgi_app = fast_path  # type: ignore[method-assign]
    register_proxy_fix(app)
    app.wsgi_app = LogPathMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    rate_limits.init_app(app)
    captcha.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS_DIR),
        default_locale=app.config["DEFAULT_LOCALE"],
    )
    app.extensions["listing_cache"] = ListingCache(app.config["LISTING_CACHE_SIZE"])
    app.extensions["key_cache"] = KeyCache(app.config["KEY_CACHE_SECONDS"])
    assets.init_app(app)  # after Babel: widget.js carries text from the catalogs


def register_blueprints(app: Flask) -> None:
    from widget_server import admin
    from widget_server.alert_pages import alert_views
    from widget_server.api import admin_api, openapi, public_api
    from widget_server.demo import demo_guide, example_pages
    from widget_server.directory import directory_views
    from widget_server.feeds import syndication_views
    from widget_server.frames import frame_views
    from widget_server.hosted import hosted_views
    from widget_server.volunteer_pages import (
        conversation_views,  # noqa: F401  (its pages are on email_link_views.bp)
        email_link_views,
        my_views,
        verification,
    )
    from widget_server.web import health

    app.register_blueprint(health.bp)
    app.register_blueprint(public_api.bp, url_prefix="/api/v1/public")
    app.register_blueprint(admin_api.bp, url_prefix="/api/v1")
    app.register_blueprint(openapi.bp, url_prefix="/api/v1")
    app.register_blueprint(frame_views.bp, url_prefix="/embed/v1")
    app.register_blueprint(hosted_views.bp, url_prefix="/o")
    app.register_blueprint(syndication_views.bp)
    app.register_blueprint(example_pages.bp, url_prefix="/examples")
    app.register_blueprint(email_link_views.bp, url_prefix="/v")
    app.register_blueprint(verification.bp, url_prefix="/c")
    app.register_blueprint(my_views.bp, url_prefix="/my")
    app.register_blueprint(alert_views.bp)
    app.register_blueprint(directory_views.bp)
    app.register_blueprint(demo_guide.bp)
    app.register_blueprint(admin.bp, url_prefix="/admin")


def register_request_guard(app: Flask) -> None:
    @app.before_request
    def _no_nul_in_path() -> None:
        # No id or slug contains a NUL byte, and PostgreSQL refuses to compare text with one.
        if "\x00" in request.path:
            abort(404)


def register_proxy_fix(app: Flask) -> None:
    hops = int(app.config["PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_template_globals(app: Flask) -> None:
    locales.init_app(app)
    app.jinja_env.globals.update(get_locale=get_locale, zone_search_terms=search_terms_for)
    app.jinja_env.filters["message_html"] = message_html
