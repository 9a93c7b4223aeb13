"""Admin API (/api/v1): an organization's tasks and sign-ups, with a secret key."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, g, jsonify

from widget_server import db
from widget_server.api.parsing import QueryReader, json_body
from widget_server.api.serializers import admin_signup, admin_task
from widget_server.auth import forget_cached_organization, load_secret_key
from widget_server.models import SignupStatus, TaskStatus
from widget_server.services.catalog import tasks
from widget_server.services.inputs.validation import PayloadReader, present
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
    """The organization's tasks, newest first."""
    args = QueryReader()
    status = args.choice("status", tuple(s.value for s in TaskStatus))
    limit = args.integer("limit", 50, 1, 200) or 50
    cursor = args.text("cursor", 40)
    args.finish()
    items, next_cursor = tasks.list_tasks(
        db.session(), g.organization, status=status, limit=limit, cursor=cursor
    )
    return jsonify(data=[admin_task(t) for t in items], next_cursor=next_cursor)


@bp.post("/tasks")
def create_task() -> tuple[Response, int]:
    """Create a task."""
    task = tasks.create_task(db.session(), g.organization, json_body(), api_key_id=g.api_key.id)
    return jsonify(data=admin_task(task)), 201


@bp.get("/tasks/<task_id>")
def get_task(task_id: str) -> Response:
    return jsonify(data=admin_task(tasks.get_task(db.session(), g.organization, task_id)))


@bp.patch("/tasks/<task_id>")
def update_task(task_id: str) -> Response:
    """Change some of a task's fields."""
    task = tasks.update_task(
        db.session(), g.organization, task_id, json_body(), api_key_id=g.api_key.id
    )
    return jsonify(data=admin_task(task))


@bp.delete("/tasks/<task_id>")
def delete_task(task_id: str) -> Response:
    """Delete a task nobody signed up for."""
    tasks.delete_task(db.session(), g.organization, task_id, api_key_id=g.api_key.id)
    return Response(status=204)


@bp.get("/signups")
def list_signups() -> Response:
    """Sign-ups, filtered by task, status and creation time."""
    args = QueryReader()
    task_id = args.text("task", 40)
    status = args.choice("status", tuple(s.value for s in SignupStatus))
    since = args.timestamp("since")
    limit = args.integer("limit", 50, 1, 200) or 50
    cursor = args.text("cursor", 40)
    args.finish()
    items, next_cursor = signups.list_signups(
        db.session(),
        g.organization,
        task_public_id=task_id,
        status=status,
        since=since,
        limit=limit,
        cursor=cursor,
    )
    codes = certificates.current_codes(db.session(), [s.id for s in items])
    return jsonify(
        data=[admin_signup(s, _certificate_url(codes.get(s.id))) for s in items],
        next_cursor=next_cursor,
    )


def _certificate_url(code: str | None) -> str | None:
    return verify_url(code) if code else None


@bp.patch("/signups/<signup_id>")
def update_signup(signup_id: str) -> Response:
    """Change a sign-up's status (accept, decline, waitlist, complete with the hours...)."""
    reader = PayloadReader(json_body())
    status = reader.choice("status", signups.ADMIN_STATUSES, required=True)
    hours = reader.number("hours")
    reader.finish()
    assert present(status)
    session = db.session()
    signup = signups.change_status(
        session,
        g.organization,
        signup_id,
        status,
        hours=hours if present(hours) else None,
        api_key_id=g.api_key.id,
    )
    codes = certificates.current_codes(session, [signup.id])
    return jsonify(data=admin_signup(signup, _certificate_url(codes.get(signup.id))))


@bp.get("/signups/export.csv")
def export_signups() -> Response:
    """Every sign-up as CSV (UTF-8 with BOM, formula-safe), streamed."""
    organization = g.organization
    make_session = db.sessionmaker_()

    # The body is produced after the request's session is closed, so it reads in its own,
    # closed (and its transaction ended) when the server closes the response.
    def chunks() -> Iterator[str]:
        with make_session() as session:
            yield from export.export_signups(session, organization)

    response = Response(chunks(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{organization.slug}-signups.csv"'
    )
    return response


def _nest_blueprints() -> None:
    # Nested blueprints run this one's before/after-request hooks: the same key checks.
    from widget_server.api import privacy_api, webhooks_api

    bp.register_blueprint(webhooks_api.bp)
    bp.register_blueprint(privacy_api.bp)


_nest_blueprints()
