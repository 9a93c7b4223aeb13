"""Alert pages: subscribing without JavaScript, double opt-in by the emailed link, and
unsubscribing in one click (RFC 8058), through a real SMTP server."""

from __future__ import annotations

import base64
import html
import json
import re
import time
from datetime import timedelta
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, post, sign_in
from tests.factories import OrgWithKeys, make_task, task_payload
from tests.pages import press_the_button
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import (
    AlertFrequency,
    AlertSubscription,
    OutboxMessage,
    PendingAlertRequest,
    Role,
)
from widget_server.services.inputs import form_tokens
from widget_server.services.personal_data import privacy
from widget_server.services.task_alerts import alert_links, alert_matching, alerts
from widget_server.services.task_alerts.alert_input import AlertRequest, read_request
from widget_server.web.rate_limits import limiter
from widget_server.worker.worker_loop import Worker

SECRET = "test-secret-key"


def _token(organization_id: int, age: float = 10.0) -> str:
    return form_tokens.make_token(SECRET, organization_id, "alerts", now=time.time() - age)


def _subscribe(
    client: FlaskClient, org: OrgWithKeys | None, locale: str = "en", **fields: object
) -> object:
    data: dict[str, object] = {
        "form_token": _token(org.organization.id if org else 0),
        "email": "reader@example.org",
        "frequency": "immediate",
        **fields,
    }
    path = f"/o/{org.organization.slug}/alerts" if org else "/alerts"
    return client.post(f"{path}?locale={locale}", data=data)


def _link(message: EmailMessage, prefix: str) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(re.escape(prefix) + r"\S+", text)
    assert found, text
    return found.group(0).removeprefix("http://widgets.test")


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AlertSubscription)) or 0


