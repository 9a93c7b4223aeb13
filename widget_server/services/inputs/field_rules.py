"""Field rules for the input models: each one checks a value and documents itself.

A rule is pydantic metadata (``Annotated[str, Text(200)]``): it validates the raw JSON
value with our field-problem codes (PydanticCustomError's type is the code, its context
the parameters) and gives the JSON schema that the OpenAPI document shows for it, so a
limit is written once for both.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from widget_server.services.inputs.control_chars import is_clean_multi_line, is_single_line

Schema = dict[str, Any]


def problem(code: str, **params: Any) -> PydanticCustomError:
    """The error a rule raises; model_problems turns it into FieldProblem(code, params)."""
    return PydanticCustomError(code, code, params)


class Rule(ABC):
    """A plain validator with its own schema; nullable lets null through as None."""

    nullable = False

    @abstractmethod
    def check(self, value: Any) -> Any:
        """The value as the model keeps it, or problem(...) raised."""

    @abstractmethod
    def schema(self) -> Schema:
        """The JSON schema the OpenAPI document shows for the field."""

    def _validate(self, value: Any) -> Any:
        return None if value is None and self.nullable else self.check(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(self._validate)

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Schema:
        schema = self.schema()
        return {**schema, "type": [schema["type"], "null"]} if self.nullable else schema


@dataclass(frozen=True)
class Text(Rule):
    """A string, stripped; null reads as empty. Single-line unless multiline (tabs and line
    breaks allowed); other control characters are refused either way."""

    max_length: int
    required: bool = False
    multiline: bool = False
    pattern: str | None = None
    pattern_code: str = "invalid_identifier"
    nullable: bool = False  # in the schema only: null reads as empty

    def _validate(self, value: Any) -> str:
        return self.check(value)

    def check(self, value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise problem("wrong_type", expected="string")
        value = value.strip()
        if self.required and not value:
            raise problem("required")
        if len(value) > self.max_length:
            raise problem("too_long", max=self.max_length)
        if not (is_clean_multi_line(value) if self.multiline else is_single_line(value)):
            raise problem("invalid_characters" if self.multiline else "not_single_line")
        if self.pattern and value and not re.match(self.pattern, value):
            raise problem(self.pattern_code)
        return value

    def schema(self) -> Schema:
        schema: Schema = {"type": "string", "maxLength": self.max_length}
        if self.required:
            schema.update(minLength=1, pattern=r"\S")
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema


@dataclass(frozen=True)
class Whole(Rule):
    """An integer in [minimum, maximum]; from_text reads a query parameter's ASCII digits."""

    minimum: int
    maximum: int
    nullable: bool = False
    from_text: bool = False

    def check(self, value: Any) -> int:
        if self.from_text:
            ok = isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value)
            value = int(value) if ok else self.minimum - 1
        elif value is None:
            raise problem("required")
        elif isinstance(value, bool) or not isinstance(value, int):
            raise problem("wrong_type", expected="integer")
        if not self.minimum <= value <= self.maximum:
            raise problem("out_of_range", min=self.minimum, max=self.maximum)
        return int(value)

    def schema(self) -> Schema:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Number(Rule):
    """An integer or a decimal number (range checks are the service's)."""

    def check(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise problem("wrong_type", expected="number")
        return float(value)

    def schema(self) -> Schema:
        return {"type": "number"}


@dataclass(frozen=True)
class Flag(Rule):
    def check(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise problem("wrong_type", expected="boolean")
        return value

    def schema(self) -> Schema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Accepted(Rule):
    """Consent: true and nothing else."""

    def check(self, value: Any) -> bool:
        if value is not True:
            raise problem("consent_required")
        return True

    def schema(self) -> Schema:
        return {"const": True}

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Schema:
        return self.schema()


@dataclass(frozen=True)
class Choice(Rule):
    """One of values; given an Enum, the value comes back as its member."""

    values: tuple[str, ...]
    enum: type[Enum] | None = None

    @classmethod
    def of(cls, enum: type[Enum]) -> Choice:
        return cls(tuple(member.value for member in enum), enum)

    def check(self, value: Any) -> Any:
        if not isinstance(value, str) or value not in self.values:
            raise problem("not_a_choice", choices=", ".join(self.values))
        return self.enum(value) if self.enum else value

    def schema(self) -> Schema:
        return {"type": "string", "enum": list(self.values)}


@dataclass(frozen=True)
class Strings(Rule):
    """A list of single-line strings: stripped, blanks and repeats dropped; null is empty."""

    max_items: int = 20
    max_length: int = 50
    pattern: str | None = None
    pattern_code: str = "invalid_language"
    choices: tuple[str, ...] | None = None

    def check(self, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise problem("wrong_type", expected="array of strings")
        if len(value) > self.max_items:
            raise problem("too_many", max=self.max_items)
        items: list[str] = []
        for item in (v.strip() for v in value):
            if len(item) > self.max_length:
                raise problem("too_long", max=self.max_length)
            if not is_single_line(item):
                raise problem("not_single_line")
            if item and item not in items:
                items.append(item)
        if self.choices and any(item not in self.choices for item in items):
            raise problem("not_a_choice", choices=", ".join(self.choices))
        if self.pattern and any(not re.match(self.pattern, item) for item in items):
            raise problem(self.pattern_code)
        return items

    def schema(self) -> Schema:
        items: Schema = {"type": "string", "maxLength": self.max_length}
        if self.choices:
            items["enum"] = list(self.choices)
        if self.pattern:
            items["pattern"] = self.pattern
        return {"type": ["array", "null"], "items": items, "maxItems": self.max_items}

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Schema:
        return self.schema()


@dataclass(frozen=True)
class Shape:
    """A list or object checked for its kind and size before its items are validated.

    code names what is wrong with the whole (wrong_type and too_many when None), choices
    what its message lists as allowed; nullable reads null as empty.
    """

    kind: type[list[Any]] | type[dict[str, Any]]
    min_items: int = 0
    max_items: int | None = None
    code: str | None = None
    nullable: bool = False
    choices: tuple[str, ...] = ()

    def _wrap(self, value: Any, inner: Any) -> Any:
        if value is None and self.nullable:
            return self.kind()
        size_ok = isinstance(value, self.kind) and (
            self.min_items <= len(value) <= (self.max_items or len(value))
        )
        if not size_ok and self.code:
            allowed = {"choices": ", ".join(self.choices)} if self.choices else {}
            raise problem(self.code, **allowed)
        if not isinstance(value, self.kind):
            raise problem("wrong_type", expected="array" if self.kind is list else "object")
        if not size_ok:
            raise problem("too_many", max=self.max_items)
        return inner(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_wrap_validator_function(self._wrap, handler(source))

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Schema:
        schema = dict(handler(core))
        count = "Items" if self.kind is list else "Properties"
        if self.min_items:
            schema[f"min{count}"] = self.min_items
        if self.max_items is not None:
            schema[f"max{count}"] = self.max_items
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
        return schema
