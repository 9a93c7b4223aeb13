"""Public API (/api/v1/public): open tasks and sign-ups, with a publishable key."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_babel import get_locale
from werkzeug.exceptions import TooManyRequests

from widget_server import db
from widget_server.api.parsing import json_body, read_query
from widget_server.api.request_models import PublicTaskQuery
from widget_server.api.response_models import PublicOrganization, PublicTaskPage
from widget_server.api.serializers import fields_of, public_task
from widget_server.auth import (
    forget_cached_organization,
    keep_cached_organization,
    load_publishable_key,
    own_origin,
)
from widget_server.locales import direction
from widget_server.services.access.origins import READ_METHODS
from widget_server.services.catalog import tasks, widget_views
from widget_server.services.catalog.widget_theme import WidgetTheme
from widget_server.services.follow_up.dashboard import local_today
from widget_server.services.inputs import idempotency
from widget_server.services.times.working_hours import WorkingHours
from widget_server.services.times.zones import zone_label
from widget_server.services.volunteering import signups
from widget_server.web import listing_fast_path
from widget_server.web.captcha import require_human
from widget_server.web.cors import add_cors_headers
from widget_server.web.rate_limits import listing_limits, signup_limits, view_limits

bp = Blueprint("public_api", __name__)


@bp.before_request
def _authenticate() -> Response | None:
    g.json_errors = True
    # Reading the public listing needs no site of origin; everything else does.
    load_publishable_key(public_read=request.method in READ_METHODS)
    if request.method == "OPTIONS":
        return Response(status=204)
    return None


bp.after_request(add_cors_headers)
bp.after_request(forget_cached_organization)


def _today() -> datetime:
    return datetime.now(UTC)


@bp.get("/tasks")
def list_tasks() -> Response:
    """The organization's open tasks, filtered and paginated; cached and ETag'd per version.

    Its rate limits are counted before Flask, by listing_fast_path, which also answers
    repeated requests from what this view built."""
    if request.environ.get(listing_fast_path.REFUSED):
        raise TooManyRequests()
    filters = tasks.PublicFilters(**read_query(PublicTaskQuery).model_dump())
    organization = g.organization
    locale = str(get_locale())
    today = _today().date()
    cache_key = f"{organization.id}:{organization.content_version}:{today}:{locale}:{filters!r}"
    etag = hashlib.sha256(cache_key.encode()).hexdigest()[:32]
    request.environ[listing_fast_path.BUILT] = listing_fast_path.Built(
        request.args.get("key", ""), g.key_snapshot, today, etag
    )
    if etag in request.if_none_match:
        return _cacheable(Response(status=304), etag)
    cache = current_app.extensions["listing_cache"]
    body = cache.get(cache_key)
    if body is None:
        page = tasks.list_public_tasks(db.session(), organization, filters, today)
        hours = WorkingHours.of(organization).as_json(
            organization.timezone, zone_label(organization.timezone, locale), today
        )
        document = fields_of(
            PublicTaskPage,
            page,
            data=[public_task(task, locale) for task in page.items],
            total_pages=-(-page.total // page.per_page),
            locale=locale,
            direction=direction(locale),
            organization=fields_of(
                PublicOrganization,
                organization,
                working_hours=hours,
                widget=WidgetTheme.of(organization).as_json(),
            ),
        )
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        cache.put(cache_key, body)
    return _cacheable(Response(body, mimetype="application/json"), etag)


def _cacheable(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
    return response


@bp.get("/tasks/<task_id>")
@listing_limits
def get_task(task_id: str) -> Response:
    locale = str(get_locale())
    task = tasks.get_public_task(db.session(), g.organization, task_id, _today().date())
    return jsonify(data=public_task(task, locale), locale=locale, direction=direction(locale))


@bp.route("/tasks/<task_id>/signups", methods=["POST", "OPTIONS"])
@signup_limits
def create_signup(task_id: str) -> Response:
    """Sign a volunteer up; an Idempotency-Key header makes retries safe."""
    payload = json_body()
    require_human(payload)
    idem = None
    if "Idempotency-Key" in request.headers:
        key = idempotency.check_key(request.headers["Idempotency-Key"])
        idem = signups.Idempotency(
            key, idempotency.request_fingerprint("POST", request.path, payload)
        )
    outcome = signups.create_signup(
        db.session(),
        g.organization,
        task_id,
        payload,
        default_locale=str(get_locale()),
        origin=request.headers.get("Origin"),
        today=_today().date(),
        idem=idem,
    )
    keep_cached_organization()  # a sign-up changes only its content_version
    response = jsonify(outcome.body)
    response.status_code = outcome.status_code
    return response


@bp.post("/views")
@view_limits
def count_view() -> Response:
    """One widget view on a host page (the widget's beacon): a counter, nothing personal.

    Only the Origin header is read, and only an allowed origin is counted; the server's own
    pages (the admin preview) are not.
    """
    origin = request.headers.get("Origin")
    organization = g.organization
    if origin and origin in organization.allowed_origins and origin != own_origin():
        today = local_today(organization, _today())
        widget_views.record_view(db.session(), organization.id, origin, today)
    return Response(status=204)
