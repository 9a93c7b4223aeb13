"""Domain errors raised by services; the web layer maps them to answers.

Field problems carry a code and parameters rather than text, so each audience can be
told in its own language (see widget_server/web/error_texts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class DomainError(Exception):
    """A request the rules refuse; code names the rule for clients and for translation."""

    status = 400
    code = "bad_request"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        super().__init__(code or self.code)
        if code:
            self.code = code
        self.params = params


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"

    def __init__(self, fields: dict[str, FieldProblem]) -> None:
        super().__init__()
        self.fields = fields


class Unauthorized(DomainError):
    status = 401
    code = "invalid_key"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
