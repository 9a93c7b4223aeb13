"""Two gunicorn servers (two workers each) on one PostgreSQL database and one Redis, started
as the README's deployment guide says, behind a stand-in for the reverse proxy (the test
sets X-Forwarded-For, which PROXY_HOPS=1 trusts).

This runs on both suite runs: it makes a PostgreSQL database of its own on 127.0.0.1:5432
and drops it afterwards, whatever the suite's own database is.
"""

from __future__ import annotations

import signal
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests import servers
from tests.factories import OrgWithKeys, make_org, make_task
from tests.waiting import sleep_until
from widget_server.db import make_engine
from widget_server.models import Signup, Task
from widget_server.settings import DEFAULTS
from widget_server.web.rate_limits import DEFAULTS as LIMIT_DEFAULTS

# Brings its own database and servers: the suite's database URL changes nothing here,
# so CI runs it once, in the SQLite pass (see .ci/run).
pytestmark = pytest.mark.own_database

SIGNUPS_PER_IP = 10  # the default: "10 per minute; 100 per hour"
SIGNUPS_PER_KEY = 300  # the default: "300 per minute"
assert LIMIT_DEFAULTS["RATE_LIMIT_SIGNUP_PER_IP"].startswith(f"{SIGNUPS_PER_IP} per minute")
assert LIMIT_DEFAULTS["RATE_LIMIT_SIGNUP_PER_KEY"] == f"{SIGNUPS_PER_KEY} per minute"
# A change made through one process shows through every other within this many seconds.
PROPAGATION_SECONDS = DEFAULTS["KEY_CACHE_SECONDS"]


