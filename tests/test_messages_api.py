"""The admin API's messages: a sign-up's conversation, the organization's list, and writing
to one volunteer or a set; refusals name the field and store and send nothing."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from widget_server.models import AuditEntry, Message, OutboxMessage, Signup, Task
from widget_server.services.messaging import answers, message_text
from widget_server.services.volunteering import signups


def _accepted(session: Session, org: OrgWithKeys, task: Task, **fields: Any) -> Signup:
    signup = make_signup(session, org, task, **fields)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def _stored(session: Session) -> tuple[int, int]:
    session.expire_all()
    messages = session.scalar(select(func.count()).select_from(Message)) or 0
    emails = session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.payload["template"].as_string() == "volunteer_message")
    )
    return messages, emails or 0


def test_write_to_one_volunteer_and_read_the_conversation(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = _accepted(session, org, task, name="Layla")
    url = f"/api/v1/signups/{signup.public_id}/messages"

    sent = client.post(url, json={"body": "Hello {name}, welcome to {task}."}, headers=org.auth)

    assert sent.status_code == 201, sent.json
    [message] = sent.json["data"]
    assert message["signup_id"] == signup.public_id
    assert message["direction"] == "out"
    assert message["body"].startswith("Hello Layla, welcome to Translate our")
    assert message["id"].startswith("msg_") and message["read_at"] is None
    email = session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert email is not None and email.payload["context"]["message_id"] == message["id"]
    assert email.payload["context"]["reply_to"] is None
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "message.send"))
    assert entry is not None and entry.api_key_id is not None and entry.user_id is None

    answers.receive_answer(session, signup.public_id, "Thanks, when do we start?")
    listed = client.get(url, headers=org.auth)
    assert listed.status_code == 200
    assert [m["direction"] for m in listed.json["data"]] == ["out", "in"]
    assert listed.json["next_cursor"] is None

    first = client.get(f"{url}?limit=1", headers=org.auth)
    assert [m["direction"] for m in first.json["data"]] == ["out"]
    rest = client.get(f"{url}?limit=1&cursor={first.json['next_cursor']}", headers=org.auth)
    assert [m["body"] for m in rest.json["data"]] == ["Thanks, when do we start?"]
    assert rest.json["next_cursor"] is None


def test_write_to_a_tasks_volunteers_by_status_or_by_ids(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    accepted = [_accepted(session, org, task) for _ in range(2)]
    pending = make_signup(session, org, task)

    by_task = client.post(
        "/api/v1/messages",
        json={"body": "See you Monday.", "task": task.public_id, "statuses": ["accepted"]},
        headers=org.auth,
    )
    assert by_task.status_code == 201, by_task.json
    assert {m["signup_id"] for m in by_task.json["data"]} == {s.public_id for s in accepted}
    assert len({m["batch_id"] for m in by_task.json["data"]}) == 1

    by_ids = client.post(
        "/api/v1/messages",
        json={"body": "Only you.", "signup_ids": [accepted[0].public_id, pending.public_id]},
        headers=org.auth,
    )
    assert by_ids.status_code == 201
    assert [m["signup_id"] for m in by_ids.json["data"]] == [accepted[0].public_id]

    outgoing = client.get("/api/v1/messages?direction=out", headers=org.auth)
    assert len(outgoing.json["data"]) == 3
    mine = client.get(f"/api/v1/messages?signup={accepted[1].public_id}", headers=org.auth)
    assert [m["body"] for m in mine.json["data"]] == ["See you Monday."]
    assert client.get("/api/v1/messages?direction=in", headers=org.auth).json["data"] == []


def _refused(
    client: FlaskClient, session: Session, url: str, payload: Any, headers: dict[str, str]
) -> Any:
    before = _stored(session)
    response = client.post(url, json=payload, headers=headers)
    assert _stored(session) == before
    return response


def test_bad_messages_name_the_field_and_store_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = _accepted(session, org, task)
    one = f"/api/v1/signups/{signup.public_id}/messages"
    too_long = "x" * (message_text.MAX_BODY + 1)

    for payload, field in [
        ({"body": "   "}, "body"),
        ({}, "body"),
        ({"body": too_long}, "body"),
        ({"body": "Hi\x07"}, "body"),
        ({"body": "Hi", "other": 1}, "other"),
    ]:
        response = _refused(client, session, one, payload, org.auth)
        assert response.status_code == 422, payload
        assert field in response.json["error"]["fields"], response.json
    empty = _refused(client, session, f"{one}?locale=fr", {"body": ""}, org.auth)
    assert empty.json["error"]["fields"]["body"] == "Ce champ est obligatoire."

    for payload, field in [
        ({"body": "Hi"}, "recipients"),
        ({"body": "Hi", "signup_ids": []}, "recipients"),
        ({"body": "Hi", "signup_ids": [signup.public_id], "task": task.public_id}, "recipients"),
        ({"body": "Hi", "task": task.public_id}, "statuses"),
        ({"body": "Hi", "task": task.public_id, "statuses": ["gone"]}, "statuses"),
        ({"body": "Hi", "task": task.public_id, "statuses": ["pending"]}, "recipients"),
        ({"body": "", "signup_ids": [signup.public_id]}, "body"),
    ]:
        response = _refused(client, session, "/api/v1/messages", payload, org.auth)
        assert response.status_code == 422, (payload, response.json)
        assert field in response.json["error"]["fields"], (payload, response.json)


def test_closed_and_foreign_signups_are_refused(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    mine = _accepted(session, org, task)
    withdrawn = _accepted(session, org, task)
    signups.change_status(session, org.organization, withdrawn.public_id, "withdrawn")
    other = make_org(session)
    foreign_task = make_task(session, other)
    foreign = _accepted(session, other, foreign_task)

    closed = _refused(
        client,
        session,
        f"/api/v1/signups/{withdrawn.public_id}/messages",
        {"body": "Hi"},
        org.auth,
    )
    assert closed.status_code == 422
    assert closed.json["error"]["fields"] == {
        "recipients": closed.json["error"]["fields"]["recipients"]
    }

    for url, payload, code in [
        (f"/api/v1/signups/{foreign.public_id}/messages", {"body": "Hi"}, "signup_not_found"),
        (
            "/api/v1/messages",
            {"body": "Hi", "signup_ids": [mine.public_id, foreign.public_id]},
            "signup_not_found",
        ),
        (
            "/api/v1/messages",
            {"body": "Hi", "task": foreign_task.public_id, "statuses": ["accepted"]},
            "task_not_found",
        ),
    ]:
        response = _refused(client, session, url, payload, org.auth)
        assert response.status_code == 404, (url, response.json)
        assert response.json["error"]["code"] == code

    assert (
        client.get(f"/api/v1/signups/{foreign.public_id}/messages", headers=org.auth).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/messages?signup={foreign.public_id}", headers=org.auth).status_code
        == 404
    )
    assert client.get("/api/v1/messages?direction=sideways", headers=org.auth).status_code == 422
    assert client.get("/api/v1/messages?cursor=!!", headers=org.auth).status_code == 422


def test_messages_need_the_secret_key(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org, make_task(session, org))
    url = f"/api/v1/signups/{signup.public_id}/messages"
    assert client.post(url, json={"body": "Hi"}).status_code == 401
    assert client.get("/api/v1/messages").status_code == 401
    assert _stored(session) == (0, 0)
