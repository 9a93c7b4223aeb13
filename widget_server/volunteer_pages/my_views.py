"""My volunteering (/my): one page per volunteer with every sign-up they have on this
server, across organizations, reached with a single-use link asked for by email.

No account and no password. The page's session is a first-party cookie scoped to /my
(HttpOnly, SameSite=Lax, Secure over HTTPS) holding a random token whose hash the
database keeps. Opening the emailed link shows one button (mail scanners open links; a
single-use link must not be spent by them); pressing it signs in. Every form carries a
token signed for this session, so another site cannot post on the volunteer's behalf.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from widget_server import db
from widget_server.frames.signup_form import HONEYPOT_FIELD, TOKEN_FIELD
from widget_server.services.access.account_links import LinkInvalid, read_link_token
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs import form_tokens
from widget_server.services.volunteer_home import home_actions, overview, sign_in
from widget_server.services.volunteering import volunteer_links
from widget_server.services.volunteering.volunteer_links import LinkError
from widget_server.settings import secret_key
from widget_server.volunteer_pages import my_page
from widget_server.volunteer_pages.my_forms import (
    HOME_FORM,
    LINK_FORM,
    SIGN_IN_FORM,
    HomeForms,
    LinkForm,
)
from widget_server.web.error_texts import error_message
from widget_server.web.page_policy import answer_errors_as_pages, private_page
from widget_server.web.rate_limits import my_link_limits

bp = Blueprint("my", __name__)
bp.before_request(answer_errors_as_pages)
bp.after_request(private_page)  # personal data and single-use links


@bp.get("")
def home() -> tuple[str, int]:
    """The volunteer's page when signed in; else the form to ask for a sign-in link."""
    email = my_page.signed_in()
    return my_page.home_page(email) if email else my_page.ask_page()


@bp.post("/link")
@my_link_limits
def ask_link() -> tuple[str, int]:
    """Email a sign-in link; the answer is the same whether the address is known or not."""
    form = LinkForm.posted(request.form)
    try:
        form_tokens.check_token(
            secret_key(),
            request.form.get(TOKEN_FIELD, ""),
            0,
            LINK_FORM,
            min_age_seconds=current_app.config["FORM_MIN_SECONDS"],
        )
    except form_tokens.FormTokenError as problem:
        form.notice = error_message(problem.code)
        return my_page.ask_page(form, 400)
    if not request.form.get(HONEYPOT_FIELD):  # a bot's: answered alike, nothing sent
        try:
            sign_in.request_link(
                db.session(), form.values["email"], my_page.locale(), my_page.lifetimes()
            )
        except ValidationFailed as failure:
            form.show_problems(failure.fields)
            return my_page.ask_page(form, 422)
    minutes = max(1, my_page.lifetimes().link_seconds // 60)
    return render_template("my/sent.html", minutes=minutes), 200


def _link_id(token: str) -> str:
    try:
        return read_link_token(secret_key(), sign_in.LINK_PURPOSE, token)
    except LinkInvalid:
        raise LinkError("my_link_invalid") from None


@bp.get("/sign-in/<token>")
def sign_in_page(token: str) -> tuple[str, int]:
    """The emailed link's page: one button (opening it changes nothing)."""
    try:
        link = sign_in.usable_link(db.session(), _link_id(token))
    except LinkError as exc:
        return my_page.link_error_page(exc.code)
    g.locale_hint = link.locale
    form_token = volunteer_links.make_form_token(secret_key(), SIGN_IN_FORM, token)
    return render_template("my/sign_in.html", form_token=form_token), 200


@bp.post("/sign-in/<token>")
def sign_in_submit(token: str) -> BaseResponse | tuple[str, int]:
    """Use the link once and start the page's session."""
    try:
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), SIGN_IN_FORM, token
        )
        session_token, link = sign_in.sign_in(db.session(), _link_id(token), my_page.lifetimes())
    except LinkError as exc:
        return my_page.link_error_page(exc.code)
    response = redirect(url_for("my.home", locale=link.locale), 303)
    response.set_cookie(
        my_page.COOKIE,
        session_token,
        max_age=my_page.lifetimes().session_seconds,
        path="/my",
        httponly=True,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        samesite="Lax",
    )
    return response


