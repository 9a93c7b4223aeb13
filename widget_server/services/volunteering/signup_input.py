"""Reading a sign-up from an untrusted payload, against the task's own questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from widget_server.locales import LOCALES
from widget_server.models import Task
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.control_chars import is_clean_multi_line, is_single_line
from widget_server.services.inputs.email_addresses import read_email
from widget_server.services.inputs.validation import MISSING, PayloadReader, present
from widget_server.services.times.availability import read_windows


@dataclass(frozen=True)
class SignupInput:
    name: str
    email: str
    email_normalized: str
    locale: str
    phone: str | None = None
    skills: list[str] = field(default_factory=list)
    availability: str = ""
    timezone: str | None = None
    availability_windows: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    page_url: str | None = None


def read_signup(payload: Any, task: Task, *, default_locale: str) -> SignupInput:
    """A checked sign-up; ValidationFailed names every wrong field."""
    reader = PayloadReader(payload)
    name = reader.string("name", required=True, max_length=200)
    email_raw = reader.string("email", required=True, max_length=254)
    phone_raw = reader.string("phone", max_length=40)
    skills = reader.string_list("skills")
    availability = reader.string("availability", max_length=1000)
    timezone = reader.timezone("timezone") if reader.payload.get("timezone") else None
    reader.raw("timezone")  # an empty or null zone means "not said"
    windows = read_windows(reader)
    message = reader.string("message", max_length=5000, multiline=True)
    locale = reader.choice("locale", LOCALES)
    page_url = reader.string("page_url", max_length=2048)
    consent = reader.raw("consent", required=True)
    answers = _read_answers(reader, task)

    email = normalized = ""
    if present(email_raw) and email_raw:
        try:
            email, normalized = read_email(email_raw)
        except ValidationFailed:
            reader.problem("email", "invalid_email")
    phone = _read_phone(reader, phone_raw)
    if consent is not MISSING and consent is not True:
        reader.problem("consent", "consent_required")
    if present(page_url) and page_url and urlsplit(page_url).scheme not in ("http", "https"):
        reader.problem("page_url", "invalid_url")
    reader.finish()
    return SignupInput(
        name=name,
        email=email,
        email_normalized=normalized,
        locale=locale if present(locale) else default_locale,
        phone=phone,
        skills=skills if present(skills) else [],
        availability=availability if present(availability) else "",
        timezone=timezone if present(timezone) else None,
        availability_windows=windows,
        message=message if present(message) else "",
        answers=answers,
        page_url=(page_url or None) if present(page_url) else None,
    )


def _read_phone(reader: PayloadReader, raw: Any) -> str | None:
    if not present(raw) or not raw:
        return None
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        reader.problem("phone", "invalid_phone")
        return None
    if not phonenumbers.is_valid_number(number):
        reader.problem("phone", "invalid_phone")
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _read_answers(reader: PayloadReader, task: Task) -> dict[str, Any]:
    raw = reader.raw("answers")
    if raw is MISSING or raw is None:
        raw = {}
    if not isinstance(raw, dict):
        reader.problem("answers", "wrong_type", expected="object")
        return {}
    questions = {q["id"]: q for q in task.custom_questions}
    answers: dict[str, Any] = {}
    for key in raw:
        if key not in questions:
            reader.problem(f"answers.{str(key)[:40]}", "unknown_field")
    for question_id, question in questions.items():
        name = f"answers.{question_id}"
        value = raw.get(question_id)
        if question["type"] == "checkbox":
            if value is not None and not isinstance(value, bool):
                reader.problem(name, "wrong_type", expected="boolean")
            elif question["required"] and value is not True:
                reader.problem(name, "required")
            else:
                answers[question_id] = bool(value)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if question["required"]:
                reader.problem(name, "required")
            continue
        if not isinstance(value, str):
            reader.problem(name, "wrong_type", expected="string")
            continue
        value = value.strip()
        textarea = question["type"] == "textarea"
        limit = 5000 if textarea else 500
        if len(value) > limit:
            reader.problem(name, "too_long", max=limit)
        elif not (is_clean_multi_line(value) if textarea else is_single_line(value)):
            reader.problem(name, "invalid_characters" if textarea else "not_single_line")
        elif question["type"] == "select" and value not in {
            o["value"] for o in question["options"]
        }:
            reader.problem(
                name, "not_a_choice", choices=", ".join(o["value"] for o in question["options"])
            )
        elif question["type"] == "url" and urlsplit(value).scheme not in ("http", "https"):
            reader.problem(name, "invalid_url")
        else:
            answers[question_id] = value
    return answers
