"""Fixtures: an app per test on a real database (SQLite file, or PostgreSQL when
WIDGET_SERVER_TEST_DATABASE_URL names one), migrated by the project's own migrations."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests import factories
from tests.clocks import Clock
from tests.databases import worker_postgres_url
from tests.smtp_sink import SmtpSink
from tests.waiting import wait_until
from widget_server import create_app, migrate
from widget_server.db import Model
from widget_server.services.access import passwords
from widget_server.services.outbound import outbox
from widget_server.services.outbound.delivery import RetryPolicy
from widget_server.web.key_cache import KeyCache
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker, WorkerSettings

# One Chromium per test process, for tests/browser and tests/integrations alike.
pytest_plugins = ["tests.chromium"]

PG_URL = os.environ.get("WIDGET_SERVER_TEST_DATABASE_URL")


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser = Path(__file__).parent / "browser"
    for item in items:
        if browser in item.path.parents:
            item.add_marker(pytest.mark.browser)
    # Tests of what only PostgreSQL does are deselected on SQLite, not skipped: under
    # CI=true nothing may be skipped, and the PostgreSQL pass runs them.
    if not PG_URL:
        deselected = [item for item in items if item.get_closest_marker("postgresql")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


# Members are created and signed in hundreds of times a run: argon2id at the production
# cost (64 MiB, three passes, four lanes) spent minutes of CI's two cores on it. The same
# algorithm at its lowest cost hashes and verifies the same way; tests marked
# password_cost keep the production cost. Servers the tests start as processes keep it too.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("password_cost") is None:
        monkeypatch.setattr(passwords, "_hasher", CHEAP_HASHER)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database at the head revision: a SQLite file to copy, or the PostgreSQL database."""
    if PG_URL:
        url = worker_postgres_url()
        _reset_postgres(url)
        migrate.upgrade(url)
        return url
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        engine = sa.create_engine(migrated_template)
        tables = ", ".join(t.name for t in Model.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        engine.dispose()
        yield migrated_template
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "PUBLIC_URL": "http://widgets.test",
            # Tests arrange data behind the app's back; tests/test_key_cache.py covers caching.
            "KEY_CACHE_SECONDS": 0,
            # Many tests send bursts from one address; tests/test_rate_limits.py covers limits.
            "RATELIMIT_ENABLED": False,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    engine = app.extensions["db_engine"]
    # A streamed body (a CSV export) still being sent by the live server gives back its
    # connection when it ends. Disposed before that, the engine would orphan the connection,
    # and the garbage collector would close it in some later test, which then fails with a
    # ResourceWarning. A connection a test itself never gave back is not waited for beyond
    # the deadline.
    with suppress(AssertionError):
        wait_until(lambda: engine.pool.checkedout() == 0, timeout=10)
    engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cached_client(app: Flask, clock: Clock) -> FlaskClient:
    """A client of an app whose key cache trusts a key for 2 s of the test's clock."""
    app.config["KEY_CACHE_SECONDS"] = 2
    app.extensions["key_cache"] = KeyCache(2, clock=clock)
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of its own, outside any request, for arranging and checking data."""
    with app.extensions["db_sessionmaker"]() as db_session:
        yield db_session


@pytest.fixture
def org(session: Session) -> factories.OrgWithKeys:
    return factories.make_org(session)


class _Gate:
    """WSGI middleware that lets requests through to the app until closed, and counts
    those the app is still answering."""

    def __init__(self, app: Flask) -> None:
        self.app, self.open, self.answering = app, True, 0
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self.lock:
            admitted = self.open
            self.answering += admitted
        if not admitted:
            start_response("503 Service Unavailable", [("Connection", "close")])
            return [b""]
        try:
            return self.app(environ, start_response)
        finally:
            with self.lock:
                self.answering -= 1


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served by a real threaded HTTP server on a loopback port."""
    gate = _Gate(app)
    server = make_server("127.0.0.1", 0, gate, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    # Shutting down stops new connections only: a browser still open on a kept-alive one
    # would go on reaching the app after the app fixture disposed its engine, filling a
    # new pool nobody disposes, whose connection the garbage collector closes in some later
    # test, which then fails with a ResourceWarning. So the app is closed to them first.
    with gate.lock:
        gate.open = False
    wait_until(lambda: gate.answering == 0)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as client:
        yield client


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on a loopback port, keeping every message it accepts."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_worker(app: Flask, smtp_sink: SmtpSink) -> Iterator[Worker]:
    """An outbox worker sending mail to smtp_sink, retrying at once, dead after 3 attempts."""
    app.config["SMTP_URL"] = smtp_sink.url
    install_senders(app)
    settings = WorkerSettings(
        batch_size=20,
        poll_seconds=0.05,
        policy=RetryPolicy(max_attempts=3, base_seconds=0, cap_seconds=0),
    )
    yield Worker(app, settings, name="test-worker")
    outbox.unregister_sender("email")