def _guarded() -> str | tuple[str, int]:
    """The signed-in address if the session lives and the form is this session's; else
    the page to answer with."""
    email = my_page.signed_in()
    if email is None:
        return my_page.ask_page(status=401, notice=error_message("my_session_ended"))
    try:
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), HOME_FORM, my_page.session_token()
        )
    except LinkError as exc:
        return my_page.home_page(email, HomeForms(notice=error_message(exc.code)), 400)
    return email


def _done(what: str) -> BaseResponse:
    return redirect(url_for("my.home", locale=my_page.locale(), done=what), 303)


@bp.post("/signups/<signup_id>/withdraw")
def withdraw(signup_id: str) -> BaseResponse | tuple[str, int]:
    """Withdraw one of the volunteer's sign-ups."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    home_actions.withdraw(db.session(), email, signup_id)
    return _done("withdrawn")


def _settings_change(
    change: Callable[[Session, str, dict[str, Any]], int],
    payload_of: Callable[[HomeForms], dict[str, Any]],
    done: str,
) -> BaseResponse | tuple[str, int]:
    """A change to the settings all the volunteer's sign-ups share, from the page's form;
    a refused form comes back with each field's problem and what was typed."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    held = overview.overview_of(db.session(), email)
    forms = HomeForms.current(held.timezone, held.availability_windows)
    try:
        change(db.session(), email, payload_of(forms))
    except ValidationFailed as failure:
        forms.show_problems(failure.fields)
        return my_page.home_page(email, forms, 422)
    return _done(done)


@bp.post("/time-zone")
def change_time_zone() -> BaseResponse | tuple[str, int]:
    """Set the volunteer's time zone on all their sign-ups."""
    return _settings_change(
        home_actions.change_time_zone, lambda forms: forms.zone_payload(request.form), "zone"
    )


@bp.post("/availability")
def change_availability() -> BaseResponse | tuple[str, int]:
    """Set when the volunteer can help, on all their sign-ups."""
    return _settings_change(
        home_actions.change_availability,
        lambda forms: forms.windows_payload(request.form),
        "availability",
    )


@bp.post("/alerts/<subscription_id>/stop")
def stop_alert(subscription_id: str) -> BaseResponse | tuple[str, int]:
    """Stop one alert subscription."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    home_actions.stop_alert(db.session(), email, subscription_id)
    return _done("alert")


@bp.post("/export")
def export() -> Response | tuple[str, int]:
    """Everything held about the volunteer, as a JSON file."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    data = home_actions.export_data(db.session(), email)
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-volunteering.json"'
    return response


@bp.post("/erase")
def erase() -> Response | tuple[str, int]:
    """Erase everything about the volunteer from every organization, once confirmed."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    if request.form.get("confirm") != "yes":
        forms = HomeForms(errors={"confirm": error_message("my_erase_unconfirmed")})
        held = overview.overview_of(db.session(), email)
        forms.values = HomeForms.current(held.timezone, held.availability_windows).values
        return my_page.home_page(email, forms, 422)
    home_actions.erase_data(db.session(), email)
    response = Response(render_template("my/erased.html"))
    response.delete_cookie(my_page.COOKIE, path="/my")
    return response


@bp.post("/sign-out")
def sign_out() -> Response | tuple[str, int]:
    """End the session for good."""
    email = _guarded()
    if not isinstance(email, str):
        return email
    sign_in.sign_out(db.session(), my_page.session_token())
    response = Response(render_template("my/signed_out.html"))
    response.delete_cookie(my_page.COOKIE, path="/my")
    return response
