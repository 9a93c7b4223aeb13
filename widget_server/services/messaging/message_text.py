"""The rules a message's text follows, and its merge fields."""

from __future__ import annotations

from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.inputs.control_chars import is_clean_multi_line

MAX_BODY = 5000
# Written in the admin's words and filled in per recipient; the same in every language, so
# a saved reply works whoever reads it.
MERGE_FIELDS = ("{name}", "{task}")


def checked_body(body: str, field: str = "body") -> str:
    """The message as it will be stored, or ValidationFailed naming `field`."""
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationFailed({field: FieldProblem("required")})
    if len(text) > MAX_BODY:
        raise ValidationFailed({field: FieldProblem("too_long", {"max": MAX_BODY})})
    if not is_clean_multi_line(text):
        raise ValidationFailed({field: FieldProblem("invalid_characters")})
    return text


def merged(body: str, *, name: str, task: str) -> str:
    """The body with {name} and {task} filled in; other braces stay as written."""
    return body.replace("{name}", name).replace("{task}", task)
