"""A sign-up as the public API and the iframe form send it; its answers, against the task."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic import Field, field_validator

from widget_server.locales import LOCALES
from widget_server.models import Task
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.inputs.control_chars import is_clean_multi_line, is_single_line
from widget_server.services.inputs.email_addresses import read_email
from widget_server.services.inputs.field_rules import (
    Accepted,
    Choice,
    Shape,
    Strings,
    Text,
    problem,
)
from widget_server.services.inputs.model_problems import InputModel, read_model
from widget_server.services.inputs.time_rules import Zone
from widget_server.services.times.availability import MAX_WINDOWS, AvailabilityWindow

_ANSWERS_DOC = (
    "Answers keyed by custom question id: a boolean for checkbox questions (true if "
    "required), else a string (at most 5000 characters for textarea, 500 otherwise; a "
    "select's option value; an http(s) URL for url)."
)


class SignupInput(InputModel):
    """A volunteer's sign-up for a task."""

    name: Annotated[str, Text(200, required=True)]
    email: Annotated[str, Text(254, required=True)] = Field(json_schema_extra={"format": "email"})
    phone: Annotated[str | None, Text(40, nullable=True)] = Field(
        None, description="With its country code; stored as E.164."
    )
    skills: Annotated[list[str], Strings()] = []
    availability: Annotated[str, Text(1000, nullable=True)] = ""
    timezone: Annotated[str | None, Zone(blank_is_none=True)] = Field(
        None,
        description=(
            "The volunteer's IANA time zone, like Asia/Kolkata (the browser's, or one they "
            "chose); empty or null when not said."
        ),
    )
    availability_windows: Annotated[
        list[AvailabilityWindow], Shape(list, max_items=MAX_WINDOWS, nullable=True)
    ] = Field([], description="When the volunteer can help, in their own time zone.")
    message: Annotated[str, Text(5000, multiline=True, nullable=True)] = ""
    locale: Annotated[str | None, Choice(LOCALES)] = Field(
        None, description="Defaults to the request's locale."
    )
    page_url: Annotated[str | None, Text(2048, nullable=True)] = Field(
        None, description="The http(s) page the form was on; empty for none."
    )
    consent: Annotated[bool, Accepted()] = Field(
        description="Agreement to the privacy notice; must be true."
    )
    answers: Annotated[dict[str, Any], Shape(dict, nullable=True)] = Field(
        {},
        description=_ANSWERS_DOC,
        json_schema_extra={"additionalProperties": {"type": ["string", "boolean", "null"]}},
    )

    @field_validator("email", mode="after")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            return read_email(value)[0]
        except ValidationFailed:
            raise problem("invalid_email") from None

    @field_validator("phone", mode="after")
    @classmethod
    def _e164(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            raise problem("invalid_phone") from None
        if not phonenumbers.is_valid_number(number):
            raise problem("invalid_phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @field_validator("page_url", mode="after")
    @classmethod
    def _web_page(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise problem("invalid_url")
        return value or None

    @property
    def email_normalized(self) -> str:
        return read_email(self.email)[1]

    def stored_windows(self) -> list[dict[str, Any]]:
        return [window.stored() for window in self.availability_windows]


def read_signup(payload: Any, task: Task, *, default_locale: str) -> SignupInput:
    """A checked sign-up; ValidationFailed names every wrong field, answers included."""
    problems: dict[str, FieldProblem] = {}
    raw = payload.get("answers") if isinstance(payload, dict) else None
    # Answers that are no object at all are the model's to name.
    answers = _check_answers(raw or {}, task, problems) if isinstance(raw or {}, dict) else {}
    try:
        signup = read_model(SignupInput, payload)
    except ValidationFailed as failure:
        raise ValidationFailed({**failure.fields, **problems}) from None
    if problems:
        raise ValidationFailed(problems)
    return signup.model_copy(update={"answers": answers, "locale": signup.locale or default_locale})


def _check_answers(
    raw: dict[str, Any], task: Task, problems: dict[str, FieldProblem]
) -> dict[str, Any]:
    """The answers to the task's own questions; each problem is added under answers.<id>."""
    questions = {q["id"]: q for q in task.custom_questions}
    answers: dict[str, Any] = {}
    for key in raw:
        if key not in questions:
            problems[f"answers.{str(key)[:40]}"] = FieldProblem("unknown_field")
    for question_id, question in questions.items():
        name = f"answers.{question_id}"
        value = raw.get(question_id)
        if question["type"] == "checkbox":
            if value is not None and not isinstance(value, bool):
                problems[name] = FieldProblem("wrong_type", {"expected": "boolean"})
            elif question["required"] and value is not True:
                problems[name] = FieldProblem("required")
            else:
                answers[question_id] = bool(value)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if question["required"]:
                problems[name] = FieldProblem("required")
            continue
        if not isinstance(value, str):
            problems[name] = FieldProblem("wrong_type", {"expected": "string"})
            continue
        value = value.strip()
        textarea = question["type"] == "textarea"
        limit = 5000 if textarea else 500
        choices = [o["value"] for o in question.get("options", [])]
        if len(value) > limit:
            problems[name] = FieldProblem("too_long", {"max": limit})
        elif not (is_clean_multi_line(value) if textarea else is_single_line(value)):
            problems[name] = FieldProblem("invalid_characters" if textarea else "not_single_line")
        elif question["type"] == "select" and value not in choices:
            problems[name] = FieldProblem("not_a_choice", {"choices": ", ".join(choices)})
        elif question["type"] == "url" and urlsplit(value).scheme not in ("http", "https"):
            problems[name] = FieldProblem("invalid_url")
        else:
            answers[question_id] = value
    return answers
