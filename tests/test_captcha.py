"""An operator's CAPTCHA hook (WIDGET_SERVER_CAPTCHA_CHECK) guards both ways of signing up."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pytest
from flask import Flask, Request
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server import create_app
from widget_server.models import Signup
from widget_server.services.inputs import form_tokens


def sky_colour_check(fields: Mapping[str, Any], request: Request) -> bool:
    """A tiny check: the answer comes as a form field (iframe) or a header (API)."""
    answer = fields.get("sky_colour") or request.headers.get("X-Sky-Colour")
    return answer == "blue"


def broken_check(fields: Mapping[str, Any], request: Request) -> bool:
    raise ConnectionError("the CAPTCHA service is down")


@pytest.fixture
def guarded(app: Flask) -> FlaskClient:
    app.config["CAPTCHA_CHECK"] = "tests.test_captcha:sky_colour_check"
    from widget_server.web import captcha

    captcha.init_app(app)
    return app.test_client()


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Signup))


def _form(org: OrgWithKeys, task_id: str, **extra: str) -> dict[str, str]:
    token = form_tokens.make_token(
        "test-secret-key", org.organization.id, task_id, now=time.time() - 10
    )
    return {
        "form_token": token,
        "name": "Rana",
        "email": "rana@example.org",
        "consent": "yes",
        **extra,
    }


def test_the_api_refuses_a_signup_the_check_refuses_and_keeps_nothing(
    guarded: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}&locale=fr"
    refused = guarded.post(url, json=signup_payload(), headers={"X-Sky-Colour": "green"})
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "captcha_failed"
    assert "personne" in refused.json["error"]["message"]
    assert _count(session) == 0
    passed = guarded.post(url, json=signup_payload(), headers={"X-Sky-Colour": "blue"})
    assert passed.status_code == 201
    assert _count(session) == 1


def test_the_iframe_form_shows_the_refusal_in_the_visitors_language_and_keeps_what_was_typed(
    guarded: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/embed/v1/tasks/{task.public_id}/signup?key={org.publishable}&locale=ar"
    page = guarded.post(url, data=_form(org, task.public_id, sky_colour="red"))
    assert page.status_code == 422
    assert 'dir="rtl"' in page.text and 'value="rana@example.org"' in page.text
    assert _count(session) == 0
    done = guarded.post(url, data=_form(org, task.public_id, sky_colour="blue"))
    assert done.status_code == 200
    assert _count(session) == 1


def test_without_the_setting_nothing_is_asked(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    assert client.post(url, json=signup_payload()).status_code == 201


def test_a_check_that_fails_refuses_rather_than_letting_everything_through(
    app: Flask, session: Session, org: OrgWithKeys, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["CAPTCHA_CHECK"] = "tests.test_captcha:broken_check"
    from widget_server.web import captcha

    captcha.init_app(app)
    task = make_task(session, org)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    response = app.test_client().post(url, json=signup_payload())
    assert response.status_code == 422 and response.json["error"]["code"] == "captcha_failed"
    assert "the CAPTCHA service is down" in caplog.text
    assert _count(session) == 0


def test_a_setting_that_names_nothing_stops_the_server_at_start(database_url: str) -> None:
    with pytest.raises(ImportError):
        create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "CAPTCHA_CHECK": "tests.test_captcha:no_such_check",
            }
        )