def test_hosted_pages_offer_the_form_and_it_works_without_javascript(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    hosted = client.get(f"/o/{org.organization.slug}?locale=fr")
    assert f'href="/o/{org.organization.slug}/alerts?locale=fr"' in hosted.text

    page = client.get(f"/o/{org.organization.slug}/alerts?locale=ar")

    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert "<script" not in page.text.split("</head>")[1]
    assert 'name="categories" value="translation"' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/alerts?locale=en").status_code == 200


def test_bad_fields_are_named_in_the_visitors_language_and_nothing_is_queued(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    page = _subscribe(
        client, org, "ar", email="nope", max_hours="200", frequency="hourly", categories="x"
    )

    assert page.status_code == 422
    assert 'id="f-email-error"' in page.text and 'id="f-max_hours-error"' in page.text
    assert 'id="f-frequency-error"' in page.text and 'id="f-categories-error"' in page.text
    assert "يُرجى إدخال عنوان بريد إلكتروني صالح" in page.text
    assert 'value="nope"' in page.text  # what was typed stays
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_form_sent_too_fast_or_with_the_honeypot_filled_sends_nothing(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    # The form asks for an hour here, so "too fast" holds however slow the machine is.
    app.config["FORM_MIN_SECONDS"] = 3600
    fast = _subscribe(client, org, form_token=_token(org.organization.id, age=0.1))
    app.config["FORM_MIN_SECONDS"] = 2
    bot = _subscribe(client, org, website="http://spam.example")

    assert fast.status_code == 400 and "very quick" in fast.text
    assert bot.status_code == 200 and "Check your email" in bot.text
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_subscribing_sends_only_a_confirmation_and_the_link_creates_the_subscription(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    page = _subscribe(
        client, org, "fr", categories=["translation", "video"], skills="Arabic، design",
        languages=["ar"], max_hours="5",
    )  # fmt: skip
    assert page.status_code == 200 and "Consultez vos e-mails" in page.text
    assert _count(session) == 0  # nothing stored before the address is confirmed
    make_task(session, org)
    alert_matching.enqueue_immediate(session, now=utcnow())
    mail_worker.run_once()

    [confirmation] = smtp_sink.to("reader@example.org")  # only the confirmation
    assert "List-Unsubscribe" not in confirmation
    assert "Traduction" in confirmation.get_body(("plain",)).get_content()
    link = _link(confirmation, "http://widgets.test/alerts/confirm/")
    shown = client.get(link)  # as a mail scanner would: nothing happens
    assert shown.status_code == 200 and "Démarrer mes alertes" in shown.text
    assert _count(session) == 0
    done = press_the_button(client, link)

    assert done.status_code == 200 and 'lang="fr"' in done.text
    row = session.scalar(select(AlertSubscription))
    assert row is not None
    assert (row.email, row.categories, row.skills, row.languages, row.max_hours) == (
        "reader@example.org", ["translation", "video"], ["Arabic", "design"], ["ar"], 5
    )  # fmt: skip
    assert row.locale == "fr" and row.organization_id == org.organization.id


def test_asking_again_answers_the_same_and_confirming_updates_the_one_subscription(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:  # fmt: skip
    first = _subscribe(client, org)
    mail_worker.run_once()
    press_the_button(client, _confirm_link(smtp_sink, 0))

    second = _subscribe(client, org, frequency="weekly")
    mail_worker.run_once()
    press_the_button(client, _confirm_link(smtp_sink, 1))

    assert first.text == second.text.replace(
        _form_token_in(second.text), _form_token_in(first.text)
    )
    assert _count(session) == 1
    assert session.scalar(select(AlertSubscription.frequency)).value == "weekly"


def _confirm_link(smtp_sink: SmtpSink, index: int) -> str:
    message = smtp_sink.to("reader@example.org")[index]
    return _link(message, "http://widgets.test/alerts/confirm/")


def _request(org: OrgWithKeys, email: str) -> AlertRequest:
    return AlertRequest(
        email=email, organization_id=org.organization.id, categories=(), skills=(),
        languages=(), max_hours=None, frequency=AlertFrequency.WEEKLY, locale="ar",
    )  # fmt: skip


def _form_token_in(text: str) -> str:
    found = re.search(r'name="form_token" value="([^"]*)"', text)
    return found.group(1) if found else ""


def test_a_tampered_or_expired_confirm_link_answers_in_the_visitors_language_and_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    alerts.request_subscription(session, _request(org, "reader@example.org"), org.organization)
    pending = session.scalar(select(PendingAlertRequest))
    token = alert_links.make_confirm_token(SECRET, pending.public_id)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    eight_days_ago = time.time() - 8 * 24 * 3600
    expired = alert_links.make_confirm_token(SECRET, pending.public_id, issued_at=eight_days_ago)

    bad = client.get(f"/alerts/confirm/{tampered}?locale=ar")
    late = client.get(f"/alerts/confirm/{expired}?locale=fr")

    assert bad.status_code == 400 and "هذا الرابط غير صالح" in bad.text
    assert late.status_code == 400 and "Ce lien a expiré" in late.text
    assert "remplissez à nouveau le formulaire" in late.text  # the alert's own advice
    assert "املأ النموذج مرة أخرى" not in bad.text  # a broken link gets the general advice
    assert _count(session) == 0
    assert press_the_button(client, f"/alerts/confirm/{token}?locale=fr").status_code == 200
    assert _count(session) == 1
    assert client.get("/alerts/unsubscribe/nonsense?locale=fr").status_code == 400


def _alert_email(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink, worker: Worker
) -> EmailMessage:
    _subscribe(client, org, "ar")
    worker.run_once()
    press_the_button(client, _confirm_link(smtp_sink, 0))
    task = make_task(session, org)
    task.published_at = utcnow() + timedelta(seconds=1)
    session.commit()
    alert_matching.enqueue_immediate(session, now=utcnow() + timedelta(seconds=2))
    worker.run_once()
    return smtp_sink.to("reader@example.org")[-1]


def test_alert_emails_carry_one_click_unsubscribe_headers_and_a_link_in_the_body(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:  # fmt: skip
    alert = _alert_email(client, session, org, smtp_sink, mail_worker)

    assert "ترجمة نشرتنا الإخبارية" in alert["Subject"]
    header = str(alert["List-Unsubscribe"])
    assert header.startswith("<http://widgets.test/alerts/unsubscribe/") and header.endswith(">")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = alert.get_body(("html",)).get_content()
    assert header[1:-1].replace("&", "&amp;") in html
    assert f"http://widgets.test/o/{org.organization.slug}/tasks/" in html

    # RFC 8058: the mail client POSTs this body, with no cookie and no form token.
    url = header[1:-1].removeprefix("http://widgets.test")
    asked = client.get(url)
    assert asked.status_code == 200 and _count(session) == 1  # GET only asks
    done = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and 'dir="rtl"' in done.text
    assert _count(session) == 0
    again = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200 and _count(session) == 0


def test_alert_form_posts_are_rate_limited_per_address(app: Flask, org: OrgWithKeys) -> None:
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMIT_SIGNUP_PER_IP="2 per minute")
    limiter.init_app(app)
    client = app.test_client()
    answers = [_subscribe(client, org, email=f"r{n}@example.org").status_code for n in range(3)]

    assert answers == [200, 200, 429]


def test_the_form_can_be_framed_by_the_organizations_sites_with_its_publishable_key(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    query = f"key={org.publishable}&locale=ar&parent=https://ngo.example&instance=a1"
    page = client.get(f"/embed/v1/alerts?{query}")

    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://ngo.example" in policy
    assert 'data-parent-origin="https://ngo.example"' in page.text
    assert f'action="/embed/v1/alerts?locale=ar&amp;key={org.publishable}' in page.text
    sent = client.post(
        f"/embed/v1/alerts?{query}",
        data={"form_token": _token(org.organization.id), "email": "a@example.org",
              "frequency": "weekly"},
    )  # fmt: skip
    assert sent.status_code == 200 and "تحقق من بريدك الإلكتروني" in sent.text
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert client.get("/embed/v1/alerts?key=vw_pk_nonsense").status_code == 401


def test_the_dashboard_counts_the_organizations_subscribers_without_naming_them(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    for email in ("one@example.org", "two@example.org"):
        request = read_request(
            {"email": email, "frequency": "weekly"},
            organization_id=org.organization.id,
            locale="en",
        )
        alerts.confirm(session, request)
    sign_in(client, add_member(session, org, "viewer@example.org", Role.VIEWER))

    page = client.get("/admin/dashboard?locale=en").get_data(as_text=True)

    assert re.search(r'ad-stat">2</span>\s*people get email alerts of new tasks', page)
    assert "one@example.org" not in page


def test_an_owner_erasing_a_person_sees_and_erases_their_subscription(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    request = read_request(
        {"email": "canary@example.org", "frequency": "immediate"},
        organization_id=org.organization.id,
        locale="en",
    )
    alerts.confirm(session, request)
    sign_in(client, add_member(session, org, "owner@example.org", Role.OWNER))

    preview = post(client, "/admin/privacy/erase?locale=en", {"email": "canary@example.org"})
    assert "1 subscription to alerts of new tasks" in preview.get_data(as_text=True)
    assert _count(session) == 1
    done = post(client, "/admin/privacy/erase", {"email": "canary@example.org", "confirm": "yes"})

    assert done.status_code == 303 and _count(session) == 0


def test_the_embed_page_gives_the_alert_forms_iframe(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    sign_in(client, add_member(session, org, "editor@example.org", Role.EDITOR))

    page = client.get("/admin/embed?locale=en").get_data(as_text=True)

    shown = html.unescape(page)  # the textarea shows the snippet as text to copy
    src = f"http://widgets.test/embed/v1/alerts?key={org.publishable}&amp;locale=en"
    assert f'<iframe src="{src}" title="Email alerts for new tasks of' in shown
    assert "Email alerts for new tasks of" in page


def test_the_workers_scheduled_pass_sends_the_alert_of_a_task_published_in_the_panel_or_api(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:  # fmt: skip
    _subscribe(client, org, categories=["translation"])
    mail_worker.run_once()
    press_the_button(client, _confirm_link(smtp_sink, 0))
    draft = client.post(
        "/api/v1/tasks", json={**task_payload(), "status": "draft"}, headers=org.auth
    ).json["data"]
    mail_worker.queue_scheduled()
    mail_worker.run_once()
    assert len(smtp_sink.to("reader@example.org")) == 1  # a draft is not news

    client.patch(f"/api/v1/tasks/{draft['id']}", json={"status": "open"}, headers=org.auth)
    mail_worker.queue_scheduled()
    mail_worker.run_once()
    mail_worker.queue_scheduled()
    mail_worker.run_once()

    [alert] = smtp_sink.to("reader@example.org")[1:]
    assert alert["Subject"] == "New volunteer task: “Translate our newsletter”"
    assert (
        f"/o/{org.organization.slug}/tasks/{draft['id']}"
        in alert.get_body(("plain",)).get_content()
    )


def test_the_confirmation_link_names_the_request_by_an_opaque_id_only(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:  # fmt: skip
    _subscribe(client, org)
    mail_worker.run_once()

    token = _confirm_link(smtp_sink, 0).split("/alerts/confirm/")[1].split("?")[0]

    payload = token.split(".")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    pending = session.scalar(select(PendingAlertRequest))
    assert json.loads(readable) == pending.public_id
    assert "reader" not in readable and "example.org" not in readable


def test_a_request_left_unconfirmed_is_pruned_after_its_link_expires(
    client: FlaskClient, session: Session, org: OrgWithKeys, smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:  # fmt: skip
    _subscribe(client, org)
    mail_worker.run_once()
    link = _confirm_link(smtp_sink, 0)

    assert alerts.prune_pending(session, utcnow() - alerts.PENDING_LIFETIME) == 0
    assert alerts.prune_pending(session, utcnow() + timedelta(seconds=1)) == 1

    assert client.get(link).status_code == 400
    assert session.scalar(select(func.count()).select_from(PendingAlertRequest)) == 0
    assert _count(session) == 0


def test_erasing_an_address_erases_its_unconfirmed_alert_requests(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    _subscribe(client, org)

    privacy.erase_person(session, organization_id=org.organization.id, email="reader@example.org")

    assert session.scalar(select(func.count()).select_from(PendingAlertRequest)) == 0
