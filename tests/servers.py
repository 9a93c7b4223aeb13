"""Real server processes for tests: gunicorn as the README deploys it, throwaway PostgreSQL
databases and clusters. Each test that uses them owns what it starts and stops it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.waiting import wait_until

SHARED_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
# Redis database number reserved for these tests; each run uses its own key prefix in it.
REDIS_URL = "redis://127.0.0.1:6379/5"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable(reason: str) -> None:
    """A missing service fails the test under CI=true and skips it elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of the README's deployment guide, for one test's own servers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env.update(
        {
            "WIDGET_SERVER_DATABASE_URL": database_url,
            "WIDGET_SERVER_SECRET_KEY": "multi-process-test-" + uuid.uuid4().hex,
            "WIDGET_SERVER_PUBLIC_URL": "https://volunteer.test",
            "WIDGET_SERVER_PROXY_HOPS": "1",
        }
    )
    env.update({f"WIDGET_SERVER_{name}": value for name, value in settings.items()})
    return env


def db_upgrade(env: dict[str, str]) -> None:
    """`widget-server db upgrade`, as the guide runs it before starting servers."""
    subprocess.run(
        [str(BIN / "widget-server"), "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@dataclass
class Gunicorn:
    base: str
    process: subprocess.Popen[str]

    def stop(self) -> str:
        """Stop at once (SIGINT: gunicorn's quick shutdown); the server's log."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[0]


def start_gunicorn(env: dict[str, str], workers: int = 2) -> Gunicorn:
    """`gunicorn -w N -b 127.0.0.1:PORT 'widget_server:create_app()'`, once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "widget_server:create_app()",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = Gunicorn(f"http://127.0.0.1:{port}", process)

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited:\n" + server.stop())
        try:
            return httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(answers, timeout=60, interval=0.1)
    except AssertionError as problem:
        raise AssertionError(f"gunicorn did not start:\n{server.stop()}") from problem
    return server


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A database of its own on the shared PostgreSQL (127.0.0.1:5432), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(SHARED_POSTGRES, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        unavailable("PostgreSQL is not running on 127.0.0.1:5432")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        unavailable("PostgreSQL server binaries (initdb) are not installed")
    return found[-1].parent


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary folder, on its own port, that a test may
    stop and start; the machine's shared server on 5432 is never touched. initdb refuses to
    run as root, so when the tests run as root the cluster runs as the postgres user."""

    def __init__(self) -> None:
        self.bin = _postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="widget-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as_user, *args], check=True, capture_output=True, timeout=120, text=True
        )

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
            str(self.folder / "log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
