"""Drawing the task form: its choices, what was typed, and each field's error in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from widget_server.admin.labels import task_status_label
from widget_server.models import CATEGORIES, Organization, Task, TaskStatus
from widget_server.services.catalog.task_fields import MAX_QUESTIONS, field_for_problem
from widget_server.services.catalog.task_input import QUESTION_TYPES
from widget_server.services.errors import FieldProblem
from widget_server.services.times.zones import zone_choices_with
from widget_server.web.error_texts import category_label, field_message

COMMITMENT_LABELS = {
    "one_off": _l("One-off"),
    "ongoing": _l("Ongoing"),
    "fixed_term": _l("For a number of weeks"),
}
SCHEDULE_LABELS = {"flexible": _l("Flexible"), "fixed": _l("Fixed start and end")}
QUESTION_TYPE_LABELS = {
    "text": _l("Short text"),
    "textarea": _l("Long text"),
    "select": _l("A choice from a list"),
    "checkbox": _l("Yes or no"),
    "url": _l("Web address"),
}
BLANK_QUESTIONS = 2  # empty question rows offered below the existing ones


@dataclass
class FormErrors:
    by_field: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_problems(cls, problems: dict[str, FieldProblem], default_locale: str) -> FormErrors:
        errors = cls()
        for key, problem in problems.items():
            name = field_for_problem(key, default_locale)
            errors.by_field.setdefault(name, field_message(problem))
        return errors


def blank_fields(organization: Organization) -> dict[str, str]:
    return {
        "status": TaskStatus.DRAFT.value,
        "commitment": "ongoing",
        "schedule": "flexible",
        "timezone": organization.timezone,
        "hours_per_week": "",
    }


def _question_rows(fields: dict[str, str]) -> int:
    used = [
        i
        for i in range(MAX_QUESTIONS)
        if any(k.startswith(f"q{i}_") and v for k, v in fields.items() if not k.endswith("type"))
    ]
    return min(MAX_QUESTIONS, (max(used) + 1 if used else 0) + BLANK_QUESTIONS)


def render_task_form(
    task: Task | None, fields: dict[str, str], errors: FormErrors | None, nonce: str
) -> str:
    errors = errors or FormErrors()
    return render_template(
        "admin/task_form.html",
        task=task,
        fields=fields,
        errors=errors.by_field,
        nonce=nonce,
        question_rows=_question_rows(fields),
        statuses=[(s.value, task_status_label(s.value)) for s in TaskStatus],
        categories=[(c, category_label(c)) for c in CATEGORIES],
        commitments=[(k, str(v)) for k, v in COMMITMENT_LABELS.items()],
        schedules=[(k, str(v)) for k, v in SCHEDULE_LABELS.items()],
        question_types=[(k, str(QUESTION_TYPE_LABELS[k])) for k in QUESTION_TYPES],
        zones=zone_choices_with(str(get_locale()), fields.get("timezone", "")),
    )
