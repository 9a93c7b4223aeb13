"""Admin API (/api/v1): an organization's tasks and sign-ups, with a secret key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, g, jsonify

from widget_server import db
from widget_server.api.parsing import json_body, read_query
from widget_server.api.request_models import SignupQuery, SignupStatusPatch, TaskQuery
from widget_server.api.serializers import admin_signup, admin_task
from widget_server.auth import forget_cached_organization, load_secret_key
from widget_server.models import Signup
from widget_server.services.audit import Actor
from widget_server.services.catalog import tasks
from widget_server.services.volunteering import certificates, export, signups
from widget_server.volunteer_pages.verification import verify_url

bp = Blueprint("admin_api", __name__)


@bp.before_request
def _authenticate() -> None:
    g.json_errors = True
    load_secret_key()


bp.after_request(forget_cached_organization)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.cache_control.no_store = True
    return response


@bp.get("/tasks")
def list_tasks() -> Response:
    query = read_query(TaskQuery)
    items, next_cursor = tasks.list_tasks(db.session(), g.organization, **query.model_dump())
    return jsonify(data=[admin_task(t) for t in items], next_cursor=next_cursor)


@bp.post("/tasks")
def create_task() -> tuple[Response, int]:
    task = tasks.create_task(db.session(), g.organization, json_body(), by=Actor.key(g.api_key.id))
    return jsonify(data=admin_task(task)), 201


@bp.get("/tasks/<task_id>")
def get_task(task_id: str) -> Response:
    return jsonify(data=admin_task(tasks.get_task(db.session(), g.organization, task_id)))


@bp.patch("/tasks/<task_id>")
def update_task(task_id: str) -> Response:
    task = tasks.update_task(
        db.session(), g.organization, task_id, json_body(), by=Actor.key(g.api_key.id)
    )
    return jsonify(data=admin_task(task))


@bp.delete("/tasks/<task_id>")
def delete_task(task_id: str) -> Response:
    tasks.delete_task(db.session(), g.organization, task_id, by=Actor.key(g.api_key.id))
    return Response(status=204)


@bp.get("/signups")
def list_signups() -> Response:
    """Sign-ups, filtered by task, status and creation time."""
    query = read_query(SignupQuery)
    items, next_cursor = signups.list_signups(
        db.session(),
        g.organization,
        task_public_id=query.task,
        status=query.status,
        since=query.since,
        limit=query.limit,
        cursor=query.cursor,
    )
    return jsonify(data=_with_certificates(items), next_cursor=next_cursor)


def _with_certificates(items: list[Signup]) -> list[dict[str, Any]]:
    """Sign-ups as JSON, each with the page that verifies its certificate in force, if any."""
    codes = certificates.current_codes(db.session(), [s.id for s in items])
    return [admin_signup(s, verify_url(codes[s.id]) if codes.get(s.id) else None) for s in items]


@bp.patch("/signups/<signup_id>")
def update_signup(signup_id: str) -> Response:
    """Change a sign-up's status (accept, decline, waitlist, complete with the hours...)."""
    change = SignupStatusPatch.read(json_body())
    signup = signups.change_status(
        db.session(),
        g.organization,
        signup_id,
        change.status,
        hours=change.hours,
        by=Actor.key(g.api_key.id),
    )
    return jsonify(data=_with_certificates([signup])[0])


@bp.get("/signups/export.csv")
def export_signups() -> Response:
    """Every sign-up as CSV (UTF-8 with BOM, formula-safe), streamed."""
    organization = g.organization
    make_session = db.sessionmaker_()

    # The body is produced after the request's session is closed, so it reads in its own,
    # closed (and its transaction ended) when the server closes the response.
    def chunks() -> Iterator[bytes]:
        with make_session() as session:
            yield from export.export_signups(session, organization)

    response = Response(chunks(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{organization.slug}-signups.csv"'
    )
    return response


def _nest_blueprints() -> None:
    # Nested blueprints run this one's before/after-request hooks: the same key checks.
    from widget_server.api import messages_api, privacy_api, webhooks_api

    bp.register_blueprint(webhooks_api.bp)
    bp.register_blueprint(messages_api.bp)
    bp.register_blueprint(privacy_api.bp)


_nest_blueprints()
