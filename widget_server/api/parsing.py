"""Reading JSON bodies and query parameters, with the API's errors for bad ones."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from flask import request

from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.web.error_handlers import ApiError

MAX_JSON_DEPTH = 32
_ASCII_DIGITS = re.compile(r"^[0-9]{1,9}$")


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


class QueryReader:
    """Query parameters, checked; finish() raises ValidationFailed naming each bad one.

    An empty free-text parameter (q=) means the same as leaving it out. An empty number,
    choice or timestamp (page=, category=) is refused: the document types them, and the
    widget never sends an empty value, so one comes from a caller's bug worth reporting.
    Parameters the API does not know are ignored (cache busters, campaign tags).
    """

    def __init__(self) -> None:
        self.problems: dict[str, FieldProblem] = {}

    def text(self, name: str, max_length: int = 200) -> str | None:
        value = request.args.get(name)
        if value is None or value == "":
            return None
        if "\x00" in value:  # matches nothing, and PostgreSQL refuses it in text
            self.problems[name] = FieldProblem("invalid_characters")
            return None
        if len(value) > max_length:
            self.problems[name] = FieldProblem("too_long", {"max": max_length})
            return None
        return value

    def integer(self, name: str, default: int | None, minimum: int, maximum: int) -> int | None:
        value = request.args.get(name)
        if value is None:
            return default
        if not _ASCII_DIGITS.match(value) or not minimum <= int(value) <= maximum:
            self.problems[name] = FieldProblem("out_of_range", {"min": minimum, "max": maximum})
            return default
        return int(value)

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = request.args.get(name)
        if value is not None and value not in choices:
            self.problems[name] = FieldProblem("not_a_choice", {"choices": ", ".join(choices)})
            return None
        return value

    def timestamp(self, name: str) -> datetime | None:
        value = request.args.get(name)
        if value is None:
            return None
        if len(value) > 40:
            self.problems[name] = FieldProblem("invalid_datetime")
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.problems[name] = FieldProblem("invalid_datetime")
            return None
        return parsed

    def finish(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)
