"""The HTML sign-up form: posted fields to the JSON API's payload shape, and back for display.

There is one validator (services/signup_input.py); this module only translates shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from widget_server.api.serializers import public_question
from widget_server.messages import field_message
from widget_server.models import Task
from widget_server.services.errors import FieldProblem

TEXT_FIELDS = ("name", "email", "phone", "skills", "availability", "message")
TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
# Named like a field a bot would fill; people never see it.
HONEYPOT_FIELD = "website"
_SKILL_SEPARATORS = re.compile(r"[,،\n]")


def split_skills(text: str) -> list[str]:
    """ "design, Arabic، video" -> ["design", "Arabic", "video"] (Latin or Arabic commas)."""
    return [s.strip() for s in _SKILL_SEPARATORS.split(text) if s.strip()]


@dataclass
class SignupForm:
    """What the visitor typed, the task's questions, and the problems to show by field."""

    questions: list[dict[str, Any]]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def blank(cls, task: Task, locale: str) -> SignupForm:
        return cls(_questions(task, locale))

    @classmethod
    def posted(cls, form: MultiDict[str, str], task: Task, locale: str) -> SignupForm:
        questions = _questions(task, locale)
        values: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS}
        values["consent"] = form.get("consent") == "yes"
        for question in questions:
            name = question["field"]
            if question["type"] == "checkbox":
                values[name] = form.get(name) == "yes"
            else:
                values[name] = form.get(name, "")
        return cls(questions, values)

    def payload(self, locale: str) -> dict[str, Any]:
        """The same shape the JSON API takes, so the one validator decides."""
        payload: dict[str, Any] = {name: self.values.get(name, "") for name in TEXT_FIELDS}
        payload["skills"] = split_skills(self.values.get("skills", ""))
        payload["consent"] = bool(self.values.get("consent"))
        payload["locale"] = locale
        payload["answers"] = {
            q["id"]: self.values[q["field"]]
            for q in self.questions
            if q["type"] == "checkbox" or self.values.get(q["field"])
        }
        return payload

    def show_problems(self, problems: dict[str, FieldProblem]) -> None:
        self.errors = {name: field_message(problem) for name, problem in problems.items()}

    def field_names(self) -> set[str]:
        return {*TEXT_FIELDS, "consent", *(q["field"] for q in self.questions)}


def _questions(task: Task, locale: str) -> list[dict[str, Any]]:
    questions = []
    for question in task.custom_questions:
        shown = public_question(question, locale, task.default_locale)
        shown["field"] = f"answers.{question['id']}"
        questions.append(shown)
    return questions
