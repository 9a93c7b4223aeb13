"""Tasks as flat text fields (an HTML form, a CSV row) turned into the payload read_task checks.

Only the shape changes here: numbers stay text when they are not numbers, so that
``task_input.read_task`` (the one place that validates a task) reports them. Field names
are the same in the form and in CSV files: ``title_en``, ``summary_ar``, ``hours_per_week``,
``skills`` (comma separated), ``q0_label_fr``…
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from widget_server.locales import LOCALES
from widget_server.services.catalog.task_input import TEXT_LIMITS
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.times.local_times import LocalTimeProblem, strict_local
from widget_server.services.times.zones import zone_or_utc

TEXT_FIELDS = tuple(TEXT_LIMITS)  # title, summary, description, accessibility_notes
SETTING_FIELDS = (
    "status", "category", "hours_per_week", "commitment", "duration_weeks", "capacity",
    "waitlist", "skills", "languages", "apply_by", "schedule", "timezone", "starts_at",
    "ends_at", "default_locale",
)  # fmt: skip
# Columns of a CSV import, in the order the downloadable template lists them.
CSV_COLUMNS = SETTING_FIELDS + tuple(f"{name}_{loc}" for loc in LOCALES for name in TEXT_FIELDS)
MAX_QUESTIONS = 20
_TRUE = {"1", "true", "yes", "on", "y", "oui", "نعم"}
_FALSE = {"", "0", "false", "no", "off", "n", "non", "لا"}
_PROBLEM_KEY = re.compile(r"^custom_questions\.(\d+)\.(\w+)")


def payload_from_fields(fields: Mapping[str, str]) -> dict[str, Any]:
    """The payload for read_task; blank optional fields are left out or cleared."""
    get = lambda name: (fields.get(name) or "").strip()  # noqa: E731
    payload: dict[str, Any] = {}
    for name in ("status", "category", "commitment", "schedule", "default_locale"):
        if get(name):
            payload[name] = get(name)
    if get("timezone"):
        payload["timezone"] = get("timezone")
    if get("hours_per_week"):
        payload["hours_per_week"] = _number(get("hours_per_week"))
    for name in ("duration_weeks", "capacity"):
        payload[name] = _number(get(name)) if get(name) else None
    payload["waitlist"] = _flag(get("waitlist"))
    payload["skills"] = _list(get("skills"))
    payload["languages"] = [code.lower() for code in _list(get("languages"))]
    payload["apply_by"] = get("apply_by") or None
    zone = zone_or_utc(get("timezone"))
    skipped_or_repeated: dict[str, FieldProblem] = {}
    for name in ("starts_at", "ends_at"):
        try:
            payload[name] = _moment(get(name), zone) if get(name) else None
        except LocalTimeProblem as problem:
            skipped_or_repeated[name] = FieldProblem(problem.code, {"zone": problem.zone})
    if skipped_or_repeated:
        # Guessing an hour for an admin would put the session at the wrong time.
        raise ValidationFailed(skipped_or_repeated)
    translations = {
        loc: {name: get(f"{name}_{loc}") for name in TEXT_FIELDS}
        for loc in LOCALES
        if any(get(f"{name}_{loc}") for name in TEXT_FIELDS)
    }
    if translations:
        payload["translations"] = translations
    if any(key.startswith("q") and key[1:2].isdigit() for key in fields):
        payload["custom_questions"] = _questions(get)
    return payload


def field_for_problem(key: str, default_locale: str = "en") -> str:
    """The flat field a read_task problem key is about ("translations.ar.title" → "title_ar")."""
    parts = key.split(".")
    if parts[0] == "translations":
        if len(parts) >= 3:
            return f"{parts[2]}_{parts[1]}"
        return f"title_{default_locale}"
    match = _PROBLEM_KEY.match(key)
    if match:
        index, part = match.groups()
        return f"q{index}_{'label' if part == 'label' else part}"
    return parts[0]


def _questions(get: Any) -> list[dict[str, Any]]:
    questions = []
    for index in range(MAX_QUESTIONS):
        prefix = f"q{index}_"
        labels = {
            loc: get(f"{prefix}label_{loc}") for loc in LOCALES if get(f"{prefix}label_{loc}")
        }
        if not labels and not get(f"{prefix}id"):
            continue  # a blank row of the form
        question: dict[str, Any] = {
            "id": get(f"{prefix}id") or f"q{index + 1}",
            "type": get(f"{prefix}type") or "text",
            "required": _flag(get(f"{prefix}required")),
            "label": labels,
        }
        options = {loc: _lines(get(f"{prefix}options_{loc}")) for loc in LOCALES}
        count = max(len(lines) for lines in options.values())
        if question["type"] == "select" or count:
            # Option n is line n in each language; its value is its number.
            question["options"] = [
                {
                    "value": str(n + 1),
                    "label": {loc: lines[n] for loc, lines in options.items() if n < len(lines)},
                }
                for n in range(count)
            ]
        questions.append(question)
    return questions


def _number(text: str) -> Any:
    try:
        return int(text)  # also reads Arabic-Indic digits
    except ValueError:
        return text  # read_task says it must be a whole number


def _flag(text: str) -> Any:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return text  # read_task says it must be true or false


def _list(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,،;]", text) if item.strip()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _moment(text: str, zone: Any) -> str:
    """A local date and time (as a datetime-local input sends) in the task's own time zone.

    LocalTimeProblem when that wall-clock time is skipped or repeated there.
    """
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text  # read_task says which format it needs
    if parsed.tzinfo is None:
        parsed = strict_local(parsed, zone.key) if zone is not UTC else parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def fields_from_task(task: Any, zone_name: str | None = None) -> dict[str, str]:
    """A task as flat text, to fill a form."""
    zone = zone_or_utc(zone_name or task.timezone)
    fields: dict[str, str] = {
        "status": task.status.value,
        "category": task.category,
        "hours_per_week": str(task.hours_per_week),
        "commitment": task.commitment.value,
        "duration_weeks": "" if task.duration_weeks is None else str(task.duration_weeks),
        "capacity": "" if task.capacity is None else str(task.capacity),
        "waitlist": "on" if task.waitlist else "",
        "skills": ", ".join(task.skills),
        "languages": ", ".join(task.languages),
        "apply_by": task.apply_by.isoformat() if task.apply_by else "",
        "schedule": task.schedule.value,
        "timezone": task.timezone,
        "default_locale": task.default_locale,
    }
    for name in ("starts_at", "ends_at"):
        value = getattr(task, name)
        fields[name] = value.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""
    for text in task.translations:
        for name in TEXT_FIELDS:
            fields[f"{name}_{text.locale}"] = getattr(text, name)
    for index, question in enumerate(task.custom_questions):
        prefix = f"q{index}_"
        fields[prefix + "id"] = question["id"]
        fields[prefix + "type"] = question["type"]
        fields[prefix + "required"] = "on" if question.get("required") else ""
        for loc in LOCALES:
            fields[f"{prefix}label_{loc}"] = question["label"].get(loc, "")
            fields[f"{prefix}options_{loc}"] = "\n".join(
                option["label"].get(loc, "") for option in question.get("options", [])
            )
    return fields
