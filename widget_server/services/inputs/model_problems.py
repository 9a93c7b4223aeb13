"""Validating a payload with an input model, and pydantic's errors as our field problems.

The rules in field_rules raise our own codes; the few errors pydantic itself raises (a
missing or unknown field, an object or list of the wrong type) are mapped here. Each
problem is keyed by its dotted path (translations.en.title, answers.q1), or "body".
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from widget_server.services.errors import FieldProblem, ValidationFailed

Model = TypeVar("Model", bound=BaseModel)

# pydantic's own error types -> (our code, its parameters).
PYDANTIC_CODES: dict[str, tuple[str, dict[str, Any]]] = {
    "missing": ("required", {}),
    "extra_forbidden": ("unknown_field", {}),
    "model_type": ("wrong_type", {"expected": "object"}),
    "model_attributes_type": ("wrong_type", {"expected": "object"}),
    "dict_type": ("wrong_type", {"expected": "object"}),
    "list_type": ("wrong_type", {"expected": "array"}),
    "string_type": ("wrong_type", {"expected": "string"}),
    "bool_type": ("wrong_type", {"expected": "boolean"}),
    "int_type": ("wrong_type", {"expected": "integer"}),
}


class InputModel(BaseModel):
    """A request body or query: closed (unknown fields are refused), and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def read(cls: type[Model], payload: Any) -> Model:
        """The payload, validated; ValidationFailed names every bad field at once."""
        return read_model(cls, payload)


def read_model(model: type[Model], payload: Any) -> Model:
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise ValidationFailed(problems_from(error)) from None


def problems_from(error: ValidationError) -> dict[str, FieldProblem]:
    """The first problem of each field, keyed by its path."""
    problems: dict[str, FieldProblem] = {}
    for item in error.errors():
        code, params = PYDANTIC_CODES.get(item["type"], (item["type"], item.get("ctx", {})))
        params = dict(params)
        path = [str(part)[:100] for part in item["loc"] if part != "[key]"]
        # A rule about a model as a whole names the field it concerns ("options").
        if "path" in params:
            path.append(params.pop("path"))
        problems.setdefault(".".join(path) or "body", FieldProblem(code, params))
    return problems
