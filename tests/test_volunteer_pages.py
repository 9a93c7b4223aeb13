"""The pages a volunteer reaches from their emails: confirm, withdraw, erase."""

from __future__ import annotations

import base64
import json
import re
import time

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload
from tests.pages import element, press_the_button
from widget_server.models import OutboxMessage, Signup, SignupStatus, Task
from widget_server.services.volunteering import volunteer_links

SECRET = "test-secret-key"


def _sign_up(client: FlaskClient, org: OrgWithKeys, task_id: str, **overrides: object) -> str:
    response = client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(**overrides),
    )
    assert response.status_code == 201, response.json
    return response.json["signup"]["id"]


def _signup(session: Session, public_id: str) -> Signup | None:
    session.expire_all()
    return session.scalar(select(Signup).where(Signup.public_id == public_id))


def _templates(session: Session) -> list[str]:
    session.expire_all()
    return [m.payload["template"] for m in session.scalars(select(OutboxMessage))]


def _form_token(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def test_confirm_link_moves_a_pending_signup_to_confirmed_once(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id)
    token = volunteer_links.make_token(SECRET, "confirm", signup_id)

    shown = client.get(f"/v/confirm/{token}?locale=en")
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]
    assert element(shown.text, "button", type="submit")
    first = press_the_button(client, f"/v/confirm/{token}?locale=en")
    again = press_the_button(client, f"/v/confirm/{token}?locale=en")

    assert first.status_code == again.status_code == 200
    assert "Email confirmed" in first.text
    assert "already confirmed" in again.text
    assert _signup(session, signup_id).status is SignupStatus.CONFIRMED  # type: ignore[union-attr]
    assert _templates(session).count("signup_received") == 1
    assert first.headers["Referrer-Policy"] == "no-referrer"
    assert first.headers["Cache-Control"] == "no-store"


def test_tampered_link_says_so_in_arabic_and_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id, locale="ar")
    token = volunteer_links.make_token(SECRET, "confirm", signup_id)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    page = client.get(f"/v/confirm/{tampered}?locale=ar")

    assert page.status_code == 400
    assert 'dir="rtl"' in page.text
    assert "هذا الرابط غير صالح" in page.text
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]


def test_expired_confirmation_link_says_so_and_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id)
    eight_days_ago = time.time() - 8 * 24 * 3600
    token = volunteer_links.make_token(SECRET, "confirm", signup_id, issued_at=eight_days_ago)

    page = client.get(f"/v/confirm/{token}?locale=fr")

    assert page.status_code == 400
    assert "Ce lien a expiré. Rien n’a été modifié." in page.text
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]


def test_link_made_for_one_action_cannot_do_another(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id)
    withdraw_token = volunteer_links.make_token(SECRET, "withdraw", signup_id)

    page = client.get(f"/v/erase/{withdraw_token}?locale=en")

    assert page.status_code == 400
    assert "This link is not valid" in page.text


def test_withdrawing_asks_first_then_frees_the_slot_and_tells_the_organization(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, admin_email="owner@ngo.example")
    task = make_task(session, org, capacity=2)
    signup_id = _sign_up(client, org, task.public_id)
    token = volunteer_links.make_token(SECRET, "withdraw", signup_id)
    url = f"/v/withdraw/{token}?locale=en"

    question = client.get(url)
    assert question.status_code == 200
    assert "Yes, withdraw" in question.text
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]

    done = client.post(url, data={"form_token": _form_token(question.text)})

    assert done.status_code == 200
    assert "You have withdrawn" in done.text
    signup = _signup(session, signup_id)
    assert signup is not None and signup.status is SignupStatus.WITHDRAWN
    assert not signup.holds_slot
    assert session.get(Task, task.id).taken == 0  # type: ignore[union-attr]
    assert "admin_withdrawn" in _templates(session)


def test_withdraw_post_without_the_pages_form_token_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id)
    token = volunteer_links.make_token(SECRET, "withdraw", signup_id)

    forged = client.post(f"/v/withdraw/{token}?locale=en", data={"form_token": "forged"})

    assert forged.status_code == 400
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]


def test_erasing_removes_the_signups_and_every_message_naming_the_volunteer(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, admin_email="owner@ngo.example")
    first_task, second_task = make_task(session, org), make_task(session, org)
    email = "canary.person@example.org"
    signup_id = _sign_up(client, org, first_task.public_id, email=email, name="Canary Person")
    _sign_up(client, org, second_task.public_id, email=email, name="Canary Person")
    other = _sign_up(client, org, second_task.public_id)
    token = volunteer_links.make_token(SECRET, "erase", signup_id)
    url = f"/v/erase/{token}?locale=en"

    question = client.get(url)
    done = client.post(url, data={"form_token": _form_token(question.text)})

    assert done.status_code == 200
    assert "Your data is erased" in done.text
    session.expire_all()
    assert session.scalars(select(Signup).where(Signup.email == email)).all() == []
    payloads = [str(m.payload) for m in session.scalars(select(OutboxMessage))]
    assert payloads and not any("Canary" in p or email in p for p in payloads)
    assert _signup(session, other) is not None
    again = client.get(url)
    assert "Sign-up not found" in again.text


def test_a_link_token_carries_only_opaque_ids_and_following_it_changes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup_id = _sign_up(client, org, make_task(session, org).public_id, email="layla@example.org")
    for action in ("confirm", "withdraw", "erase", "certificate"):
        token = volunteer_links.make_token(SECRET, action, signup_id)
        payload = token.split(".")[0]
        readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        assert json.loads(readable) == {"a": action, "s": signup_id}

        shown = client.get(f"/v/{action}/{token}?locale=en")

        assert shown.status_code == 200 and "layla@example.org" not in shown.text
        assert element(shown.text, "form", method="post")
    assert _signup(session, signup_id).status is SignupStatus.PENDING  # type: ignore[union-attr]
    assert _templates(session) == ["confirm_email"]
