"""Faults: PostgreSQL stopped and started under load, and a full disk under SQLite.

Redis going away is covered in tests/test_rate_limits.py.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests import servers
from tests.factories import make_org, make_task
from tests.waiting import wait_until
from widget_server import create_app, migrate
from widget_server.db import make_engine
from widget_server.models import Signup, Task
from widget_server.services.inputs import form_tokens

# Brings its own database and servers: the suite's database URL changes nothing here,
# so CI runs it once, in the SQLite pass (see .ci/run).
pytestmark = pytest.mark.own_database

# --- PostgreSQL stopped and started during load ----------------------------------------------


@dataclass
class Load:
    """Clients that keep signing up and reading until told to stop, keeping every answer."""

    base: str
    key: str
    task_ids: list[str]
    answers: list[tuple[float, str, httpx.Response]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _count: int = 0

    def _next(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def _client(self, worker: int) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stopping.is_set():
                n = self._next()
                sent_at = time.monotonic()
                try:
                    kind, response = self._send(client, n)
                except httpx.TransportError as error:
                    with self._lock:
                        self.unanswered.append(f"{time.monotonic():.1f} {error!r}")
                    continue
                with self._lock:
                    self.answers.append((sent_at, time.monotonic(), kind, response))
                time.sleep(0.01)  # pacing: a steady load, not a flood of fast 503s

    def _send(self, client: httpx.Client, n: int) -> tuple[str, httpx.Response]:
        if n % 3 == 0:
            page = f"/embed/v1/tasks/{self.task_ids[0]}/signup"
            return "page", client.get(page, params={"key": self.key})
        return "signup", client.post(
            f"/api/v1/public/tasks/{self.task_ids[n % 2]}/signups",
            params={"key": self.key},
            json={"name": f"V {n}", "email": f"v{n}@example.org", "consent": True},
            headers={"X-Forwarded-For": f"10.9.{n // 5 % 250}.{n % 5 + 1}"},
        )

    def run(self, clients: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        return threads

    def sent_since(self, moment: float) -> list[tuple[float, float, str, httpx.Response]]:
        with self._lock:
            return [a for a in self.answers if a[0] >= moment]


@pytest.fixture
def cluster() -> Iterator[servers.ThrowawayCluster]:
    cluster = servers.ThrowawayCluster()
    try:
        cluster.create()
    except (subprocess.CalledProcessError, FileNotFoundError) as failure:
        cluster.destroy()
        servers.unavailable(f"cannot start a throwaway PostgreSQL cluster: {failure}")
    yield cluster
    cluster.destroy()


def test_postgres_stopped_and_started_under_load_gives_503s_then_recovers_with_no_partial_rows(
    cluster: servers.ThrowawayCluster,
) -> None:
    env = servers.server_env(cluster.url)
    servers.db_upgrade(env)
    engine = make_engine(cluster.url)
    with Session(engine, expire_on_commit=False) as session:
        org = make_org(session)
        tasks = [make_task(session, org, capacity=40, waitlist=True), make_task(session, org)]
    engine.dispose()
    server = servers.start_gunicorn(env, workers=2)
    load = Load(server.base, org.publishable, [t.public_id for t in tasks])
    threads = load.run(clients=8)
    try:
        wait_until(lambda: len(load.answers) > 40)
        cluster.stop()  # returns once PostgreSQL has shut down
        stopped_at = time.monotonic()
        wait_until(lambda: len(load.sent_since(stopped_at)) > 40)
        restarted_at = time.monotonic()
        cluster.start()
        recovered = True
        try:
            wait_until(
                lambda: sum(a[3].status_code == 201 for a in load.sent_since(restarted_at)) > 20,
                timeout=60,
            )
        except AssertionError:
            recovered = False
    finally:
        load.stopping.set()
        for thread in threads:
            thread.join(timeout=60)
        log = server.stop()
    assert recovered, "sign-ups did not come back after PostgreSQL restarted:\n" + log[-3000:]
    assert load.unanswered == [], log[-3000:]  # every request got an answer, if only a 503

    # Sent once PostgreSQL was down and answered before it was started again: all 503s.
    during = [
        (kind, r)
        for sent, answered, kind, r in load.answers
        if sent >= stopped_at and answered < restarted_at
    ]
    assert {r.status_code for _, r in during} == {503}, {r.status_code for _, r in during}
    for kind, response in during:
        assert response.headers["Retry-After"]
        if kind == "signup":
            assert response.json()["error"]["code"] == "service_unavailable"
        else:
            assert response.headers["Content-Type"].startswith("text/html")
            assert "Traceback" not in response.text
    unexpected = log[log.find("Traceback") - 300 :][:6000] if "Traceback" in log else ""
    assert {a[3].status_code for a in load.answers} <= {200, 201, 409, 503}, unexpected
    assert "Traceback" not in log, unexpected

    created = {
        r.json()["signup"]["id"]: r.json()["signup"]["holds_slot"]
        for _, _, kind, r in load.answers
        if kind == "signup" and r.status_code == 201
    }
    engine = make_engine(cluster.url)
    with Session(engine) as session:
        rows = session.execute(sa.select(Signup.public_id, Signup.holds_slot)).all()
        # Each 201 has its row as announced; nothing that failed left a row or a slot behind.
        assert dict(rows) == created
        for task in tasks:
            taken = session.scalar(sa.select(Task.taken).where(Task.id == task.id))
            held = session.scalar(
                sa.select(sa.func.count()).where(Signup.task_id == task.id, Signup.holds_slot)
            )
            assert taken == held
    engine.dispose()


# --- A full disk under SQLite ---------------------------------------------------------------


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A real 3 MiB file system (tmpfs), so SQLite meets a genuinely full disk."""
    folder = Path(tempfile.mkdtemp(prefix="widget-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        servers.unavailable(f"cannot mount a small tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
    folder.rmdir()


def test_a_full_disk_on_sqlite_is_a_clear_507_and_corrupts_nothing(small_disk: Path) -> None:
    path = small_disk / "widgets.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "full-disk",
            "RATELIMIT_ENABLED": False,
            "KEY_CACHE_SECONDS": 0,
        }
    )
    with app.extensions["db_sessionmaker"]() as session:
        org = make_org(session)
        task = make_task(session, org, capacity=None)
    client = app.test_client()
    api = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    frame = f"/embed/v1/tasks/{task.public_id}/signup?key={org.publishable}&locale=ar"

    def sign_up(n: int) -> httpx.Response:
        body = {"name": f"V {n}", "email": f"v{n}@example.org", "consent": True}
        return client.post(api, json={**body, "message": "x" * 4000})

    # Fill the disk, leaving a sliver that a few sign-ups use up.
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - 192 * 1024, 0))
    answers = [sign_up(n) for n in range(60)]
    codes = [r.status_code for r in answers]
    assert 507 in codes, codes
    first_full = codes.index(507)
    assert first_full > 0 and set(codes[:first_full]) == {201} and set(codes[first_full:]) == {507}
    refused = answers[first_full]
    assert refused.json["error"]["code"] == "storage_full"
    assert refused.json["error"]["message"]
    page = client.post(
        frame,
        data={
            "form_token": form_tokens.make_token(
                "full-disk", org.organization.id, task.public_id, now=time.time() - 10
            ),
            "name": "Rana",
            "email": "rana@example.org",
            "consent": "yes",
            "message": "y" * 4000,
        },
    )
    assert page.status_code == 507
    assert page.mimetype == "text/html" and 'dir="rtl"' in page.text
    assert "Traceback" not in page.text
    app.extensions["db_engine"].dispose()

    # Room again: the server carries on by itself, and the file is whole.
    filler.unlink()
    assert sign_up(1000).status_code == 201
    app.extensions["db_engine"].dispose()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        emails = {e for (e,) in connection.execute("SELECT email FROM signup")}
    accepted = {f"v{n}@example.org" for n, code in enumerate(codes) if code == 201}
    assert emails == accepted | {"v1000@example.org"}
