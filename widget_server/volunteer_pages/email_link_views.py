"""Pages a volunteer reaches from their emails (/v): confirm, withdraw, erase, accept or
decline a freed slot offered to them, and the certificate of volunteering.

No account and no cookie: the signed token in the link says which sign-up and which
action (by opaque ids only), and a POST must also carry a form token from the page this
server showed for that link. Following a link (GET) never acts, nor shows the
certificate: mail scanners and link previews follow links, and the links outlive their
email in access logs. The page has one button, which POSTs. A tampered or expired link
changes nothing and says so in the volunteer's language (the link's ?locale=, else the
browser's).
"""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request
from flask_babel import get_locale

from widget_server import db
from widget_server.locales import LOCALE_NAMES, LOCALES, deadline
from widget_server.models import Certificate, Signup, SlotOffer
from widget_server.services.volunteering import certificates, volunteer_actions, volunteer_links
from widget_server.services.volunteering.volunteer_actions import ActionResult, Outcome
from widget_server.settings import secret_key
from widget_server.volunteer_pages.verification import verify_url
from widget_server.web.error_texts import error_message
from widget_server.web.page_policy import answer_errors_as_pages, private_page

bp = Blueprint("volunteer", __name__)
bp.before_request(answer_errors_as_pages)
bp.after_request(private_page)  # the token in the URL is the volunteer's key

_ACTIONS = {
    "confirm": volunteer_actions.confirm_email,
    "withdraw": volunteer_actions.withdraw,
    "erase": volunteer_actions.erase,
}


def link_error(code: str) -> tuple[str, int]:
    return render_template(
        "volunteer/link_error.html", message=error_message(code), expired=code.endswith("expired")
    ), 400


def _task_title(signup: Signup) -> str:
    return signup.task.text_for(signup.locale).title


def _result(action: str, result: ActionResult) -> str:
    signup = result.signup
    if signup is not None:
        g.locale_hint = signup.locale
    return render_template(
        "volunteer/result.html",
        action=action,
        outcome=result.outcome.value,
        task_title=_task_title(signup) if signup is not None else None,
        org_name=result.organization.name if result.organization is not None else None,
        status=signup.status.value if signup is not None else None,
    )


def _until(offer: SlotOffer, signup: Signup) -> str:
    """When the offer ends, in the volunteer's time zone (else the task's) and language."""
    return deadline(offer.expires_at, signup.timezone or signup.task.timezone, str(get_locale()))


_LINKS = "<any(confirm, withdraw, erase, accept, decline, certificate):action>/<token>"


@bp.get(f"/{_LINKS}")
def ask(action: str, token: str) -> str | tuple[str, int]:
    """What the action will do, and a button to do it (nothing changes on GET, but an
    offer whose time is up is passed on)."""
    try:
        claims = volunteer_links.read_token(secret_key(), token, action)
    except volunteer_links.LinkError as exc:
        return link_error(exc.code)
    signup = volunteer_actions.find_signup(db.session(), claims.signup_public_id)
    if signup is None:
        return _result(action, ActionResult(Outcome.GONE))
    g.locale_hint = signup.locale
    if action == "withdraw" and signup.status.value == "withdrawn":
        return _result(action, ActionResult(Outcome.ALREADY, signup, signup.task.organization))
    until = None
    if claims.offer_public_id is not None:
        offer = volunteer_actions.open_offer(
            db.session(), claims.signup_public_id, claims.offer_public_id, accept=action == "accept"
        )
        if isinstance(offer, ActionResult):
            return _result(action, offer)
        until = _until(offer, signup)
    return render_template(
        "volunteer/ask.html",
        action=action,
        form_token=volunteer_links.make_form_token(secret_key(), action, token),
        task_title=_task_title(signup),
        org_name=signup.task.organization.name,
        until=until,
    )


@bp.post(f"/{_LINKS}")
def act(action: str, token: str) -> str | tuple[str, int]:
    """Confirm, withdraw, erase, accept, decline or show the certificate, once the page's
    own form token checks out."""
    try:
        claims = volunteer_links.read_token(secret_key(), token, action)
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), action, token
        )
    except volunteer_links.LinkError as exc:
        return link_error(exc.code)
    if action == "certificate":
        return certificate(token)
    if claims.offer_public_id is not None:
        result = volunteer_actions.reply_to_offer(
            db.session(),
            claims.signup_public_id,
            claims.offer_public_id,
            accept=action == "accept",
        )
    else:
        result = _ACTIONS[action](db.session(), claims.signup_public_id)
    return _result(action, result)


def _certificate_of(token: str) -> tuple[Signup | None, Certificate | None, tuple[str, int] | None]:
    """The sign-up the link names and its certificate in force, or the page to answer with."""
    try:
        claims = volunteer_links.read_token(secret_key(), token, "certificate")
    except volunteer_links.LinkError as exc:
        return None, None, link_error(exc.code)
    session = db.session()
    signup = volunteer_actions.find_signup(session, claims.signup_public_id)
    if signup is None:
        return None, None, (_result("certificate", ActionResult(Outcome.GONE)), 404)
    g.locale_hint = signup.locale
    return signup, certificates.current(session, signup.id), None


def certificate(token: str) -> str | tuple[str, int]:
    """The volunteer's certificate: what it states, and the PDF in each language."""
    signup, issued, error = _certificate_of(token)
    if signup is None:
        assert error is not None
        return error
    # The volunteer's own language first, then the others.
    languages = sorted(LOCALE_NAMES.items(), key=lambda item: item[0] != signup.locale)
    page = render_template(
        "volunteer/certificate.html",
        certificate=issued,
        statement=certificates.statement_of(issued) if issued else None,
        verify_url=verify_url(issued.code) if issued else None,
        languages=languages,
        token=token,
        form_token=volunteer_links.make_form_token(secret_key(), "certificate", token),
        task_title=_task_title(signup),
        org_name=signup.task.organization.name,
    )
    return page if issued else (page, 404)


@bp.post(f"/certificate/<token>/<any({', '.join(LOCALES)}):lang>.pdf")
def certificate_pdf(token: str, lang: str) -> Response | str | tuple[str, int]:
    """The certificate as a PDF in the chosen language, from the certificate page's form."""
    try:
        volunteer_links.check_form_token(
            secret_key(), request.form.get("form_token", ""), "certificate", token
        )
    except volunteer_links.LinkError as exc:
        return link_error(exc.code)
    signup, issued, error = _certificate_of(token)
    if signup is None or issued is None:
        return error or certificate(token)
    # Imported here: fpdf2 (and the numpy it loads) would add about a second to the start of
    # every process, the CLI's included, for a page few people open.
    from widget_server.volunteer_pages import certificate_pdf as pdf

    text = pdf.certificate_text(
        certificates.statement_of(issued), lang, verify_url(issued.code), issued.code
    )
    response = Response(pdf.render(text, created=issued.issued_at), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificate-{issued.code[:8]}-{lang}.pdf"'
    )
    return response
