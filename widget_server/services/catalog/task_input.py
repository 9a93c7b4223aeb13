"""A task as the admin API, the panel's form and CSV import send it: the input models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from widget_server.locales import LOCALES
from widget_server.models import CATEGORIES, Commitment, Schedule, TaskStatus
from widget_server.services.inputs.control_chars import is_single_line
from widget_server.services.inputs.field_rules import (
    Choice,
    Flag,
    Rule,
    Schema,
    Shape,
    Strings,
    Text,
    Whole,
    problem,
)
from widget_server.services.inputs.model_problems import InputModel, read_model
from widget_server.services.inputs.time_rules import Day, Moment, Zone

QUESTION_TYPES = ("text", "textarea", "select", "checkbox", "url")
TEXT_LIMITS = {"title": 200, "summary": 500, "description": 20000, "accessibility_notes": 2000}
LANGUAGE_CODE = "^[a-z]{2,3}$"

SCALAR_FIELDS = (
    "status", "category", "skills", "languages", "hours_per_week", "commitment",
    "duration_weeks", "schedule", "timezone", "starts_at", "ends_at", "apply_by",
    "capacity", "waitlist", "default_locale",
)  # fmt: skip


@dataclass(frozen=True)
class Labels(Rule):
    """Text keyed by locale, each 1 to 300 characters on one line."""

    def check(self, value: Any) -> dict[str, str]:
        if (
            not isinstance(value, dict)
            or not value
            or not all(
                k in LOCALES and isinstance(v, str) and 0 < len(v.strip()) <= 300
                for k, v in value.items()
            )
        ):
            raise problem("invalid_labels")
        if not all(is_single_line(v.strip()) for v in value.values()):
            raise problem("not_single_line")
        return {k: v.strip() for k, v in value.items()}

    def schema(self) -> Schema:
        return {
            "type": "object",
            "description": "Text keyed by locale; each value 1 to 300 characters (trimmed).",
            "propertyNames": {"enum": list(LOCALES)},
            "minProperties": 1,
            "additionalProperties": {"type": "string", "maxLength": 300, "minLength": 1},
        }


class Translation(InputModel):
    """A task's text in one language."""

    title: Annotated[str, Text(TEXT_LIMITS["title"], required=True)]
    # The others are single-line but for the two below: they reach email subjects,
    # calendar summaries and CSV cells.
    summary: Annotated[str, Text(TEXT_LIMITS["summary"], nullable=True)] = Field(
        "", description="null means empty."
    )
    description: Annotated[str, Text(TEXT_LIMITS["description"], multiline=True, nullable=True)] = (
        Field("", description="null means empty. Markdown, rendered and sanitised.")
    )
    accessibility_notes: Annotated[
        str, Text(TEXT_LIMITS["accessibility_notes"], multiline=True, nullable=True)
    ] = Field("", description="null means empty.")


class QuestionOption(InputModel):
    value: Annotated[str, Text(60, required=True)]
    label: Annotated[dict[str, str], Labels()]


def _options_only_for_select(schema: Schema) -> None:
    options = schema["properties"]["options"]
    schema["properties"]["options"] = {"description": options.pop("description")}
    schema["if"] = {"properties": {"type": {"const": "select"}}}
    schema["then"] = {"required": ["options"], "properties": {"options": options}}


