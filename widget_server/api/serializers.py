"""JSON representations of tasks and sign-ups for each audience."""

from __future__ import annotations

from typing import Any

from widget_server.models import Signup, Task
from widget_server.services.times.zones import zone_label
from widget_server.web.error_texts import category_label


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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


def _common(task: Task) -> dict[str, Any]:
    return {
        "id": task.public_id,
        "category": task.category,
        "skills": task.skills,
        "languages": task.languages,
        "hours_per_week": task.hours_per_week,
        "commitment": task.commitment.value,
        "duration_weeks": task.duration_weeks,
        "schedule": task.schedule.value,
        "timezone": task.timezone,
        "starts_at": _iso(task.starts_at),
        "ends_at": _iso(task.ends_at),
        "apply_by": _iso(task.apply_by),
        "capacity": task.capacity,
        "spots_left": task.spots_left,
        "waitlist": task.waitlist,
        "published_at": _iso(task.published_at),
    }


def public_task(task: Task, locale: str) -> dict[str, Any]:
    """A task as visitors see it, its text in locale or the nearest fallback."""
    text = task.text_for(locale)
    return {
        **_common(task),
        "locale": text.locale,
        "title": text.title,
        "summary": text.summary,
        "description_html": text.description_html,
        "accessibility_notes": text.accessibility_notes,
        "category_label": category_label(task.category),
        "timezone_label": zone_label(task.timezone, locale),
        "custom_questions": [
            public_question(q, locale, task.default_locale) for q in task.custom_questions
        ],
    }


def admin_task(task: Task) -> dict[str, Any]:
    """A task with everything an organization's servers may read and write."""
    return {
        **_common(task),
        "status": task.status.value,
        "default_locale": task.default_locale,
        "taken": task.taken,
        "translations": {
            t.locale: {
                "title": t.title,
                "summary": t.summary,
                "description": t.description,
                "description_html": t.description_html,
                "accessibility_notes": t.accessibility_notes,
            }
            for t in task.translations
        },
        "custom_questions": task.custom_questions,
        "created_at": _iso(task.created_at),
        "updated_at": _iso(task.updated_at),
    }


def admin_signup(signup: Signup, certificate_url: str | None = None) -> dict[str, Any]:
    return {
        "id": signup.public_id,
        "task_id": signup.task.public_id,
        "status": signup.status.value,
        "holds_slot": signup.holds_slot,
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "skills": signup.skills,
        "availability": signup.availability,
        "timezone": signup.timezone,
        "availability_windows": signup.availability_windows,
        "message": signup.message,
        "answers": signup.answers,
        "consent": {"version": signup.consent_version, "at": _iso(signup.consented_at)},
        "locale": signup.locale,
        "origin": signup.origin,
        "page_url": signup.page_url,
        "created_at": _iso(signup.created_at),
        "updated_at": _iso(signup.updated_at),
        "status_changed_at": _iso(signup.status_changed_at),
        "hours_contributed": signup.hours_contributed,
        "certificate_url": certificate_url,
        "first_response_at": _iso(signup.first_response_at),
    }
