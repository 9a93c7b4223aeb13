"""The HTML sign-up form: posted fields to the JSON API's payload shape, and back for display.

There is one validator (services/volunteering/signup_input.py); this module only translates shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from widget_server.api.serializers import public_question
from widget_server.models import Task
from widget_server.services.errors import FieldProblem
from widget_server.web.error_texts import field_message

TEXT_FIELDS = ("name", "email", "phone", "skills", "availability", "timezone", "message")
WINDOW_ROWS = 3  # availability rows on the form (the API takes up to MAX_WINDOWS)
WINDOW_PARTS = ("days", "from", "to")
WINDOW_FIELDS = tuple(f"w{i}_{part}" for i in range(WINDOW_ROWS) for part in WINDOW_PARTS)
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
        values: dict[str, Any] = {name: form.get(name, "") for name in TEXT_FIELDS + WINDOW_FIELDS}
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
        payload["timezone"] = self.values.get("timezone") or None
        payload["availability_windows"] = self._windows()
        payload["locale"] = locale
        payload["answers"] = {
            q["id"]: self.values[q["field"]]
            for q in self.questions
            if q["type"] == "checkbox" or self.values.get(q["field"])
        }
        return payload

    def _windows(self) -> list[dict[str, Any]]:
        """Filled rows only; a day choice is a comma list of ISO weekdays ("1,2,3,4,5")."""
        windows = []
        for i in range(WINDOW_ROWS):
            days, start, end = (str(self.values.get(f"w{i}_{part}", "")) for part in WINDOW_PARTS)
            if days or start or end:
                numbers = [int(d) for d in days.split(",") if d.strip().isdigit()]
                windows.append({"days": numbers, "from": start, "to": end})
        return windows

    def show_problems(self, problems: dict[str, FieldProblem]) -> None:
        rows = [
            i for i in range(WINDOW_ROWS) if any(self.values.get(f"w{i}_{p}") for p in WINDOW_PARTS)
        ]
        self.errors = {}
        for name, problem in problems.items():
            self.errors.setdefault(_form_field(name, rows), field_message(problem))


def _form_field(problem_key: str, rows: list[int]) -> str:
    """ "availability_windows.1.from" -> "w2_from" when the second filled row is row 3."""
    parts = problem_key.split(".")
    if parts[0] != "availability_windows":
        return problem_key
    if len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
        part = parts[2] if parts[2] in WINDOW_PARTS else "days"
        return f"w{rows[int(parts[1])]}_{part}"
    return "w0_days"


def _questions(task: Task, locale: str) -> list[dict[str, Any]]:
    questions = []
    for question in task.custom_questions:
        shown = public_question(question, locale, task.default_locale)
        shown["field"] = f"answers.{question['id']}"
        questions.append(shown)
    return questions
