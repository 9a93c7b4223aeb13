"""The pages of My volunteering as rendered: the form to ask for a link, the link's error
page, and the signed-in page with its cards and forms."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import get_locale

from widget_server import db
from widget_server.frames.signup_form import WINDOW_ROWS
from widget_server.services.times.zones import zone_choices_with
from widget_server.services.volunteer_home import overview, sign_in
from widget_server.services.volunteering import volunteer_links
from widget_server.settings import secret_key
from widget_server.volunteer_pages.my_cards import cards
from widget_server.volunteer_pages.my_forms import (
    HOME_FORM,
    HomeForms,
    LinkForm,
    link_form_context,
)
from widget_server.web.error_texts import error_message
from widget_server.web.visitor_times import day_choices

COOKIE = "vw_my"
# What the page says after a change (?done=…), as a live status message.
DONE = frozenset({"withdrawn", "zone", "availability", "alert"})


def lifetimes() -> sign_in.Lifetimes:
    config = current_app.config
    return sign_in.Lifetimes(
        int(config["VOLUNTEER_LINK_SECONDS"]), int(config["VOLUNTEER_SESSION_SECONDS"])
    )


def locale() -> str:
    return str(get_locale())


def ask_page(form: LinkForm | None = None, status: int = 200, notice: str = "") -> tuple[str, int]:
    form = form or LinkForm()
    form.notice = form.notice or notice
    return render_template("my/ask.html", **link_form_context(form)), status


def session_token() -> str:
    return request.cookies.get(COOKIE, "")


def signed_in() -> str | None:
    return sign_in.signed_in_email(db.session(), session_token())


def home_page(email: str, forms: HomeForms | None = None, status: int = 200) -> tuple[str, int]:
    shown_in = locale()
    held = overview.overview_of(db.session(), email)
    signup_cards, alert_cards = cards(held, shown_in)
    forms = forms or HomeForms.current(held.timezone, held.availability_windows)
    done = request.args.get("done")
    html = render_template(
        "my/home.html",
        email=email,
        signups=signup_cards,
        alerts=alert_cards,
        form=forms,
        form_token=volunteer_links.make_form_token(secret_key(), HOME_FORM, session_token()),
        zone_choices=zone_choices_with(shown_in, str(forms.values.get("timezone") or "")),
        day_choices=day_choices(shown_in),
        window_rows=WINDOW_ROWS,
        done=done if done in DONE else None,
        locale=shown_in,
    )
    return html, status


def link_error_page(code: str) -> tuple[str, int]:
    html = render_template("my/link_error.html", message=error_message(code), **link_form_context())
    return html, 410 if code in ("my_link_used", "my_link_expired") else 400
