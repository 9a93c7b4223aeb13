"""The admin API, as an organization's own server uses it with its secret key."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task, signup_payload, task_payload
from widget_server.models import Signup, Task


def _signup(client: FlaskClient, org: OrgWithKeys, task_id: str, **fields: object) -> str:
    response = client.post(
        f"/api/v1/public/tasks/{task_id}/signups?key={org.publishable}",
        json=signup_payload(**fields),
    )
    assert response.status_code == 201, response.json
    return response.json["signup"]["id"]


def test_create_read_update_and_delete_a_task(client: FlaskClient, org: OrgWithKeys) -> None:
    created = client.post("/api/v1/tasks", json=task_payload(status="draft"), headers=org.auth)
    assert created.status_code == 201
    task_id = created.json["data"]["id"]
    assert created.json["data"]["translations"]["en"]["description_html"] == (
        "<p>Translate <strong>four pages</strong> a month.</p>\n"
    )

    patched = client.patch(
        f"/api/v1/tasks/{task_id}", json={"status": "open", "capacity": None}, headers=org.auth
    )
    assert patched.status_code == 200
    assert patched.json["data"]["status"] == "open"
    assert patched.json["data"]["capacity"] is None
    assert patched.json["data"]["published_at"] is not None

    listed = client.get("/api/v1/tasks?status=open", headers=org.auth)
    assert [t["id"] for t in listed.json["data"]] == [task_id]

    assert client.delete(f"/api/v1/tasks/{task_id}", headers=org.auth).status_code == 204
    assert client.get(f"/api/v1/tasks/{task_id}", headers=org.auth).status_code == 404


def test_task_with_signups_is_archived_not_deleted(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    _signup(client, org, task.public_id)
    response = client.delete(f"/api/v1/tasks/{task.public_id}", headers=org.auth)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "task_has_signups"


def test_another_organizations_task_is_not_found(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    theirs = make_task(session, other)
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/tasks/{theirs.public_id}", json={"status": "closed"}, headers=org.auth
        )
        assert response.status_code == 404, method
    session.expire_all()
    assert session.get(Task, theirs.id).status.value == "open"


def test_secret_key_is_refused_from_a_browser(client: FlaskClient, org: OrgWithKeys) -> None:
    response = client.get("/api/v1/tasks", headers={**org.auth, "Origin": "https://ngo.example"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "secret_key_in_browser"


def test_wrong_or_revoked_keys_get_401(client: FlaskClient, org: OrgWithKeys) -> None:
    assert client.get("/api/v1/tasks").status_code == 401
    pk = client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {org.publishable}"})
    assert pk.json["error"]["code"] == "wrong_key_kind"
    garbage = client.get("/api/v1/tasks", headers={"Authorization": "Bearer vw_sk_nope"})
    assert garbage.status_code == 401
    assert garbage.json["error"]["code"] == "invalid_key"
    secret_in_url = client.get(f"/api/v1/public/tasks?key={org.secret}")
    assert secret_in_url.status_code == 401


def test_accepting_a_waitlisted_volunteer_needs_a_free_slot(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    first = _signup(client, org, task.public_id)
    second = _signup(client, org, task.public_id)

    refused = client.patch(
        f"/api/v1/signups/{second}", json={"status": "accepted"}, headers=org.auth
    )
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "task_full"

    declined = client.patch(
        f"/api/v1/signups/{first}", json={"status": "declined"}, headers=org.auth
    )
    assert declined.json["data"]["holds_slot"] is False
    accepted = client.patch(
        f"/api/v1/signups/{second}", json={"status": "accepted"}, headers=org.auth
    )
    assert accepted.status_code == 200
    assert accepted.json["data"]["holds_slot"] is True
    session.expire_all()
    assert session.get(Task, task.id).taken == 1


def test_signups_filter_by_task_and_status_and_page_by_cursor(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task_a = make_task(session, org, capacity=None)
    task_b = make_task(session, org, capacity=None)
    ids = [_signup(client, org, task_a.public_id) for _ in range(3)]
    _signup(client, org, task_b.public_id)

    page1 = client.get(f"/api/v1/signups?task={task_a.public_id}&limit=2", headers=org.auth)
    page2 = client.get(
        f"/api/v1/signups?task={task_a.public_id}&limit=2&cursor={page1.json['next_cursor']}",
        headers=org.auth,
    )
    assert [s["id"] for s in page1.json["data"] + page2.json["data"]] == ids[::-1]
    assert page2.json["next_cursor"] is None
    assert client.get("/api/v1/signups?status=accepted", headers=org.auth).json["data"] == []
    bad = client.get("/api/v1/signups?status=maybe&since=yesterday", headers=org.auth)
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"status", "since"}


def test_csv_export_opens_in_excel_and_neutralises_formulas(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    _signup(client, org, task.public_id, name='=HYPERLINK("http://evil")', message="@SUM(A1)")
    _signup(client, org, task.public_id, name="ليلى حداد")

    with client.get("/api/v1/signups/export.csv", headers=org.auth) as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    names = {row["name"] for row in rows}
    assert names == {'\'=HYPERLINK("http://evil")', "ليلى حداد"}
    assert "'@SUM(A1)" in {row["message"] for row in rows}


def test_invalid_task_payload_lists_every_problem_and_writes_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    response = client.post(
        "/api/v1/tasks",
        json={
            "category": "gardening",
            "hours_per_week": "three",
            "commitment": "fixed_term",
            "translations": {"de": {"title": "x"}},
            "colour": "red",
        },
        headers=org.auth,
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) >= {
        "category",
        "hours_per_week",
        "translations.de",
        "colour",
    }
    assert session.scalars(select(Task)).all() == []


def test_capacity_cannot_drop_below_slots_taken(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=3)
    _signup(client, org, task.public_id)
    _signup(client, org, task.public_id)
    response = client.patch(
        f"/api/v1/tasks/{task.public_id}", json={"capacity": 1}, headers=org.auth
    )
    assert response.status_code == 422
    assert "capacity" in response.json["error"]["fields"]
    assert len(session.scalars(select(Signup)).all()) == 2


def test_status_changes_follow_the_signup_lifecycle(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup_id = _signup(client, org, task.public_id)

    def move(status: str):  # noqa: ANN202
        body = {"status": status, **({"hours": 3} if status == "completed" else {})}
        return client.patch(f"/api/v1/signups/{signup_id}", json=body, headers=org.auth)

    assert move("completed").status_code == 409  # not before being accepted
    assert move("accepted").status_code == 200
    assert move("completed").status_code == 200
    assert move("withdrawn").status_code == 409
    refused = move("pending")
    assert refused.status_code == 422
