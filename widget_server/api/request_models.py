"""The JSON API's query strings and its small bodies, as input models.

Task, sign-up, webhook endpoint and consent text bodies live with their services; these
are read by the views alone. The OpenAPI document shows each query model's fields as
its operation's query parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from widget_server.models import CATEGORIES, Direction, SignupStatus, TaskStatus
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.hooks.webhooks import DEFAULT_GRACE_HOURS, MAX_GRACE_HOURS
from widget_server.services.inputs.field_rules import (
    Choice,
    Number,
    Rule,
    Schema,
    Strings,
    Text,
    Whole,
    problem,
)
from widget_server.services.inputs.model_problems import InputModel
from widget_server.services.inputs.time_rules import Moment
from widget_server.services.messaging.message_text import MAX_BODY
from widget_server.services.messaging.recipients import MAX_RECIPIENTS
from widget_server.services.personal_data.retention import MAX_RETENTION_DAYS
from widget_server.services.volunteering.signups import ADMIN_STATUSES, MAX_HOURS

CURSOR = "^[A-Za-z0-9_-]*$"


@dataclass(frozen=True)
class QueryText(Rule):
    """Free text in a query string; empty means the same as leaving it out."""

    max_length: int
    pattern: str | None = None

    def check(self, value: Any) -> str | None:
        if value == "":
            return None
        if "\x00" in value:  # matches nothing, and PostgreSQL refuses it in text
            raise problem("invalid_characters")
        if len(value) > self.max_length:
            raise problem("too_long", max=self.max_length)
        return str(value)

    def schema(self) -> Schema:
        schema: Schema = {"type": "string", "maxLength": self.max_length}
        return {**schema, "pattern": self.pattern} if self.pattern else schema


def _count(minimum: int, maximum: int) -> Whole:
    return Whole(minimum, maximum, from_text=True)


def optional(description: str) -> Any:
    """A query parameter that may be left out (None), and what it does."""
    return Field(None, description=description)


class PublicTaskQuery(InputModel):
    category: Annotated[str | None, Choice(CATEGORIES)] = optional("Only this category.")
    skill: Annotated[str | None, QueryText(50)] = optional("Only tasks asking for this skill.")
    q: Annotated[str | None, QueryText(200)] = optional(
        "Words to find in the text and skills "
        "(Arabic matches regardless of diacritics and letter forms)."
    )
    max_hours: Annotated[int | None, _count(1, 80)] = optional("At most this many hours a week.")
    page: Annotated[int, _count(1, 10000)] = Field(1, description="Page number.")
    per_page: Annotated[int, _count(1, 100)] = Field(20, description="Tasks per page.")


class PageQuery(InputModel):
    limit: Annotated[int, _count(1, 200)] = Field(50, description="Items per page.")
    cursor: Annotated[str | None, QueryText(40, CURSOR)] = optional(
        "next_cursor of the previous page."
    )


class TaskQuery(PageQuery):
    status: Annotated[str | None, Choice(tuple(s.value for s in TaskStatus))] = optional(
        "Only tasks in this status."
    )


class SignupQuery(PageQuery):
    task: Annotated[str | None, QueryText(40)] = optional(
        "Only sign-ups for this task (public id)."
    )
    status: Annotated[str | None, Choice(tuple(s.value for s in SignupStatus))] = optional(
        "Only this status."
    )
    since: Annotated[datetime | None, Moment(nullable=False, in_query=True)] = optional(
        "Only sign-ups created at or after this time, with a UTC offset "
        "(encode + as %2B; a + that arrives as a space is read as +)."
    )


class SignupStatusPatch(InputModel):
    """Slot-holding statuses take a slot (409 task_full if none is free). Completing issues
    the volunteer's certificate of volunteering; leaving completed withdraws it."""

    status: Annotated[str, Choice(ADMIN_STATUSES)]
    hours: Annotated[float | None, Number()] = Field(
        None,
        description=(
            "Hours the volunteer contributed, rounded to the quarter hour: required with "
            "status completed (and sent again with it to correct them), ignored otherwise."
        ),
        json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_HOURS},
    )


class SecretRotation(InputModel):
    grace_hours: Annotated[int, Whole(0, MAX_GRACE_HOURS)] = Field(
        DEFAULT_GRACE_HOURS, description="How long the old secret keeps signing too (default 24)."
    )


class PersonEmail(InputModel):
    email: Annotated[str, Text(254, required=True)] = Field(
        description="The volunteer's email address."
    )


class PrivacySettingsPatch(InputModel):
    retention_days: Annotated[int | None, Whole(1, MAX_RETENTION_DAYS)] = None


class ConversationQuery(InputModel):
    limit: Annotated[int, _count(1, 200)] = Field(50, description="Messages per page.")
    cursor: Annotated[str | None, QueryText(40, CURSOR)] = optional(
        "next_cursor of the previous page."
    )


class MessageQuery(ConversationQuery):
    signup: Annotated[str | None, QueryText(40)] = optional(
        "Only this sign-up's messages (public id)."
    )
    direction: Annotated[str | None, Choice.of(Direction)] = optional(
        "out: written by the organization; in: the volunteer's answers."
    )


_BODY_DOC = (
    "Plain text, links allowed; {name} and {task} are filled in for each volunteer. The "
    "email around it (greeting, footer, the link to answer) is in the volunteer's language."
)


class MessageInput(InputModel):
    body: Annotated[str, Text(MAX_BODY, required=True, multiline=True)] = Field(
        description=_BODY_DOC
    )


class MessageBatchInput(MessageInput):
    """Either signup_ids, or task with statuses. Sign-ups not written to (pending,
    withdrawn, expired) are left out of either."""

    signup_ids: Annotated[list[str] | None, Strings(MAX_RECIPIENTS, 40)] = Field(
        None, description="The sign-ups to write to (public ids)."
    )
    task: Annotated[str | None, Text(40)] = Field(
        None, description="Write to this task's sign-ups (public id) in the statuses given."
    )
    statuses: Annotated[
        list[str] | None,
        Strings(len(SignupStatus), 20, choices=tuple(s.value for s in SignupStatus)),
    ] = Field(None, description="With task: the statuses whose sign-ups are written to.")

    def chosen_by_task(self) -> bool:
        """Whether the recipients are a task's; ValidationFailed unless named one way."""
        if bool(self.signup_ids) == bool(self.task):
            raise ValidationFailed({"recipients": FieldProblem("recipients_one_way")})
        if self.task and not self.statuses:
            raise ValidationFailed({"statuses": FieldProblem("required")})
        return bool(self.task)
