"""Outbox delivery: messages per second by one and by two workers, and what a sign-up
request spends on notification work.

    .venv/bin/python bench/outbox_throughput.py [--messages 10000] [--repeat 3]
        [--database sqlite|postgresql]

1. A backlog of N emails (default 10,000) is written to the outbox, then delivered by
   one `widget-server worker --drain` process, then (a fresh backlog) by two at once, to
   a local aiosmtpd server on loopback that counts Message-IDs. Each run checks that
   every message arrived exactly once and that every row ends `sent`.
2. Sign-ups through the public API (Flask test client, in process) with SMTP_URL set:
   the time spent queueing their emails (services/notifications.signup_created), the
   whole request's time, and the number of network connections the requests opened
   (an audit hook on socket.connect; the target is zero: the request does no network I/O).

SQLite (a fresh file in a temporary folder) by default; `--database postgresql` uses the
database `outbox_bench` on 127.0.0.1 (dropped and recreated; BENCH_DATABASE_URL to change).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from bench.verdicts import target  # noqa: E402
from widget_server import create_app, migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import MessageStatus, OutboxMessage  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.outbound import (  # noqa: E402
    notifications,  # noqa: E402
    outbox,  # noqa: E402
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/outbox_bench"
TARGET_PER_SECOND = 400  # two workers, to a local SMTP server
SECRET = "bench-secret-key"  # noqa: S105  (signs nothing that leaves this run)
_MESSAGE_ID = re.compile(rb"^Message-ID: (\S+)", re.MULTILINE | re.IGNORECASE)


class CountingHandler:
    """Counts each Message-ID it accepts; no parsing beyond that, to stay out of the way."""

    def __init__(self) -> None:
        self.ids: Counter[bytes] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        match = _MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.ids[match.group(1) if match else b"?"] += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'outbox-bench.sqlite3'}"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", PG_URL)
        postgres_database.recreate(url)
    migrate.upgrade(url)
    return url


def fill_backlog(url: str, count: int) -> None:
    engine = make_engine(url)
    with sa.orm.Session(engine) as session:
        session.execute(sa.delete(OutboxMessage))
        for n in range(count):
            outbox.enqueue_email(
                session,
                to=f"volunteer{n}@example.org",
                locale=("ar", "en", "fr")[n % 3],
                template="signup_received",
                context={
                    "signup_id": f"sgn_bench{n}",
                    "name": f"Volunteer {n}",
                    "org_name": "Sawa Aid",
                    "task_title": "Translate our newsletter",
                },
            )
            if n % 1000 == 999:
                session.commit()
        session.commit()
    engine.dispose()


def count_sent(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        sent = connection.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == MessageStatus.SENT)
        )
    engine.dispose()
    return int(sent or 0)


def deliver(url: str, smtp_url: str, workers: int) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds the worker processes used (which a busy,
    shared machine does not inflate the way it inflates wall-clock time)."""
    env = {
        **os.environ,
        "WIDGET_SERVER_DATABASE_URL": url,
        "WIDGET_SERVER_SECRET_KEY": SECRET,
        "WIDGET_SERVER_SMTP_URL": smtp_url,
        "WIDGET_SERVER_PUBLIC_URL": "https://volunteer.example.org",
    }
    command = [sys.executable, "-c", "from widget_server.cli import main; main()"]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    processes = [
        subprocess.Popen([*command, "worker", "--drain"], env=env, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]
    for process in processes:
        _, stderr = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"worker failed: {stderr.decode()[-2000:]}")
    return time.perf_counter() - started, _children_cpu() - cpu_before