@dataclass
class Deployment:
    servers: list[servers.Gunicorn]
    engine: sa.Engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    try:
        redis.Redis.from_url(servers.REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        servers.unavailable("Redis is not running on 127.0.0.1:6379")
    with servers.scratch_database("widget_multi") as url:
        env = servers.server_env(
            url,
            REDIS_URL=servers.REDIS_URL,
            # Each run counts in a fresh namespace of the test Redis database.
            RATELIMIT_KEY_PREFIX=f"multi-{uuid.uuid4().hex}",
        )
        servers.db_upgrade(env)
        engine = make_engine(url)
        started: list[servers.Gunicorn] = []
        try:
            started = [servers.start_gunicorn(env, workers=2) for _ in range(2)]
            yield Deployment(started, engine)
        finally:
            for server in started:  # both stop at once; stop() then waits for each
                server.process.send_signal(signal.SIGINT)
            for server in started:
                server.stop()
            engine.dispose()


def _signup(client: httpx.Client, base: str, org: OrgWithKeys, task: Task, n: int, ip: str):
    response = client.post(
        f"{base}/api/v1/public/tasks/{task.public_id}/signups",
        params={"key": org.publishable},
        json={"name": f"Volunteer {n}", "email": f"v{n}@example.org", "consent": True},
        headers={"X-Forwarded-For": ip},
    )
    return n, task.id, response


def test_five_hundred_concurrent_signups_over_two_servers_hold_capacity_and_limits(
    deployment: Deployment,
) -> None:
    with deployment.session() as session:
        busy, quiet = make_org(session), make_org(session)
        tasks = [
            make_task(session, busy, capacity=3),
            make_task(session, busy, capacity=5, waitlist=True),
            make_task(session, busy, capacity=7),
            make_task(session, quiet, capacity=2),
            make_task(session, quiet, capacity=4, waitlist=True),
            make_task(session, quiet, capacity=None),
        ]
    # 320 attempts on the busy organization's key (over its 300 a minute), 180 on the other;
    # 4 attempts per visitor address, under the per-address limit.
    plan = [(busy, tasks[n % 3]) for n in range(320)] + [
        (quiet, tasks[3 + n % 3]) for n in range(180)
    ]
    bases = [s.base for s in deployment.servers]
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(100) as pool:
        results = list(
            pool.map(
                lambda item: _signup(
                    client, bases[item[0] % 2], *item[1], item[0], f"10.1.{item[0] // 4}.1"
                ),
                enumerate(plan),
            )
        )

    codes = Counter(r.status_code for _, _, r in results)
    assert set(codes) <= {201, 409, 429}, codes
    limited = [r for _, _, r in results if r.status_code == 429]
    assert len(limited) == 320 - SIGNUPS_PER_KEY  # the key limit, counted across both servers
    assert all(r.json()["error"]["code"] == "rate_limited" for r in limited)
    assert all(int(r.headers["Retry-After"]) > 0 for r in limited)

    accepted = {r.json()["signup"]["id"]: n for n, _, r in results if r.status_code == 201}
    with deployment.session() as session:
        rows = session.scalars(
            sa.select(Signup).where(Signup.task_id.in_([t.id for t in tasks]))
        ).all()
        # Every 201 has its row, with the email it was sent with; there is no other row.
        assert {row.public_id: row.email for row in rows} == {
            public_id: f"v{n}@example.org" for public_id, n in accepted.items()
        }
        for task in tasks:
            taken = session.get(Task, task.id).taken
            holders = [r for r in rows if r.task_id == task.id and r.holds_slot]
            asked = [r for n, t, r in results if t == task.id and r.status_code in {201, 409}]
            expected = len(asked) if task.capacity is None else min(task.capacity, len(asked))
            assert taken == len(holders) == expected, task.capacity
            answered_full = sum(r.status_code == 409 for r in asked)
            waitlisted = sum(r.status_code == 201 and not r.json()["signup"]["holds_slot"]
                             for r in asked)  # fmt: skip
            if task.waitlist:
                assert answered_full == 0 and waitlisted == len(asked) - expected
            else:
                assert waitlisted == 0 and answered_full == len(asked) - expected


def test_the_same_volunteer_sent_ten_times_at_once_makes_one_signup(
    deployment: Deployment,
) -> None:
    with deployment.session() as session:
        org = make_org(session)
        task = make_task(session, org, capacity=None)
    bases = [s.base for s in deployment.servers]
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(10) as pool:
        responses = list(
            pool.map(
                lambda n: client.post(
                    f"{bases[n % 2]}/api/v1/public/tasks/{task.public_id}/signups",
                    params={"key": org.publishable},
                    json={"name": "Rana", "email": "rana@example.org", "consent": True},
                    headers={"X-Forwarded-For": f"10.2.0.{n}"},
                ),
                range(10),
            )
        )
    # Every answer looks like a new sign-up's (a repeat reveals nothing of the first), and
    # exactly one of the ids they give names the one sign-up stored.
    assert [r.status_code for r in responses] == [201] * 10
    ids = {r.json()["signup"]["id"] for r in responses}
    assert len(ids) == 10
    with deployment.session() as session:
        stored = session.scalars(sa.select(Signup).where(Signup.task_id == task.id)).all()
        assert [s.public_id in ids for s in stored] == [True]


def test_one_visitor_is_limited_across_both_servers(deployment: Deployment) -> None:
    with deployment.session() as session:
        org = make_org(session)
        task = make_task(session, org, capacity=None)
    with httpx.Client(timeout=60) as client:
        codes = [
            _signup(client, deployment.servers[n % 2].base, org, task, 10_000 + n, "10.3.0.1")[
                2
            ].status_code
            for n in range(SIGNUPS_PER_IP + 4)
        ]
    assert codes == [201] * SIGNUPS_PER_IP + [429] * 4


def test_a_task_edited_through_one_server_shows_through_the_other_within_the_documented_time(
    deployment: Deployment,
) -> None:
    with deployment.session() as session:
        org = make_org(session)
        task = make_task(session, org)
    one, other = (s.base for s in deployment.servers)
    listing = f"{other}/api/v1/public/tasks"
    with httpx.Client(timeout=30) as client:

        def titles() -> list[str]:
            # Both of the other server's workers, whichever answers.
            answer = client.get(listing, params={"key": org.publishable, "locale": "en"})
            return [t["title"] for t in answer.json()["data"]]

        assert [titles() for _ in range(4)] == [["Translate our newsletter"]] * 4
        edited = client.patch(
            f"{one}/api/v1/tasks/{task.public_id}",
            json={"translations": {"en": {"title": "Proofread our newsletter"}}},
            headers=org.auth,
        )
        assert edited.status_code == 200, edited.text
        # Each worker trusts the key it cached before the change until the entry expires,
        # at most the documented time after the change: from then on, whichever worker
        # answers shows it. (A later answer only makes this easier, so load cannot fail it.)
        sleep_until(time.monotonic() + PROPAGATION_SECONDS)
        assert [titles() for _ in range(6)] == [["Proofread our newsletter"]] * 6


def test_no_response_names_a_server_version(deployment: Deployment) -> None:
    with deployment.session() as session:
        org = make_org(session)
        task = make_task(session, org)
    base = deployment.servers[0].base
    key = {"key": org.publishable}
    with httpx.Client(timeout=30, base_url=base) as client:
        listing = client.get("/api/v1/public/tasks", params=key)
        widget = client.get("/embed/v1/widget.js")
        asset = widget.text.split('"/embed/v1/assets/', 1)[1].split('"', 1)[0]
        responses = [
            client.get("/healthz"),
            client.get("/readyz"),
            client.get("/api/v1/openapi.json"),
            listing,
            client.get(
                "/api/v1/public/tasks",
                params=key,
                headers={"If-None-Match": listing.headers["ETag"]},
            ),
            client.get(f"/api/v1/public/tasks/{task.public_id}", params=key),
            client.get("/api/v1/tasks"),  # 401
            client.put("/api/v1/tasks", headers=org.auth),  # 405
            client.post(
                f"/api/v1/public/tasks/{task.public_id}/signups",
                params=key,
                content=b"x" * 70_000,
                headers={"Content-Type": "application/json"},
            ),  # 413
            client.get("/no/such/page", headers={"Accept": "text/html"}),  # HTML 404
            widget,
            client.get("/embed/v1/widget.js", headers={"If-None-Match": widget.headers["ETag"]}),
            client.get(f"/embed/v1/assets/{asset}"),
            client.get("/embed/v1/board", params=key),
            client.get(f"/embed/v1/tasks/{task.public_id}/signup", params=key),
            client.get(f"/o/{org.organization.slug}"),
            client.get(f"/o/{org.organization.slug}/tasks/{task.public_id}"),
            client.get("/api/v1/signups/export.csv", headers=org.auth),
        ]
    assert {r.status_code for r in responses} >= {200, 304, 401, 404, 405, 413}
    for response in responses:
        assert "X-Powered-By" not in response.headers
        assert response.headers.get_list("Server") == ["gunicorn"], response.url
