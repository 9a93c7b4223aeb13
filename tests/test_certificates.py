"""The certificate of volunteering end to end: the admin completes a sign-up with the
hours, the volunteer follows the emailed link to a PDF in Arabic, English or French, and
anyone can check it on its verification page, until it is withdrawn."""

from __future__ import annotations

import csv
import io

import pymupdf
import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_signup, make_task
from tests.pages import elements, form_token, press_the_button
from tests.smtp_sink import SmtpSink
from widget_server.models import Certificate, Role, Signup
from widget_server.services.volunteering import volunteer_links
from widget_server.worker.worker_loop import Worker

ARABIC_NAME = "فاطمة الزهراء عبد الرحمن"


def _complete(client: FlaskClient, org: OrgWithKeys, signup_id: str, hours: object) -> dict:
    for status, extra in (("accepted", {}), ("completed", {"hours": hours})):
        response = client.patch(
            f"/api/v1/signups/{signup_id}", json={"status": status, **extra}, headers=org.auth
        )
        assert response.status_code == 200, response.json
    return response.json["data"]


def _certificate_link(signup_id: str) -> str:
    return "/v/certificate/" + volunteer_links.make_token(
        "test-secret-key", "certificate", signup_id
    )


def _pdf(client: FlaskClient, signup_id: str, lang: str) -> TestResponse:
    """The PDF as the certificate page's button for that language downloads it."""
    page = press_the_button(client, _certificate_link(signup_id)).get_data(as_text=True)
    action = next(
        f["action"] for f in elements(page, "form") if f["action"].endswith(f"/{lang}.pdf")
    )
    return client.post(action, data={"form_token": form_token(page)})


def _text(pdf: bytes) -> str:
    """What a reader copying the text gets (MuPDF orders Arabic runs logically)."""
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return "\n".join(page.get_text() for page in document)


@pytest.fixture
def completed(client: FlaskClient, session: Session, org: OrgWithKeys) -> tuple[Signup, dict]:
    signup = make_signup(session, org, make_task(session, org), name=ARABIC_NAME, locale="ar")
    return signup, _complete(client, org, signup.public_id, 12.5)


def test_the_admin_api_records_hours_and_answers_the_verification_link(
    completed: tuple[Signup, dict],
) -> None:
    _, data = completed
    assert data["status"] == "completed" and data["hours_contributed"] == 12.5
    assert data["certificate_url"].startswith("http://widgets.test/c/")


