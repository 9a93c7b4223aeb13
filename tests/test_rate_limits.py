"""Rate limits per IP and per publishable key, in memory, in Redis across processes, and
with Redis down."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, signup_payload
from tests.waiting import wait_until
from widget_server.models import Signup

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def limited(app: Flask) -> FlaskClient:
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_SIGNUP_PER_IP="3 per minute",
        RATE_LIMIT_SIGNUP_PER_KEY="5 per minute",
        RATE_LIMIT_LISTING_PER_IP="1000 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )
    from widget_server.web.rate_limits import limiter

    limiter.init_app(app)  # again, now enabled, with a fresh in-memory store
    return app.test_client()


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Signup))


def test_the_fourth_signup_from_one_address_gets_429_with_retry_after(
    limited: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    codes = [limited.post(url, json=signup_payload()).status_code for _ in range(3)]
    refused = limited.post(url, json=signup_payload())
    assert codes == [201, 201, 201]
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    assert _count(session) == 3


def test_a_key_is_limited_across_addresses_and_preflights_are_free(
    limited: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    for _ in range(5):
        preflight = limited.options(url, headers={"Origin": "https://ngo.example"})
        assert preflight.status_code == 204
    codes = [
        limited.post(
            url, json=signup_payload(), environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        ).status_code
        for n in range(6)
    ]
    assert codes == [201] * 5 + [429]


def test_the_iframe_form_says_so_in_the_visitors_language(
    limited: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    url = f"/embed/v1/tasks/{task.public_id}/signup?key={org.publishable}&locale=ar"
    for _ in range(3):
        limited.post(url, data={"name": "x"})
    page = limited.post(url, data={"name": "x"})
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert 'dir="rtl"' in page.text
    assert "Retry-After" in page.headers


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz").status_code == 200
    except httpx.TransportError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVE = (
    "import sys; from werkzeug.serving import run_simple; from widget_server import create_app; "
    "run_simple('127.0.0.1', int(sys.argv[1]), create_app(), threaded=True)"
)


@pytest.fixture
def two_servers(database_url: str, request: pytest.FixtureRequest) -> Iterator[list[str]]:
    redis_url = request.param
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")},
        "WIDGET_SERVER_DATABASE_URL": database_url,
        "WIDGET_SERVER_SECRET_KEY": "rate-limit-test",
        "WIDGET_SERVER_REDIS_URL": redis_url,
        "WIDGET_SERVER_RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "WIDGET_SERVER_RATE_LIMIT_SIGNUP_PER_IP": "4 per minute",
        "WIDGET_SERVER_KEY_CACHE_SECONDS": "0",
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SERVE, str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            wait_until(lambda base=base: _answers(base), timeout=60, interval=0.1)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        request.node.server_logs = [p.communicate(timeout=30)[1] for p in processes]


@pytest.mark.parametrize("two_servers", [REDIS_URL], indirect=True)
def test_with_redis_a_limit_holds_across_two_server_processes(
    two_servers: list[str], session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    path = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    codes = [
        httpx.post(two_servers[n % 2] + path, json=signup_payload()).status_code for n in range(6)
    ]
    assert codes == [201, 201, 201, 201, 429, 429]
    assert _count(session) == 4


@pytest.mark.parametrize("two_servers", ["redis://127.0.0.1:1/0"], indirect=True)
def test_with_redis_down_the_server_keeps_serving_and_limits_in_memory(
    two_servers: list[str], session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    path = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    codes = [httpx.post(two_servers[0] + path, json=signup_payload()).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 201, 429]
    listing = httpx.get(f"{two_servers[1]}/api/v1/public/tasks?key={org.publishable}")
    assert listing.status_code == 200


def test_behind_one_proxy_each_visitor_has_their_own_limit(
    database_url: str, session: Session, org: OrgWithKeys
) -> None:
    from widget_server import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "PROXY_HOPS": 1,
            "RATE_LIMIT_SIGNUP_PER_IP": "2 per minute",
            "RATELIMIT_STORAGE_URI": "memory://",
            "KEY_CACHE_SECONDS": 0,
        }
    )
    client = app.test_client()
    task = make_task(session, org, capacity=None)
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"

    def post(visitor: str) -> int:
        headers = {"X-Forwarded-For": visitor, "X-Forwarded-Proto": "https"}
        return client.post(url, json=signup_payload(), headers=headers).status_code

    assert [post("203.0.113.1") for _ in range(3)] == [201, 201, 429]
    assert post("203.0.113.2") == 201  # another visitor through the same proxy
    secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in secure.headers
    app.extensions["db_engine"].dispose()
