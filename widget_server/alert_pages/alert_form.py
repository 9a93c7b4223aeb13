"""The HTML alert form: posted fields to the validator's payload, and back for display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from widget_server.frames.signup_form import split_skills
from widget_server.locales import LOCALES
from widget_server.services.errors import FieldProblem
from widget_server.web.error_texts import field_messages


@dataclass
class AlertForm:
    values: dict[str, Any] = field(default_factory=lambda: {"frequency": "weekly"})
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def posted(cls, form: MultiDict[str, str]) -> AlertForm:
        return cls(
            {
                "email": form.get("email", ""),
                "categories": form.getlist("categories"),
                "skills": form.get("skills", ""),
                "languages": form.getlist("languages"),
                "max_hours": form.get("max_hours", "").strip(),
                "frequency": form.get("frequency", ""),
            }
        )

    def payload(self) -> dict[str, Any]:
        """The validator's shape; a number that is not one is passed on for it to refuse."""
        hours = self.values["max_hours"]
        max_hours: Any = None
        if hours:
            max_hours = int(hours) if hours.isascii() and hours.isdigit() else hours
        return {
            "email": self.values["email"],
            "categories": self.values["categories"],
            "skills": split_skills(self.values["skills"]),
            "languages": self.values["languages"],
            "max_hours": max_hours,
            "frequency": self.values["frequency"],
        }

    def show_problems(self, problems: dict[str, FieldProblem]) -> None:
        self.errors = field_messages(problems)


def offered_languages(task_languages: Iterable[list[str]]) -> list[str]:
    """The server's own languages and those of the open tasks in scope."""
    codes = set(LOCALES)
    for languages in task_languages:
        codes.update(languages)
    return sorted(codes)
