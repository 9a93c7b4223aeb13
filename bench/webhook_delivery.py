"""Webhook delivery: messages per second from a backlog, and what events add to a sign-up.

    .venv/bin/python bench/webhook_delivery.py [--messages 2000] [--repeat 3] [--sqlite]

On PostgreSQL (database `widget_bench_webhooks`, dropped and recreated; BENCH_DATABASE_URL
to change it) or a SQLite file with --sqlite: a backlog of signed webhook messages is
delivered by one, then two `widget-server worker` processes to a receiver on loopback
that verifies every signature and counts webhook-ids; the run fails unless every message
arrived exactly once. Each is repeated (3 times by default); the median, the spread and the
two workers' median against the target (TARGET_PER_SECOND, issue 16) are printed. Then
the mean time of the sign-up service with 0 and with 3 subscribed endpoints: the events
are rows in the same transaction, no network I/O.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from bench.verdicts import target  # noqa: E402
from widget_server import create_app, migrate  # noqa: E402
from widget_server.db import make_engine, utcnow  # noqa: E402
from widget_server.models import MessageStatus, OutboxMessage, Signup  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.hooks import (  # noqa: E402
    webhook_events,  # noqa: E402
    webhooks,  # noqa: E402
)
from widget_server.services.hooks.webhook_signing import verify_signature  # noqa: E402
from widget_server.services.volunteering import signups  # noqa: E402

TARGET_PER_SECOND = 300  # two workers, to a local receiver
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/widget_bench_webhooks"
TASK = {
    "status": "open",
    "category": "translation",
    "hours_per_week": 2,
    "commitment": "ongoing",
    "capacity": None,
    "translations": {"en": {"title": "Translate"}},
}


class Receiver:
    """Verifies each request's signature and counts webhook-ids, on HTTP/1.1 connections
    it keeps open as a production server (gunicorn, nginx) would; werkzeug's development
    server, used before, closes every connection after one answer."""

    def __init__(self) -> None:
        self.secret = ""
        self.seen: set[str] = set()
        self.duplicates = 0
        self.connections = 0
        self.lock = threading.Lock()

    def receive(self, headers: dict[str, str], body: bytes) -> None:
        message_id = verify_signature(self.secret, headers, body)
        with self.lock:
            if message_id in self.seen:
                self.duplicates += 1
            self.seen.add(message_id)

    def server(self) -> ThreadingHTTPServer:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with receiver.lock:
                    receiver.connections += 1

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.receive(dict(self.headers.items()), body)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return server


def fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    postgres_database.recreate(url)


def run_worker(url: str) -> None:
    from widget_server.worker.senders import install_senders
    from widget_server.worker.worker_loop import Worker

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "WEBHOOK_ALLOW_PRIVATE_URLS": True}
    )
    install_senders(app)
    Worker(app).run(drain=True)


def queue_backlog(session: Session, organization_id: int, count: int) -> None:
    for start in range(0, count, 500):
        for n in range(start, min(start + 500, count)):
            data = {"id": f"sgn_bench{n}", "task_id": "tsk_bench", "status": "accepted"}
            webhook_events.emit(session, organization_id, "signup.status_changed", data)
        session.commit()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def deliver(url: str, workers: int, session: Session, total: int) -> tuple[float, float, float]:
    """Wall-clock seconds, the workers' CPU seconds and the receiver's (this process's)."""
    workers_before, own_before = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    started = time.perf_counter()
    processes = [multiprocessing.Process(target=run_worker, args=(url,)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    workers_cpu = _cpu(resource.RUSAGE_CHILDREN) - workers_before
    receiver_cpu = _cpu(resource.RUSAGE_SELF) - own_before
    sent = session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.SENT)
    )
    if sent != total:
        raise SystemExit(f"only {sent} of {total} messages were sent")
    return elapsed, workers_cpu, receiver_cpu


def signup_seconds(session: Session, organization, task_id: str, count: int) -> float:  # noqa: ANN001
    timings = []
    for n in range(count):
        payload = {"name": "Bench", "email": f"v{n}-{time.time_ns()}@example.org", "consent": True}
        started = time.perf_counter()
        signups.create_signup(
            session,
            organization,
            task_id,
            payload,
            default_locale="en",
            origin=None,
            today=utcnow().date(),
        )
        timings.append(time.perf_counter() - started)
    return statistics.mean(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    if args.sqlite:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    fresh_database(url)
    migrate.upgrade(url)

    receiver = Receiver()
    server = receiver.server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        org = organizations.create_organization(session, name="Bench", slug="bench", origins=[])
        organization = org.organization
        task = tasks.create_task(session, organization, TASK)
        plain = signup_seconds(session, organization, task.public_id, 200)
        for _ in range(3):
            issued = webhooks.create_endpoint(
                session,
                organization,
                {"url": f"http://127.0.0.1:{server.server_address[1]}/hooks"},
                allow_private=True,
            )
        receiver.secret = issued.secret
        with_events = signup_seconds(session, organization, task.public_id, 200)
        for endpoint in webhooks.list_endpoints(session, organization)[:-1]:
            webhooks.delete_endpoint(session, organization, endpoint.public_id)
        session.execute(sa.delete(OutboxMessage))
        session.execute(sa.delete(Signup))
        session.commit()

        print(f"database: {engine.dialect.name}; backlog: {args.messages} messages")
        print(
            f"sign-up service, mean of 200: {plain * 1000:.2f} ms without endpoints, "
            f"{with_events * 1000:.2f} ms with 3 endpoints (3 webhook rows, no network I/O)"
        )
        rates: dict[int, list[float]] = {1: [], 2: []}
        for workers in [w for _ in range(args.repeat) for w in (1, 2)]:
            queue_backlog(session, organization.id, args.messages)
            elapsed, workers_cpu, receiver_cpu = deliver(url, workers, session, args.messages)
            rates[workers].append(args.messages / elapsed)
            print(
                f"{workers} worker(s): {args.messages / elapsed:.0f} messages/s "
                f"({elapsed:.1f} s), each verified by the receiver; CPU per message: "
                f"workers {workers_cpu / args.messages * 1000:.2f} ms (with their start), "
                f"receiver {receiver_cpu / args.messages * 1000:.2f} ms"
            )
            session.execute(sa.delete(OutboxMessage))
            session.commit()
        for workers, values in rates.items():
            median = statistics.median(values)
            print(
                f"{workers} worker(s), median of {len(values)}: {median:.0f} messages/s "
                f"(spread {min(values):.0f}–{max(values):.0f})"
                + (
                    f"; target {TARGET_PER_SECOND}/s, ratio {median / TARGET_PER_SECOND:.2f}"
                    if workers == 2
                    else ""
                )
            )
    expected = 2 * args.repeat * args.messages
    if len(receiver.seen) != expected or receiver.duplicates:
        raise SystemExit(
            f"receiver saw {len(receiver.seen)} ids for {expected} messages, "
            f"{receiver.duplicates} duplicates"
        )
    print(
        f"receiver: {len(receiver.seen)} distinct webhook-ids, 0 duplicates, "
        f"over {receiver.connections} connections"
    )
    two = statistics.median(rates[2])
    target(
        f"webhooks to a local receiver by 2 workers, per second ({engine.dialect.name})",
        f"{two:.0f} ({min(rates[2]):.0f}–{max(rates[2]):.0f})",
        f">= {TARGET_PER_SECOND}",
        two >= TARGET_PER_SECOND,
    )
    server.shutdown()
    engine.dispose()


if __name__ == "__main__":
    main()
