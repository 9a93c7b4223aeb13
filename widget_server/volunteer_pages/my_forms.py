"""The forms of "My volunteering": what each posts, turned into the services' payloads,
and their problems back by field for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from widget_server.frames.signup_form import HONEYPOT_FIELD, TOKEN_FIELD, WINDOW_FIELDS, SignupForm
from widget_server.services.errors import FieldProblem
from widget_server.services.inputs import form_tokens
from widget_server.settings import secret_key
from widget_server.web.error_texts import field_messages

# The link request form's form_tokens "task" (of organization 0: it serves every one).
LINK_FORM = "my-link"
# The sign-in page's and the signed-in page's form tokens (volunteer_links.make_form_token).
SIGN_IN_FORM = "my-sign-in"
HOME_FORM = "my-home"


@dataclass
class LinkForm:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def posted(cls, form: MultiDict[str, str]) -> LinkForm:
        return cls({"email": form.get("email", "")})

    def show_problems(self, problems: dict[str, FieldProblem]) -> None:
        self.errors = field_messages(problems)


@dataclass
class HomeForms:
    """The time zone and availability forms, as shown or as posted with their problems."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def current(cls, timezone: str | None, windows: list[dict[str, Any]]) -> HomeForms:
        values: dict[str, Any] = {"timezone": timezone or ""}
        for i, window in enumerate(windows[: len(WINDOW_FIELDS) // 3]):
            values[f"w{i}_days"] = ",".join(str(d) for d in window.get("days", []))
            values[f"w{i}_from"] = window.get("from", "")
            values[f"w{i}_to"] = window.get("to", "")
        return cls(values)

    def zone_payload(self, form: MultiDict[str, str]) -> dict[str, Any]:
        self.values["timezone"] = form.get("timezone", "")
        return {"timezone": self.values["timezone"] or None}

    def windows_payload(self, form: MultiDict[str, str]) -> dict[str, Any]:
        for name in WINDOW_FIELDS:
            self.values[name] = form.get(name, "")
        # The sign-up form's reading of the same rows: one shape, one validator.
        rows = SignupForm([], dict(self.values)).payload("en")["availability_windows"]
        return {"availability_windows": rows}

    def show_problems(self, problems: dict[str, FieldProblem]) -> None:
        shown = SignupForm([], dict(self.values))
        shown.show_problems(problems)
        self.errors = shown.errors


def link_form_context(form: LinkForm | None = None) -> dict[str, Any]:
    """What templates/my/_link_form.html needs: on these pages and on hosted ones."""
    return {
        "form": form or LinkForm(),
        "token": form_tokens.make_token(secret_key(), 0, LINK_FORM),
        "token_field": TOKEN_FIELD,
        "honeypot_field": HONEYPOT_FIELD,
    }
