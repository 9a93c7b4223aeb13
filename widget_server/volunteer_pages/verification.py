"""The public page that confirms a certificate of volunteering is genuine (/c/<code>).

Anyone holding the printed link or the QR code may read what the certificate states:
that is its purpose. It answers in the visitor's language (?locale=, else the browser's),
and an unknown code says so in that language, with 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from widget_server import db
from widget_server.public_url import public_url
from widget_server.services.volunteering import certificates
from widget_server.web.page_policy import answer_errors_as_pages, apply_page_policy

bp = Blueprint("verification", __name__)
bp.before_request(answer_errors_as_pages)


@bp.after_request
def _public_page(response: Response) -> Response:
    # A revocation must show at once: no shared cache keeps the old answer.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    response.vary.add("Accept-Language")
    return apply_page_policy(response, None)


def verify_url(code: str) -> str:
    """The address printed on the certificate: the public URL when one is configured."""
    return public_url(url_for("verification.verify", code=code))


@bp.get("/<code>")
def verify(code: str) -> tuple[str, int] | str:
    """Whether the certificate is genuine and in force, and what it states."""
    certificate = certificates.find(db.session(), code)
    if certificate is None:
        return render_template("certificates/unknown.html"), 404
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        statement=certificates.statement_of(certificate),
        code=code,
    )
