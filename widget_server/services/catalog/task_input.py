"""Reading a task from an untrusted payload (admin API, and later forms and CSV import)."""

from __future__ import annotations

import re
from typing import Any

from widget_server.locales import LOCALES
from widget_server.models import CATEGORIES, Commitment, Schedule, TaskStatus
from widget_server.services.inputs.control_chars import is_single_line
from widget_server.services.inputs.validation import MISSING, PayloadReader, present

QUESTION_TYPES = ("text", "textarea", "select", "checkbox", "url")
_QUESTION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
TEXT_LIMITS = {"title": 200, "summary": 500, "description": 20000, "accessibility_notes": 2000}
# The others are single-line: they reach email subjects, calendar summaries and CSV cells.
MULTI_LINE_TEXTS = frozenset({"description", "accessibility_notes"})

SCALAR_FIELDS = (
    "status", "category", "skills", "languages", "hours_per_week", "commitment",
    "duration_weeks", "schedule", "timezone", "starts_at", "ends_at", "apply_by",
    "capacity", "waitlist", "default_locale",
)  # fmt: skip


def read_task(payload: Any, *, partial: bool) -> dict[str, Any]:
    """The task's fields that were sent, checked; ValidationFailed lists every problem."""
    reader = PayloadReader(payload, partial=partial)
    values: dict[str, Any] = {
        "status": reader.choice("status", [s.value for s in TaskStatus]),
        "category": reader.choice("category", CATEGORIES, required=True),
        "skills": reader.string_list("skills"),
        "languages": reader.string_list("languages", max_items=10, max_length=3),
        "hours_per_week": reader.integer("hours_per_week", required=True, minimum=1, maximum=80),
        "commitment": reader.choice("commitment", [c.value for c in Commitment], required=True),
        "duration_weeks": reader.integer("duration_weeks", minimum=1, maximum=104, nullable=True),
        "schedule": reader.choice("schedule", [s.value for s in Schedule]),
        "timezone": reader.timezone("timezone"),
        "starts_at": reader.datetime("starts_at"),
        "ends_at": reader.datetime("ends_at"),
        "apply_by": reader.date("apply_by"),
        "capacity": reader.integer("capacity", minimum=1, maximum=100000, nullable=True),
        "waitlist": reader.boolean("waitlist"),
        "default_locale": reader.choice("default_locale", LOCALES),
        "translations": _read_translations(reader, partial),
        "custom_questions": _read_questions(reader),
    }
    languages = values["languages"]
    if present(languages) and any(not _LANGUAGE_RE.match(code) for code in languages):
        reader.problem("languages", "invalid_language")
    reader.finish()
    for name, kind in (("status", TaskStatus), ("commitment", Commitment), ("schedule", Schedule)):
        if present(values[name]):
            values[name] = kind(values[name])
    return {name: value for name, value in values.items() if present(value)}


def _read_translations(reader: PayloadReader, partial: bool) -> Any:
    raw = reader.raw("translations", required=True)
    if raw is MISSING:
        return MISSING
    if not isinstance(raw, dict) or not raw:
        reader.problem("translations", "invalid_translations", choices=", ".join(LOCALES))
        return MISSING
    translations: dict[str, dict[str, str]] = {}
    for locale, text in raw.items():
        if locale not in LOCALES:
            reader.problem(
                f"translations.{str(locale)[:20]}", "not_a_choice", choices=", ".join(LOCALES)
            )
            continue
        inner = PayloadReader(text, prefix=f"translations.{locale}.")
        fields = {
            name: inner.string(
                name,
                required=(name == "title"),
                max_length=limit,
                multiline=name in MULTI_LINE_TEXTS,
            )
            for name, limit in TEXT_LIMITS.items()
        }
        inner.reject_unknown()
        reader.problems.update(inner.problems)
        if not inner.problems:
            translations[locale] = {k: ("" if v is MISSING else v) for k, v in fields.items()}
    return translations


def _read_questions(reader: PayloadReader) -> Any:
    raw = reader.raw("custom_questions")
    if raw is MISSING:
        return MISSING
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > 20:
        reader.problem("custom_questions", "invalid_questions")
        return MISSING
    questions: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        inner = PayloadReader(item, prefix=f"custom_questions.{index}.")
        question_id = inner.string("id", required=True, max_length=40)
        kind = inner.choice("type", QUESTION_TYPES, required=True)
        required = inner.boolean("required")
        label = _read_localised(inner, "label", required=True)
        if kind == "select":
            options = _read_options(inner)
        else:
            inner.raw("options")  # accepted and ignored for other types
            options = []
        if present(question_id) and not _QUESTION_ID_RE.match(question_id):
            inner.problem("id", "invalid_identifier")
        if present(question_id) and any(q["id"] == question_id for q in questions):
            inner.problem("id", "duplicate")
        inner.reject_unknown()
        reader.problems.update(inner.problems)
        if not inner.problems:
            questions.append(
                {
                    "id": question_id,
                    "type": kind,
                    "required": required if present(required) else False,
                    "label": label,
                    "options": options,
                }
            )
    return questions


def _read_localised(reader: PayloadReader, name: str, *, required: bool) -> dict[str, str]:
    raw = reader.raw(name, required=required)
    if raw is MISSING:
        return {}
    if (
        not isinstance(raw, dict)
        or not raw
        or not all(
            k in LOCALES and isinstance(v, str) and 0 < len(v.strip()) <= 300
            for k, v in raw.items()
        )
    ):
        reader.problem(name, "invalid_labels")
        return {}
    if not all(is_single_line(v.strip()) for v in raw.values()):
        reader.problem(name, "not_single_line")
        return {}
    return {k: v.strip() for k, v in raw.items()}


def _read_options(reader: PayloadReader) -> list[dict[str, Any]]:
    raw = reader.raw("options", required=True)
    if raw is MISSING:
        return []
    if not isinstance(raw, list) or not 1 <= len(raw) <= 50:
        reader.problem("options", "invalid_options")
        return []
    options: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        inner = PayloadReader(item, prefix=f"{reader.prefix}options.{index}.")
        value = inner.string("value", required=True, max_length=60)
        label = _read_localised(inner, "label", required=True)
        inner.reject_unknown()
        reader.problems.update(inner.problems)
        if not inner.problems:
            options.append({"value": value, "label": label})
    return options
