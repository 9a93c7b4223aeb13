"""Capacity is exact under concurrency, on a running server, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from widget_server.models import IdempotencyRecord, OutboxMessage, Signup, SignupStatus, Task

CONCURRENT = 60


def _fire(live_server: str, url: str, payloads: list[dict]) -> list[httpx.Response]:
    def post(payload: dict) -> httpx.Response:
        with httpx.Client(base_url=live_server, timeout=120) as client:
            return client.post(url, json=payload)

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        return list(pool.map(post, payloads))


def _status_of(session: Session, signup_id: str) -> SignupStatus | None:
    return session.scalar(select(Signup.status).where(Signup.public_id == signup_id))


def test_sixty_concurrent_signups_fill_five_slots_and_waitlist_the_rest(
    live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=5, waitlist=True)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"

    responses = _fire(live_server, url, [signup_payload() for _ in range(CONCURRENT)])

    assert [r.status_code for r in responses] == [201] * CONCURRENT
    statuses = [r.json()["signup"]["status"] for r in responses]
    assert statuses.count("pending") == 5
    assert statuses.count("waitlisted") == CONCURRENT - 5
    session.expire_all()
    for response in responses:  # every answer has its row, with the status it announced
        receipt = response.json()["signup"]
        assert _status_of(session, receipt["id"]) == receipt["status"]
    holders = session.scalar(
        select(func.count()).where(Signup.task_id == task.id, Signup.holds_slot.is_(True))
    )
    assert holders == 5
    assert session.get(Task, task.id).taken == 5


def test_sixty_concurrent_signups_without_waitlist_refuse_all_but_five_with_409(
    live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=5, waitlist=False)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"

    responses = _fire(live_server, url, [signup_payload() for _ in range(CONCURRENT)])

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 5 + [409] * (CONCURRENT - 5)
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"task_full"}
    session.expire_all()
    created = [r.json()["signup"]["id"] for r in responses if r.status_code == 201]
    rows = session.scalars(select(Signup.public_id).where(Signup.task_id == task.id)).all()
    assert sorted(rows) == sorted(created)
    assert session.get(Task, task.id).taken == 5


def test_the_same_volunteer_sending_twenty_times_at_once_gets_one_signup(
    live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=5)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    payload = signup_payload(email="same@example.org")

    responses = _fire(live_server, url, [payload] * 20)

    # Every answer looks like a new sign-up's; only one of them is real.
    assert {r.status_code for r in responses} == {201}
    ids = {r.json()["signup"]["id"] for r in responses}
    assert (
        len(session.scalars(select(Signup.public_id).where(Signup.public_id.in_(ids))).all()) == 1
    )
    session.expire_all()
    assert session.scalar(select(func.count()).where(Signup.task_id == task.id)) == 1
    assert session.get(Task, task.id).taken == 1


def test_concurrent_retries_with_one_idempotency_key_create_one_signup(
    live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    payload = signup_payload()

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=live_server, timeout=120) as client:
            return client.post(url, json=payload, headers={"Idempotency-Key": "k-1"})

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))

    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["signup"]["id"] for r in responses}) == 1
    session.expire_all()
    assert session.scalar(select(func.count()).where(Signup.task_id == task.id)) == 1


@pytest.mark.postgresql
@pytest.mark.parametrize(("waitlist", "answer"), [(True, 201), (False, 409)])
def test_a_signup_that_counted_on_a_slot_taken_before_its_update_is_made_again(
    app: Flask,
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    waitlist: bool,
    answer: int,
) -> None:
    # A sign-up reads a free slot and takes it last, just before COMMIT. Another
    # transaction takes that slot in between: the sign-up's UPDATE waits for it, finds the
    # task full, and the whole attempt is made again from the task's new state.
    task = make_task(session, org, capacity=1, waitlist=waitlist)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    engine = app.extensions["db_engine"]
    with engine.connect() as other, ThreadPoolExecutor(max_workers=1) as pool:
        other.execute(update(Task).where(Task.id == task.id).values(taken=Task.taken + 1))
        pending = pool.submit(
            client.post, url, json=signup_payload(), headers={"Idempotency-Key": "race-1"}
        )
        _wait_until_an_update_of_the_task_waits_for_a_lock(engine)
        other.commit()
        response = pending.result(timeout=60)

    assert response.status_code == answer, response.get_data(as_text=True)
    session.expire_all()
    rows = session.scalars(select(Signup).where(Signup.task_id == task.id)).all()
    emails = session.scalars(select(OutboxMessage.payload)).all()
    templates = [payload["template"] for payload in emails if "template" in payload]
    stored = session.scalar(select(func.count()).select_from(IdempotencyRecord))
    assert session.get(Task, task.id).taken == 1  # the other transaction's slot, no more
    if waitlist:
        assert response.json["signup"]["status"] == "waitlisted"
        assert [(r.status, r.holds_slot) for r in rows] == [(SignupStatus.WAITLISTED, False)]
        # Nothing of the first attempt is left: the volunteer hears of the waitlist only.
        assert "confirm_email" not in templates
        assert "waitlisted" in templates
        assert stored == 1
    else:
        assert response.json["error"]["code"] == "task_full"
        assert rows == []
        assert "confirm_email" not in templates
        assert stored == 0


def _wait_until_an_update_of_the_task_waits_for_a_lock(engine: Engine) -> None:
    deadline = time.monotonic() + 30
    with engine.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE 'UPDATE task SET taken%'"
                )
            )
            watcher.rollback()
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the sign-up's UPDATE never waited for the task's row")