def _own_cpu() -> float:
    """This process's CPU time: while workers deliver, it is the aiosmtpd server's."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def throughput(url: str, count: int, repeat: int) -> dict[int, list[float]]:
    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    rates: dict[int, list[float]] = {1: [], 2: []}
    try:
        for workers in [w for _ in range(repeat) for w in (1, 2)]:
            fill_backlog(url, count)
            handler.ids.clear()
            server_before = _own_cpu()
            seconds, cpu = deliver(url, f"smtp://127.0.0.1:{port}", workers)
            server_cpu = _own_cpu() - server_before
            received, unique = sum(handler.ids.values()), len(handler.ids)
            sent = count_sent(url)
            if not (received == unique == sent == count):
                raise SystemExit(
                    f"{workers} worker(s): received {received}, unique {unique}, sent {sent}"
                )
            rates[workers].append(count / seconds)
            print(
                f"  {workers} worker(s): {count} messages in {seconds:6.2f} s = "
                f"{count / seconds:7.0f} messages/s (each Message-ID received once); "
                f"CPU per message: workers {cpu / count * 1000:.2f} ms, "
                f"SMTP server {server_cpu / count * 1000:.2f} ms"
            )
    finally:
        controller.stop()
    return rates


def watch_connections(url: str) -> tuple[list[Any], threading.Event]:
    """The network connections opened while the event is set, the database's aside
    (an audit hook on socket.connect, which stays for the rest of the process)."""
    connects: list[Any] = []
    listening = threading.Event()
    database = None
    if url.startswith("postgresql"):
        parsed = sa.engine.make_url(url)
        database = (parsed.host, parsed.port or 5432)

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect" and listening.is_set():
            address = args[1]
            if database is None or tuple(address[:2]) != database:
                connects.append(address)

    sys.addaudithook(audit)
    return connects, listening


def signup_cost(url: str, requests: int) -> None:
    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "RATELIMIT_ENABLED": False,
            "KEY_CACHE_SECONDS": 0,
        }
    )
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        new = organizations.create_organization(
            session,
            name="Bench",
            slug=f"bench-{int(time.time())}",
            origins=["https://ngo.example"],
            admin_email=f"owner{int(time.time())}@ngo.example",
        )
        task = tasks.create_task(
            session,
            new.organization,
            {
                "status": "open",
                "category": "translation",
                "hours_per_week": 2,
                "commitment": "ongoing",
                "capacity": None,
                "translations": {"en": {"title": "Translate"}, "ar": {"title": "ترجمة"}},
            },
        )
        key, task_id = new.publishable.token, task.public_id
        session.close()

    notify_times: list[float] = []
    original = notifications.signup_created

    def timed(*args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        original(*args, **kwargs)
        notify_times.append(time.perf_counter() - started)

    connects, listening = watch_connections(url)
    notifications.signup_created = timed  # type: ignore[assignment]
    client = app.test_client()
    request_times: list[float] = []
    try:
        listening.set()
        for n in range(requests):
            started = time.perf_counter()
            response = client.post(
                f"/api/v1/public/tasks/{task_id}/signups?key={key}",
                json={"name": f"V {n}", "email": f"bench{n}@example.org", "consent": True},
            )
            request_times.append(time.perf_counter() - started)
            if response.status_code != 201:
                raise SystemExit(f"sign-up failed: {response.status_code} {response.text}")
    finally:
        listening.clear()
        notifications.signup_created = original  # type: ignore[assignment]
        controller.stop()
        app.extensions["db_engine"].dispose()

    def ms(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000

    share = sum(notify_times) / sum(request_times)
    print(f"  {requests} sign-ups through POST /api/v1/public/tasks/<id>/signups:")
    print(
        f"    whole request:      median {statistics.median(request_times) * 1000:6.2f} ms, "
        f"p95 {ms(request_times, 95):6.2f} ms"
    )
    print(
        f"    queueing emails:    median {statistics.median(notify_times) * 1000:6.3f} ms, "
        f"p95 {ms(notify_times, 95):6.3f} ms ({share:.1%} of request time; 2 rows each)"
    )
    print(f"    network connections opened by the requests: {len(connects)} (target 0)")
    print(f"    messages the SMTP server received meanwhile: {sum(handler.ids.values())}")
    target("network connections opened by a sign-up request", str(len(connects)), "0", not connects)
    if connects:
        raise SystemExit(f"the sign-up request opened connections: {connects[:5]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--signups", type=int, default=300)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    options = parser.parse_args()
    asyncio.set_event_loop_policy(None)
    print(
        f"Outbox throughput — {options.database}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(options.database, Path(folder))
        rates = throughput(url, options.messages, options.repeat)
        for workers, values in rates.items():
            median = statistics.median(values)
            print(
                f"  {workers} worker(s), median of {len(values)}: {median:5.0f} messages/s "
                f"(spread {min(values):.0f}–{max(values):.0f})"
                + (
                    f"; target {TARGET_PER_SECOND}/s, ratio {median / TARGET_PER_SECOND:.2f}"
                    if workers == 2
                    else ""
                )
            )
        two, one = statistics.median(rates[2]), statistics.median(rates[1])
        print(f"  two workers / one worker: {two / one:.2f}x")
        print(f"  load average now: {os.getloadavg()[0]:.1f}")
        target(
            f"emails to a local SMTP server by 2 workers, per second ({options.database})",
            f"{two:.0f} ({min(rates[2]):.0f}–{max(rates[2]):.0f})",
            f">= {TARGET_PER_SECOND}",
            two >= TARGET_PER_SECOND,
        )
        signup_cost(url, options.signups)


if __name__ == "__main__":
    main()
