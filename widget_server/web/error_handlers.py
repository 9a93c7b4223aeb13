"""One JSON error shape for the API, HTML error pages for people, and no stack traces."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from widget_server.services.errors import DomainError, ValidationFailed
from widget_server.web.error_texts import error_message, field_messages
from widget_server.web.page_policy import apply_page_policy

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "invalid_key",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "service_unavailable",
    507: "storage_full",
}
# SQLite's SQLITE_FULL and PostgreSQL's disk_full: the write had no room; nothing was kept.
_SQLITE_FULL = 13
_POSTGRES_DISK_FULL = "53100"


class ApiError(DomainError):
    """An error decided by the web layer itself (bad JSON, a wrong origin)."""

    def __init__(self, status: int, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        self.status = status


def error_response(
    status: int,
    code: str,
    params: dict[str, Any] | None = None,
    fields: dict[str, str] | None = None,
) -> Response:
    """The API's only error shape: {"error": {"code", "message", "fields"}}."""
    body: dict[str, Any] = {"code": code, "message": error_message(code, params)}
    if fields:
        body["fields"] = fields
    response = jsonify(error=body)
    response.status_code = status
    return response


def _wants_json() -> bool:
    if g.get("html_errors"):  # pages for people, such as the iframe pages
        return False
    if request.path.startswith("/api/") or g.get("json_errors"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _answer(
    status: int,
    code: str,
    params: dict[str, Any] | None = None,
    fields: dict[str, str] | None = None,
) -> Response:
    _rollback()
    if _wants_json():
        return error_response(status, code, params, fields)
    html = render_template(
        "errors/error.html",
        layout=g.get("error_layout", "_layouts/base.html"),
        status=status,
        message=error_message(code, params),
        fields=fields,
    )
    # Pages load their stylesheet from this server and may be framed by nobody (the embed's
    # own blueprints widen frame-ancestors for their pages afterwards).
    return apply_page_policy(Response(html, status=status, mimetype="text/html"), None)


def _rollback() -> None:
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def handle_domain_error(error: DomainError) -> Response:
    fields = None
    if isinstance(error, ValidationFailed):
        fields = field_messages(error.fields)
    return _answer(error.status, error.code, error.params, fields)


def handle_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = _HTTP_CODES.get(status, "bad_request")
    params = {"limit": current_app.config["MAX_CONTENT_LENGTH"]} if status == 413 else None
    response = _answer(status, code, params)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _disk_full(error: DBAPIError) -> bool:
    original = error.orig
    return (
        getattr(original, "sqlite_errorcode", None) == _SQLITE_FULL
        or getattr(original, "sqlstate", None) == _POSTGRES_DISK_FULL
    )


def handle_database_down(error: DBAPIError) -> Response:
    if _disk_full(error):
        log.error("database storage is full: %s", error.orig)
        response = _answer(507, "storage_full")
        response.headers["Retry-After"] = "60"
        return response
    if isinstance(error, OperationalError) or error.connection_invalidated:
        log.warning("database unavailable: %s", error.orig)
        response = _answer(503, "service_unavailable")
        response.headers["Retry-After"] = "5"
        return response
    return handle_unexpected(error)


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _answer(500, "internal_error")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DBAPIError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
