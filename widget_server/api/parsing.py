"""Reading JSON bodies and query parameters, with the API's errors for bad ones."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from flask import request

from widget_server.services.inputs.model_problems import InputModel, read_model
from widget_server.web.error_handlers import ApiError

MAX_JSON_DEPTH = 32
Query = TypeVar("Query", bound=InputModel)


def json_body() -> Any:
    """The request's JSON body; 415 for another media type, 400 for broken JSON."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type")
    raw = request.get_data(cache=True)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "invalid_json") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise ApiError(400, "invalid_json")
    return value


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def read_query(model: type[Query]) -> Query:
    """The query parameters model knows, validated; others (cache busters, campaign tags)
    are ignored. An empty number, choice or timestamp (page=, category=) is refused: the
    document types them, and the widget never sends one, so it comes from a caller's bug.
    """
    known = {name: value for name, value in request.args.items() if name in model.model_fields}
    return read_model(model, known)
