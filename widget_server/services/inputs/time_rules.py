"""Field rules for times: a time zone's name, a date, a moment with its UTC offset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import GetJsonSchemaHandler

from widget_server.services.inputs.field_rules import Rule, Schema, problem
from widget_server.services.times.zones import is_zone


@dataclass(frozen=True)
class Zone(Rule):
    """An IANA time zone name; blank_is_none: empty or null means "not said"."""

    blank_is_none: bool = False

    def check(self, value: Any) -> Any:
        if self.blank_is_none and value in (None, ""):
            return None
        if not is_zone(value):
            raise problem("invalid_timezone")
        return value

    def schema(self) -> Schema:
        return {"type": ["string", "null"] if self.blank_is_none else "string", "maxLength": 64}

    def __get_pydantic_json_schema__(self, core: Any, handler: GetJsonSchemaHandler) -> Schema:
        return self.schema()


@dataclass(frozen=True)
class Day(Rule):
    """A date as YYYY-MM-DD, or null."""

    nullable: bool = True

    def check(self, value: Any) -> date:
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise problem("invalid_date")

    def schema(self) -> Schema:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class Moment(Rule):
    """A date and time with a UTC offset, or null; in a query a + may arrive as a space."""

    nullable: bool = True
    in_query: bool = False

    def check(self, value: Any) -> datetime:
        if not isinstance(value, str) or (self.in_query and len(value) > 40):
            raise problem("invalid_datetime")
        text = value.replace("Z", "+00:00")
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "+") if self.in_query else text)
        except ValueError:
            raise problem("invalid_datetime") from None
        if parsed.tzinfo is None:
            raise problem("invalid_datetime" if self.in_query else "datetime_needs_offset")
        return parsed

    def schema(self) -> Schema:
        return {"type": "string", "format": "date-time"}
