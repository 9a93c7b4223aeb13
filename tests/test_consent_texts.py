"""Consent texts are versioned: the form shows the current one, each sign-up records it."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from tests.test_frames import form_data, page, signup_url
from tests.test_openapi import assert_matches_document, send
from widget_server.models import Signup
from widget_server.services.personal_data import consent

NOTICE_V1 = "We keep your details for two years.\nWrite to privacy@ngo.example to erase them."
NOTICE_V2 = "We keep your details for one year."


def _set(client: FlaskClient, org: OrgWithKeys, locale: str, text: str) -> dict:
    request, response = send(
        client,
        "PUT",
        f"/api/v1/privacy/consent-texts/{locale}",
        json={"text": text},
        headers=org.auth,
    )
    assert response.status_code == 200, response.json
    assert_matches_document(request, response)
    return response.json["data"]


def _sign_up(client: FlaskClient, org: OrgWithKeys, task_id: str, locale: str = "en") -> Signup:
    response = client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(locale=locale),
    )
    assert response.status_code == 201
    return response.json["signup"]["id"]


def test_signups_record_the_builtin_version_until_the_organization_writes_its_own(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    first = _sign_up(client, org, task.public_id)
    v1 = _set(client, org, "en", NOTICE_V1)
    second = _sign_up(client, org, task.public_id)
    arabic = _sign_up(client, org, task.public_id, locale="ar")
    v2 = _set(client, org, "en", NOTICE_V2)
    third = _sign_up(client, org, task.public_id)

    versions = {s.public_id: s.consent_version for s in session.scalars(select(Signup))}
    assert versions == {
        first: consent.BUILTIN_VERSION,
        second: v1["version"],
        arabic: consent.BUILTIN_VERSION,
        third: v2["version"],
    }
    assert v1["version"] == consent.version_of(NOTICE_V1) != v2["version"]
    assert v1["version"].startswith("sha256:")


def test_setting_an_earlier_text_again_makes_its_version_current_again(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    v1 = _set(client, org, "fr", NOTICE_V1)
    _set(client, org, "fr", NOTICE_V2)
    again = _set(client, org, "fr", NOTICE_V1)

    assert again["version"] == v1["version"]
    request, response = send(client, "GET", "/api/v1/privacy/consent-texts", headers=org.auth)
    assert_matches_document(request, response)
    assert [t["text"] for t in response.json["data"]] == [NOTICE_V1, NOTICE_V2]
    assert response.json["builtin_version"] == consent.BUILTIN_VERSION


def test_the_signup_form_shows_the_current_text_and_records_its_version(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    assert "uses them only to contact you" in page(client.get(signup_url(org, task)))
    v1 = _set(client, org, "en", NOTICE_V1)

    html = page(client.get(signup_url(org, task)))
    assert "We keep your details for two years." in html
    assert "Write to privacy@ngo.example to erase them." in html
    assert "uses them only to contact you" not in html
    # Other languages keep the built-in notice until they get their own.
    assert "uses them only to contact you" not in page(
        client.get(signup_url(org, task, locale="ar"))
    )
    client.post(signup_url(org, task), data=form_data(org, task))
    assert session.scalar(select(Signup.consent_version)) == v1["version"]


def test_an_empty_or_too_long_text_and_an_unknown_locale_are_refused(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    for locale, body in [
        ("en", {"text": " "}),
        ("en", {"text": "x" * 5001}),
        ("de", {"text": "Hallo"}),
    ]:
        request, response = send(
            client, "PUT", f"/api/v1/privacy/consent-texts/{locale}", json=body, headers=org.auth
        )
        assert response.status_code == 422
        assert_matches_document(request, response, document_accepts_request=False)