class CustomQuestion(InputModel, json_schema_extra=_options_only_for_select):
    """A question the volunteer answers when signing up."""

    id: Annotated[str, Text(40, required=True, pattern="^[a-z][a-z0-9_]{0,39}$")] = Field(
        description="Unique within the task; the key of its answer."
    )
    type: Annotated[str, Choice(QUESTION_TYPES)]
    required: Annotated[bool, Flag()] = Field(False, description="Defaults to false.")
    label: Annotated[dict[str, str], Labels()]
    options: Annotated[list[QuestionOption], Shape(list, 1, 50, code="invalid_options")] = Field(
        [], description="Choices of a select question (1 to 50); ignored for other types."
    )

    @model_validator(mode="before")
    @classmethod
    def _ignore_options_unless_select(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") != "select":
            return {key: value for key, value in data.items() if key != "options"}
        return data

    @model_validator(mode="after")
    def _select_has_options(self) -> CustomQuestion:
        if self.type == "select" and not self.options:
            raise problem("required", path="options")
        return self


Questions = Annotated[
    list[CustomQuestion], Shape(list, max_items=20, code="invalid_questions", nullable=True)
]
Translations = Annotated[
    dict[Annotated[str, Choice(LOCALES)], Translation],
    Shape(dict, min_items=1, code="invalid_translations", choices=LOCALES),
]


class TaskPatch(InputModel):
    """The fields to change; the others keep their values."""

    status: Annotated[TaskStatus | None, Choice.of(TaskStatus)] = Field(
        None, description="Defaults to draft."
    )
    category: Annotated[str | None, Choice(CATEGORIES)] = None
    skills: Annotated[list[str] | None, Strings()] = Field(
        None, description="Blank items and repeats are dropped."
    )
    languages: Annotated[list[str] | None, Strings(10, 3, pattern=LANGUAGE_CODE)] = Field(
        None, description="Languages the volunteer works in (ISO 639 codes)."
    )
    hours_per_week: Annotated[int | None, Whole(1, 80)] = None
    commitment: Annotated[Commitment | None, Choice.of(Commitment)] = Field(
        None, description="fixed_term requires duration_weeks."
    )
    duration_weeks: Annotated[int | None, Whole(1, 104, nullable=True)] = None
    schedule: Annotated[Schedule | None, Choice.of(Schedule)] = Field(
        None, description="Defaults to flexible; fixed requires starts_at."
    )
    timezone: Annotated[str | None, Zone()] = Field(
        None, description="IANA time zone, e.g. Asia/Beirut; defaults to the organization's."
    )
    starts_at: Annotated[datetime | None, Moment()] = Field(None, description="With a UTC offset.")
    ends_at: Annotated[datetime | None, Moment()] = Field(
        None, description="With a UTC offset; after starts_at."
    )
    apply_by: Annotated[date | None, Day()] = Field(None, description="Last day to apply.")
    capacity: Annotated[int | None, Whole(1, 100000, nullable=True)] = Field(
        None, description="Slots; null is unlimited. Never below the slots taken."
    )
    waitlist: Annotated[bool | None, Flag()] = Field(None, description="Defaults to false.")
    default_locale: Annotated[str | None, Choice(LOCALES)] = Field(
        None, description="Needs a translation; defaults to the first translation sent."
    )
    # Shape validates the object itself, so the annotation stays the object's type; None
    # (not given) never reaches it.
    translations: Translations = Field(
        None,  # type: ignore[arg-type]
        description="Text per locale; sending it replaces the set of languages.",
    )
    custom_questions: Questions = None  # type: ignore[assignment]

    @field_validator("custom_questions", mode="after")
    @classmethod
    def _unique_ids(cls, questions: list[CustomQuestion]) -> list[CustomQuestion]:
        seen: set[str] = set()
        for index, question in enumerate(questions):
            if question.id in seen:
                raise problem("duplicate", path=f"{index}.id")
            seen.add(question.id)
        return questions


class TaskInput(TaskPatch):
    """A new task."""

    category: Annotated[str, Choice(CATEGORIES)]
    hours_per_week: Annotated[int, Whole(1, 80)]
    commitment: Annotated[Commitment, Choice.of(Commitment)] = Field(
        description="fixed_term requires duration_weeks."
    )
    translations: Translations = Field(
        description="Text per locale; sending it replaces the set of languages."
    )


def read_task(payload: Any, *, partial: bool) -> dict[str, Any]:
    """The task's fields that were sent, checked; ValidationFailed lists every problem."""
    task = read_model(TaskPatch if partial else TaskInput, payload)
    return task.model_dump(include=task.model_fields_set)