@pytest.mark.parametrize("hours", [None, 0, -1, 10001, "ten", True])
def test_completing_through_the_api_without_sane_hours_names_the_field(
    client: FlaskClient, session: Session, org: OrgWithKeys, hours: object
) -> None:
    signup = make_signup(session, org, make_task(session, org))
    client.patch(
        f"/api/v1/signups/{signup.public_id}", json={"status": "accepted"}, headers=org.auth
    )
    body = {"status": "completed"} | ({} if hours is None else {"hours": hours})
    response = client.patch(
        f"/api/v1/signups/{signup.public_id}",
        json=body,
        headers={**org.auth, "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"hours"}
    assert session.scalars(select(Certificate)).all() == []
    if hours is not None:  # a bad value is refused with any status, not silently dropped
        response = client.patch(
            f"/api/v1/signups/{signup.public_id}",
            json={"status": "declined", "hours": hours},
            headers=org.auth,
        )
        assert response.status_code == 422


def test_the_volunteer_downloads_a_pdf_in_arabic_stating_name_hours_and_link(
    client: FlaskClient, completed: tuple[Signup, dict]
) -> None:
    signup, data = completed
    shown = client.get(_certificate_link(signup.public_id))
    assert ARABIC_NAME not in shown.get_data(as_text=True)  # a link followed shows one button
    page = press_the_button(client, _certificate_link(signup.public_id))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'lang="ar"' in html and 'dir="rtl"' in html
    assert ARABIC_NAME in html and data["certificate_url"] in html
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get(_certificate_link(signup.public_id) + "/ar.pdf").status_code == 405

    response = _pdf(client, signup.public_id, "ar")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data)
    assert "شهادة تطوّع" in text  # shaped glyphs map back to the letters, in logical order
    assert ARABIC_NAME in text
    assert "ترجمة نشرتنا الإخبارية" in text
    assert "12.5" in text and data["certificate_url"] in text
    assert PdfReader(io.BytesIO(response.data)).metadata.title.endswith(ARABIC_NAME)


def test_the_english_and_french_pdfs_state_the_same_facts(
    client: FlaskClient, completed: tuple[Signup, dict]
) -> None:
    signup, data = completed
    english = _text(_pdf(client, signup.public_id, "en").data)
    assert "Certificate of Volunteering" in english and "Translate our newsletter" in english
    assert ARABIC_NAME in english and "12.5 hours" in english
    assert data["certificate_url"] in english
    french = PdfReader(io.BytesIO(_pdf(client, signup.public_id, "fr").data))
    words = french.pages[0].extract_text()
    assert "Certificat de bénévolat" in words and "12,5" in words


def test_the_verification_page_confirms_what_the_certificate_states_in_each_language(
    client: FlaskClient, completed: tuple[Signup, dict]
) -> None:
    _, data = completed
    path = data["certificate_url"].removeprefix("http://widgets.test")
    english = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Genuine certificate" in english and ARABIC_NAME in english
    assert "Translate our newsletter" in english and "12.5" in english
    arabic = client.get(path + "?locale=ar").get_data(as_text=True)
    assert "ترجمة نشرتنا الإخبارية" in arabic and 'dir="rtl"' in arabic
    french = client.get(path, headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert "Certificat authentique" in french and "12,5" in french


def test_undoing_the_completion_withdraws_the_certificate_everywhere(
    client: FlaskClient, org: OrgWithKeys, completed: tuple[Signup, dict]
) -> None:
    signup, data = completed
    moved = client.patch(
        f"/api/v1/signups/{signup.public_id}", json={"status": "accepted"}, headers=org.auth
    )
    assert moved.json["data"]["certificate_url"] is None
    path = data["certificate_url"].removeprefix("http://widgets.test")
    page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This certificate was withdrawn" in page and "Genuine certificate" not in page
    link = _certificate_link(signup.public_id)
    page = press_the_button(client, link)
    assert page.status_code == 404 and 'lang="ar"' in page.text and "<form" not in page.text


def test_an_unknown_code_or_a_tampered_link_answers_in_the_visitors_language(
    client: FlaskClient, completed: tuple[Signup, dict]
) -> None:
    signup, _ = completed
    unknown = client.get("/c/NoSuchCode123", headers={"Accept-Language": "ar"})
    assert unknown.status_code == 404
    assert "لم يُعثر على الشهادة" in unknown.get_data(as_text=True)
    assert client.get("/c/" + "x" * 300).status_code == 404
    tampered = client.post(_certificate_link(signup.public_id)[:-2] + "xx/fr.pdf?locale=fr")
    assert tampered.status_code in (400, 404)
    other_action = "/v/certificate/" + volunteer_links.make_token(
        "test-secret-key", "withdraw", signup.public_id
    )
    refused = client.get(other_action, headers={"Accept-Language": "fr"})
    assert refused.status_code == 400 and "Ce lien ne peut pas être utilisé" in refused.get_data(
        as_text=True
    )


def test_the_completed_email_carries_the_certificate_link(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    signup = make_signup(session, org, make_task(session, org), email="done@example.org")
    _complete(client, org, signup.public_id, 3)
    mail_worker.run_once()
    [message] = [m for m in smtp_sink.to("done@example.org") if "certificate" in m["Subject"]]
    text = message.get_body(("plain",)).get_content()
    assert "3 hours" in text
    link = next(w for w in text.split() if w.startswith("http://widgets.test/v/certificate/"))
    page = press_the_button(client, link.removeprefix("http://widgets.test"))
    assert page.status_code == 200 and "/en.pdf" in page.get_data(as_text=True)


def test_the_admin_panel_asks_for_hours_and_shows_them_with_the_certificate_and_in_the_export(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))
    task = make_task(session, org)
    one, two = (make_signup(session, org, task, name=n) for n in ("Rima Haddad", "Omar Said"))
    for signup in (one, two):
        post(client, f"/admin/volunteers/{signup.public_id}/status", {"status": "accepted"})

    missing = post(client, f"/admin/volunteers/{one.public_id}/status", {"status": "completed"})
    assert missing.status_code == 422 and "This field is required." in missing.get_data(
        as_text=True
    )
    bulk = {"signup": [one.public_id, two.public_id], "status": "completed", "hours": ""}
    refused = post(client, "/admin/volunteers/bulk", bulk, follow_redirects=True)
    assert "Hours contributed: This field is required." in refused.get_data(as_text=True)
    assert session.scalars(select(Certificate)).all() == []

    post(client, "/admin/volunteers/bulk", {**bulk, "hours": "7.5"})
    detail = client.get(f"/admin/volunteers/{one.public_id}").get_data(as_text=True)
    (code,) = session.scalars(select(Certificate.code).where(Certificate.signup_id == one.id))
    assert "7.5" in detail and f"http://widgets.test/c/{code}" in detail
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/volunteers/export.csv").text[1:])))
    assert {r["name"]: r["hours_contributed"] for r in rows} == {
        "Rima Haddad": "7.5",
        "Omar Said": "7.5",
    }
