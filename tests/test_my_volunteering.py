"""My volunteering over HTTP: asking for a link (same answer for unknown addresses, rate
limited), the emailed link through a real SMTP server (single use, expiry, tampering),
the session cookie, and the page's forms (CSRF, fields named in the reader's language)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from tests.pages import element, form_token
from tests.smtp_sink import SmtpSink
from tests.test_frames import form_data, signup_url
from widget_server.db import utcnow
from widget_server.models import (
    AlertFrequency,
    AlertSubscription,
    Organization,
    OutboxMessage,
    Signup,
    SignupStatus,
    VolunteerSignInLink,
)
from widget_server.services.inputs import form_tokens
from widget_server.services.volunteering import signups
from widget_server.web.rate_limits import limiter
from widget_server.worker.worker_loop import Worker

SECRET = "test-secret-key"
EMAIL = "layla@example.org"


def _ask(client: FlaskClient, email: str = EMAIL, locale: str = "en", **fields: str) -> object:
    token = form_tokens.make_token(SECRET, 0, "my-link", now=time.time() - 10)
    return client.post(
        f"/my/link?locale={locale}", data={"form_token": token, "email": email, **fields}
    )


def _two_sign_ups(session: Session) -> tuple[Signup, Signup]:
    first, second = make_org(session, name="Sawa Aid"), make_org(session, name="Nour Books")
    return (
        make_signup(session, first, make_task(session, first), email=EMAIL),
        make_signup(session, second, make_task(session, second), email=EMAIL.upper()),
    )


def _sign_in_emails(smtp_sink: SmtpSink, to: str = EMAIL) -> list[EmailMessage]:
    return [m for m in smtp_sink.to(to) if "/my/sign-in/" in m.get_body(("plain",)).get_content()]


def _emailed_link(smtp_sink: SmtpSink, worker: Worker, to: str = EMAIL) -> str:
    worker.run_once()
    text = _sign_in_emails(smtp_sink, to)[-1].get_body(("plain",)).get_content()
    found = re.search(r"http://widgets\.test(/my/sign-in/\S+)", text)
    assert found, text
    return found.group(1)


def _sign_in(client: FlaskClient, link: str) -> object:
    shown = client.get(link)
    assert shown.status_code == 200, shown.text[:300]
    action = element(shown.text, "form", method="post")["action"]
    return client.post(action, data={"form_token": form_token(shown.text)})


def _signed_in(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, worker: Worker
) -> tuple[Signup, Signup]:
    mine = _two_sign_ups(session)
    _ask(client)
    answer = _sign_in(client, _emailed_link(smtp_sink, worker))
    assert answer.status_code == 303
    return mine


def test_the_answer_is_the_same_for_known_and_unknown_addresses_and_only_known_get_mail(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    _two_sign_ups(session)
    known = _ask(client, EMAIL, "fr")
    unknown = _ask(client, "stranger@example.org", "fr")

    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text and "Consultez vos e-mails" in known.text
    mail_worker.run_once()
    assert smtp_sink.to("stranger@example.org") == []
    [message] = _sign_in_emails(smtp_sink)
    assert "Mon bénévolat" in str(message["Subject"])


def test_a_bad_address_is_named_in_the_readers_language_and_nothing_is_queued(
    client: FlaskClient, session: Session
) -> None:
    page = _ask(client, "nope", "ar")

    assert page.status_code == 422 and 'dir="rtl"' in page.text
    assert 'id="f-email-error"' in page.text and "عنوان بريد إلكتروني صالح" in page.text
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_asking_is_rate_limited_per_address_and_per_client(app: Flask, session: Session) -> None:
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_MY_LINK_PER_ADDRESS="2 per minute",
        RATE_LIMIT_MY_LINK_PER_IP="4 per minute",
    )
    limiter.init_app(app)
    client = app.test_client()

    same = [_ask(client, "A@example.org").status_code for _ in range(3)]
    others = [_ask(client, f"r{n}@example.org").status_code for n in range(3)]

    assert same == [200, 200, 429]
    assert others == [200, 200, 429]  # the client's 4 per minute are spent


def test_the_link_signs_in_once_then_says_used_with_a_way_to_ask_again(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    _two_sign_ups(session)
    _ask(client, locale="ar")
    link = _emailed_link(smtp_sink, mail_worker)
    shown = client.get(link)  # as a mail scanner would: the link is not spent
    assert shown.status_code == 200 and client.get(link).status_code == 200

    signed_in = client.post(
        element(shown.text, "form", method="post")["action"],
        data={"form_token": form_token(shown.text)},
    )
    assert signed_in.status_code == 303 and signed_in.location.endswith("/my?locale=ar")
    cookie = signed_in.headers["Set-Cookie"]
    assert "vw_my=" in cookie and "Path=/my" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie and "Secure" not in cookie  # PUBLIC_URL is http here

    again = client.get(link)
    assert again.status_code == 410 and 'lang="ar"' in again.text
    assert "/my/link" in again.text and 'name="email"' in again.text
    assert "already used" in client.get(link.replace("locale=ar", "locale=en")).text


def test_an_expired_or_tampered_link_is_refused_in_the_readers_language(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    _two_sign_ups(session)
    _ask(client)
    link = _emailed_link(smtp_sink, mail_worker)
    token = link.split("/")[-1].split("?")[0]
    tampered = client.get(f"/my/sign-in/{token[:-2]}xx?locale=fr")
    assert tampered.status_code == 400 and "pas valide" in tampered.text

    session.execute(update(VolunteerSignInLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    expired = client.get(f"/my/sign-in/{token}?locale=fr")
    assert (
        expired.status_code == 410 and "expiré" in expired.text and 'name="email"' in expired.text
    )


def test_the_page_lists_both_organizations_and_never_another_volunteers_sign_ups(
    client: FlaskClient,
    session: Session,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
    org: OrgWithKeys,
) -> None:
    other = make_signup(session, org, make_task(session, org), email="someone@example.org")
    _signed_in(client, session, smtp_sink, mail_worker)

    page = client.get("/my?locale=en")

    assert page.status_code == 200 and "Sawa Aid" in page.text and "Nour Books" in page.text
    assert org.organization.name not in page.text and other.public_id not in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    # Someone else's sign-up id in the form is unknown, and changes nothing.
    refused = client.post(
        f"/my/signups/{other.public_id}/withdraw", data={"form_token": form_token(page.text)}
    )
    assert refused.status_code == 404
    session.expire_all()
    assert session.get(Signup, other.id).status is not SignupStatus.WITHDRAWN  # type: ignore[union-attr]


def test_withdrawing_and_changing_the_time_zone_from_the_page(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    first, second = _signed_in(client, session, smtp_sink, mail_worker)
    page = client.get("/my?locale=en")
    token = form_token(page.text)

    withdrawn = client.post(
        f"/my/signups/{first.public_id}/withdraw?locale=en", data={"form_token": token}
    )
    assert withdrawn.status_code == 303
    assert "withdrawn" in client.get(withdrawn.location).text
    zone = client.post(
        "/my/time-zone?locale=en", data={"form_token": token, "timezone": "Asia/Beirut"}
    )
    assert zone.status_code == 303

    session.expire_all()
    rows = [session.get(Signup, s.id) for s in (first, second)]
    assert [r.status for r in rows] == [SignupStatus.WITHDRAWN, second.status]  # type: ignore[union-attr]
    assert {r.timezone for r in rows} == {"Asia/Beirut"}  # type: ignore[union-attr]


def test_bad_input_on_the_page_names_the_field_and_changes_nothing(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    first, _ = _signed_in(client, session, smtp_sink, mail_worker)
    token = form_token(client.get("/my?locale=fr").text)

    zone = client.post("/my/time-zone?locale=fr", data={"form_token": token, "timezone": "Mars/X"})
    hours = client.post(
        "/my/availability?locale=fr",
        data={"form_token": token, "w0_days": "1", "w0_from": "25:00", "w0_to": "21:00"},
    )
    erase = client.post("/my/erase?locale=fr", data={"form_token": token})
    forged = client.post("/my/time-zone?locale=fr", data={"form_token": "x", "timezone": "UTC"})

    assert zone.status_code == 422 and 'id="f-timezone-error"' in zone.text
    assert hours.status_code == 422 and 'id="f-w0_from-error"' in hours.text
    assert erase.status_code == 422 and 'id="f-confirm-error"' in erase.text
    assert forged.status_code == 400 and "formulaire" in forged.text
    session.expire_all()
    assert session.get(Signup, first.id).timezone is None  # type: ignore[union-attr]


def test_export_erasure_and_sign_out(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    first, second = _signed_in(client, session, smtp_sink, mail_worker)
    token = form_token(client.get("/my").text)

    exported = client.post("/my/export", data={"form_token": token})
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert {o["organization"] for o in exported.json["organizations"]} == {"Sawa Aid", "Nour Books"}

    signed_out = client.post("/my/sign-out", data={"form_token": token})
    assert signed_out.status_code == 200
    assert 'name="email"' in client.get("/my").text  # the form to ask again, not the page
    ended = client.post("/my/export", data={"form_token": token})
    assert ended.status_code == 401

    _ask(client)
    _sign_in(client, _emailed_link(smtp_sink, mail_worker))
    token = form_token(client.get("/my").text)
    erased = client.post("/my/erase", data={"form_token": token, "confirm": "yes"})
    assert erased.status_code == 200
    left = select(func.count()).select_from(Signup).where(Signup.id.in_([first.id, second.id]))
    assert session.scalar(left) == 0
    assert session.scalar(select(func.count()).select_from(VolunteerSignInLink)) == 0


def test_the_cookie_is_secure_when_the_public_url_is_https(
    app: Flask, client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True
    _two_sign_ups(session)
    _ask(client)
    answer = _sign_in(client, _emailed_link(smtp_sink, mail_worker))
    assert "Secure" in answer.headers["Set-Cookie"]


def test_the_page_shows_hours_the_certificate_the_next_session_and_alerts_to_stop(
    client: FlaskClient, session: Session, smtp_sink: SmtpSink, mail_worker: Worker
) -> None:
    first, second = _signed_in(client, session, smtp_sink, mail_worker)
    organization = session.get(Organization, first.organization_id)
    assert organization is not None
    signups.change_status(session, organization, first.public_id, "accepted")
    signups.change_status(session, organization, first.public_id, "completed", hours=12.5)
    fixed = make_task(
        session, organization, schedule="fixed", timezone="Asia/Riyadh",
        starts_at="2030-01-14T19:00:00+03:00", ends_at="2030-01-14T21:00:00+03:00",
    )  # fmt: skip
    holder = OrgWithKeys(organization, "", "")  # make_signup reads only the organization
    make_signup(session, holder, fixed, email=EMAIL, timezone="Asia/Kolkata")
    session.add(
        AlertSubscription(
            public_id="als_mine", scope="server", organization_id=None, email=EMAIL,
            locale="en", frequency=AlertFrequency.IMMEDIATE,
        )
    )  # fmt: skip
    session.commit()

    page = client.get("/my?locale=en")

    assert "12.5" in page.text and "/v/certificate/" in page.text
    assert "21:30" in page.text  # 19:00 in Riyadh is 21:30 in Kolkata, the volunteer's zone
    assert "An email for each new task of every organization on this server" in page.text
    stopped = client.post(
        "/my/alerts/als_mine/stop?locale=en", data={"form_token": form_token(page.text)}
    )
    assert stopped.status_code == 303
    assert session.scalar(select(func.count()).select_from(AlertSubscription)) == 0
    assert "You have no alerts." in client.get(stopped.location).text


def test_every_hosted_page_offers_the_link_form(client: FlaskClient, org: OrgWithKeys) -> None:
    page = client.get(f"/o/{org.organization.slug}?locale=fr")

    assert 'action="/my/link?locale=fr"' in page.text and "Mon bénévolat" in page.text


def test_the_sign_up_forms_result_links_to_my_volunteering_in_a_new_tab(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    done = client.post(signup_url(org, task, locale="ar"), data=form_data(org, task))

    assert done.status_code == 200
    link = element(done.text, "a", href="/my?locale=ar")
    assert link["target"] == "_blank" and link["rel"] == "noopener"
