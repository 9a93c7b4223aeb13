"""JSON representations of tasks and sign-ups for each audience.

An answer has exactly the fields of its response model, in their order: each is the row's
attribute of the same name unless given. So the JSON and the OpenAPI document, which is
built from the same models, cannot name different fields.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

from widget_server.api import response_models as out
from widget_server.models import Signup, Task
from widget_server.services.times.zones import zone_label
from widget_server.web.error_texts import category_label


def plain(value: Any) -> Any:
    """A value as JSON has it: an enum's value, a date or time in ISO 8601."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


def fields_of(model: type[BaseModel], row: Any, **given: Any) -> dict[str, Any]:
    """model's fields, each given or else read from row (never both: a row's id is private)."""
    return {
        name: plain(given[name] if name in given else getattr(row, name))
        for name in model.model_fields
    }


def _localised(labels: dict[str, str], locale: str, fallback: str) -> str:
    return labels.get(locale) or labels.get(fallback) or next(iter(labels.values()), "")


def public_question(question: dict[str, Any], locale: str, fallback: str) -> dict[str, Any]:
    return {
        "id": question["id"],
        "type": question["type"],
        "required": question["required"],
        "label": _localised(question["label"], locale, fallback),
        "options": [
            {"value": o["value"], "label": _localised(o["label"], locale, fallback)}
            for o in question["options"]
        ],
    }


def public_task(task: Task, locale: str) -> dict[str, Any]:
    """A task as visitors see it, its text in locale or the nearest fallback."""
    text = task.text_for(locale)
    return fields_of(
        out.Task,
        task,
        id=task.public_id,
        locale=text.locale,
        title=text.title,
        summary=text.summary,
        description_html=text.description_html,
        accessibility_notes=text.accessibility_notes,
        category_label=category_label(task.category),
        timezone_label=zone_label(task.timezone, locale),
        custom_questions=[
            public_question(q, locale, task.default_locale) for q in task.custom_questions
        ],
    )


def admin_task(task: Task) -> dict[str, Any]:
    """A task with everything an organization's servers may read and write."""
    return fields_of(
        out.AdminTask,
        task,
        id=task.public_id,
        translations={t.locale: fields_of(out.AdminTranslation, t) for t in task.translations},
    )


def admin_signup(signup: Signup, certificate_url: str | None = None) -> dict[str, Any]:
    return fields_of(
        out.AdminSignup,
        signup,
        id=signup.public_id,
        task_id=signup.task.public_id,
        consent={"version": signup.consent_version, "at": plain(signup.consented_at)},
        certificate_url=certificate_url,
    )
