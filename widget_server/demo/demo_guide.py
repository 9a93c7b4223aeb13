"""What `widget-server demo` prints, line by line, and /demo: the same lines explained.

The console and the guide page read one list (app.config["DEMO_PRINTED"]), so the guide
explains exactly what was printed. The guide is served by the demo only.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from widget_server.web.page_policy import answer_errors_as_pages, framed_by_nobody

bp = Blueprint("demo_guide", __name__)
bp.before_request(answer_errors_as_pages)
bp.after_request(framed_by_nobody)

# The width of the console's label column ("  Hosted page:     http://…").
_LABEL_WIDTH = 17

EXPLANATIONS = {
    "front_page": _l(
        "The server's front page: open tasks of every organization on it, searched and "
        "filtered as in the widget."
    ),
    "guide": _l("This guide."),
    "database": _l(
        "Where the demo keeps its data (SQLite). It survives restarts; delete the file to "
        "start again from scratch."
    ),
    "examples": _l(
        "Example websites with the widget, served from another address (localhost instead of "
        "127.0.0.1), as a partner organization's own site would be."
    ),
    "example_en": _l("A plain English page with the widget."),
    "example_ar": _l("An Arabic page, right to left, with the widget."),
    "example_builders": _l(
        "The widget inside a site builder's sandboxed frame, as Google Sites embeds code."
    ),
    "hosted": _l(
        "The demo organization's own page on this server, to share on social media; each task "
        "has a page of its own with a sign-up form."
    ),
    "feeds": _l("The organization's open tasks as Atom and JSON feeds, for feed readers."),
    "all_feeds": _l("The same feeds for every organization on the server."),
    "sitemap": _l("The list of pages that search engines read (robots.txt points to it)."),
    "alerts": _l(
        "Where a visitor asks for an email when the organization publishes a matching task."
    ),
    "all_alerts": _l("The same, for the tasks of every organization on the server."),
    "local_times": _l(
        "The sign-up form of a task held at a fixed time in Beirut, shown on the clock of a "
        "volunteer in Kolkata."
    ),
    "api_ar": _l("The public API: the open tasks in Arabic as JSON, as the widget reads them."),
    "api_en": _l("The same in English."),
    "openapi": _l("The API's description (OpenAPI), for developers."),
    "health": _l("Answers while the server is running, for monitoring."),
    "publishable_key": _l(
        "The key that goes into the snippet on a website. It can only read open tasks and "
        "send sign-ups, from the organization's allowed websites."
    ),
    "secret_key": _l(
        "The key for the admin API, from one server to another. It is printed once, at the "
        "first start, and stored only as a hash: it is not shown here."
    ),
    "admin": _l(
        "The admin panel, where the organization's team posts tasks and answers volunteers."
    ),
    "owner": _l("The email address and password of the demo organization's owner, to sign in."),
    "certificate": _l(
        "The link that a volunteer whose work is completed receives: their certificate as PDF."
    ),
    "verification": _l("The public page where anyone can check that the certificate is genuine."),
    "follow_up": _l("Sign-ups waiting for an answer from the organization (sign in first)."),
    "waitlist_offer": _l(
        "The link that a volunteer on the waitlist received: a freed place held for them."
    ),
    "emails": _l(
        "Where the emails go: printed in the console as they are sent, unless "
        "WIDGET_SERVER_SMTP_URL names a mail server."
    ),
}


@dataclass(frozen=True)
class Printed:
    """One line of the demo's console output."""

    code: str  # its explanation in EXPLANATIONS
    label: str  # as the console shows it, in English
    value: str
    aside: str = ""  # printed after the value
    sub: bool = False  # a detail of the line above it
    secret: bool = False  # printed once, never shown on a page

    def console(self) -> str:
        indent, width = ("    ", _LABEL_WIDTH - 2) if self.sub else ("  ", _LABEL_WIDTH)
        label = f"{self.label}:" if self.label else ""
        line = f"{indent}{label:<{width}}{self.value}"
        return f"{line}  ({self.aside})" if self.aside else line

    @property
    def links(self) -> list[str]:
        return [part for part in self.value.split() if part.startswith(("http://", "https://"))]


@bp.get("/demo")
def guide() -> str:
    """Everything the demo printed, explained in the reader's language."""
    if not current_app.config["DEMO"]:
        abort(404)
    printed: list[Printed] = current_app.config.get("DEMO_PRINTED", [])
    return render_template(
        "demo/guide.html",
        printed=[line for line in printed if line.code in EXPLANATIONS],
        explanations=EXPLANATIONS,
        locale=str(get_locale()),
    )
