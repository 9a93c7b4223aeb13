"""Reading untrusted JSON-like payloads field by field, collecting every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.inputs.control_chars import is_clean_multi_line, is_single_line
from widget_server.services.times.zones import is_zone


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


# Returned for a field that was absent or invalid; present() tells them from real values.
MISSING: Any = _Missing()
_MISSING = MISSING


class PayloadReader:
    """Typed access to a payload's fields; finish() raises ValidationFailed for all problems.

    With partial=True (PATCH) absent fields are skipped rather than required.
    """

    def __init__(self, payload: Any, *, partial: bool = False, prefix: str = "") -> None:
        self.partial = partial
        self.prefix = prefix
        self.problems: dict[str, FieldProblem] = {}
        self._seen: set[str] = set()
        if not isinstance(payload, Mapping):
            self.payload: Mapping[str, Any] = {}
            self.problem("", "wrong_type", expected="object")
        else:
            self.payload = payload

    def problem(self, name: str, code: str, **params: Any) -> None:
        key = f"{self.prefix}{name}" if name else self.prefix.rstrip(".") or "body"
        self.problems.setdefault(key, FieldProblem(code, params))

    def has(self, name: str) -> bool:
        return name in self.payload

    def _raw(self, name: str, required: bool) -> Any:
        self._seen.add(name)
        value = self.payload.get(name, _MISSING)
        if value is _MISSING:
            if required and not self.partial:
                self.problem(name, "required")
            return _MISSING
        return value

    def string(
        self, name: str, *, required: bool = False, max_length: int = 200, multiline: bool = False
    ) -> Any:
        """A string, stripped; single-line unless multiline (then tabs and line breaks are
        allowed); other control characters are refused either way."""
        value = self._raw(name, required)
        if value is _MISSING:
            return _MISSING
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(name, "wrong_type", expected="string")
            return _MISSING
        value = value.strip()
        if required and not value:
            self.problem(name, "required")
        elif len(value) > max_length:
            self.problem(name, "too_long", max=max_length)
        elif not (is_clean_multi_line(value) if multiline else is_single_line(value)):
            self.problem(name, "invalid_characters" if multiline else "not_single_line")
        else:
            return value
        return _MISSING

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: int = 0,
        maximum: int = 10**6,
        nullable: bool = False,
    ) -> Any:
        value = self._raw(name, required)
        if value is _MISSING:
            return _MISSING
        if value is None:
            if not nullable:
                self.problem(name, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, "wrong_type", expected="integer")
            return _MISSING
        if not minimum <= value <= maximum:
            self.problem(name, "out_of_range", min=minimum, max=maximum)
            return _MISSING
        return value

    def number(self, name: str, *, required: bool = False) -> Any:
        """An integer or a decimal number (range checks are the caller's)."""
        value = self._raw(name, required)
        if value is _MISSING:
            return _MISSING
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.problem(name, "wrong_type", expected="number")
            return _MISSING
        return float(value)

    def boolean(self, name: str, *, required: bool = False) -> Any:
        value = self._raw(name, required)
        if value is _MISSING:
            return _MISSING
        if not isinstance(value, bool):
            self.problem(name, "wrong_type", expected="boolean")
            return _MISSING
        return value

    def choice(self, name: str, choices: Iterable[str], *, required: bool = False) -> Any:
        options = tuple(choices)
        value = self._raw(name, required)
        if value is _MISSING:
            return _MISSING
        if not isinstance(value, str) or value not in options:
            self.problem(name, "not_a_choice", choices=", ".join(options))
            return _MISSING
        return value

    def string_list(self, name: str, *, max_items: int = 20, max_length: int = 50) -> Any:
        value = self._raw(name, False)
        if value is _MISSING:
            return _MISSING
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, "wrong_type", expected="array of strings")
            return _MISSING
        if len(value) > max_items:
            self.problem(name, "too_many", max=max_items)
            return _MISSING
        items: list[str] = []
        for item in (v.strip() for v in value):
            if not item:
                continue
            if len(item) > max_length:
                self.problem(name, "too_long", max=max_length)
                return _MISSING
            if not is_single_line(item):
                self.problem(name, "not_single_line")
                return _MISSING
            if item not in items:
                items.append(item)
        return items

    def date(self, name: str) -> Any:
        value = self._raw(name, False)
        if value is _MISSING or value is None:
            return value
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(name, "invalid_date")
        return _MISSING

    def datetime(self, name: str) -> Any:
        value = self._raw(name, False)
        if value is _MISSING or value is None:
            return value
        try:
            if not isinstance(value, str):
                raise ValueError
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.problem(name, "invalid_datetime")
            return _MISSING
        if parsed.tzinfo is None:
            self.problem(name, "datetime_needs_offset")
            return _MISSING
        return parsed

    def timezone(self, name: str) -> Any:
        value = self._raw(name, False)
        if value is _MISSING:
            return _MISSING
        if not isinstance(value, str) or not is_zone(value):
            self.problem(name, "invalid_timezone")
            return _MISSING
        return value

    def raw(self, name: str, *, required: bool = False) -> Any:
        """The value as sent, for nested structures a caller reads itself."""
        return self._raw(name, required)

    def reject_unknown(self) -> None:
        for name in self.payload:
            if name not in self._seen:
                self.problem(str(name)[:100], "unknown_field")

    def finish(self) -> None:
        self.reject_unknown()
        if self.problems:
            raise ValidationFailed(self.problems)


def present(value: Any) -> bool:
    """Whether a reader method returned a usable value (not missing or invalid)."""
    return value is not _MISSING
