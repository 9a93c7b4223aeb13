"""Sign-ups per second on PostgreSQL against bare INSERT transactions, side by side.

    .venv/bin/python bench/signup_rate.py [--seconds 10] [--connections 16] [--runs 3]
    .venv/bin/python bench/signup_rate.py --profile [--count 300]   # pyinstrument, in process

On PostgreSQL (database `signup_bench`, dropped and recreated; BENCH_DATABASE_URL to change
it), one organization with an owner told of each sign-up at once and one webhook endpoint,
so that every sign-up writes the full set of rows: the sign-up, its slot (a task with a
capacity and a waitlist), its idempotency record (every request carries an
Idempotency-Key), the volunteer's email, the owner's email and the webhook event.

Each run, three races in turn:
1. sign-ups: wrk (a Lua script gives each request its own address and key) posts to
   /api/v1/public/tasks/<id>/signups through gunicorn with 2 sync workers, as
   bench/listing_throughput.py serves the listing: real HTTP, the deployed shape;
2. the limit: the same number of bare INSERT transactions (one row, then COMMIT) through
   psycopg from 2 processes, one connection each, as many as gunicorn's workers hold;
3. the floor: one INSERT transaction per HTTP request, through the same gunicorn, the same
   wrk script and the same table as 2, from a WSGI app of a few lines: what any sign-up
   over HTTP stands on here.

Afterwards the database is checked: one sign-up per 201 answer (and per request still in
flight when wrk stopped counting), the task's `taken` equal
to its slot holders and never above the capacity, one idempotency record and three outbox
rows per sign-up. Prints each run, the median and spread, and sign-ups / bare INSERTs.
Targets: at least 300 sign-ups/s and a ratio of at least 0.3; the floor's own ratio to
bare INSERTs shows how much of that the HTTP server leaves. Exits 1 on an error answer or a
failed check.

--profile signs up `--count` volunteers through the Flask test client in this process
(same organization, same rows), counts the SQL statements per sign-up, and prints
pyinstrument's report of where the time went.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from in_process import time_then_profile  # noqa: E402
from listing_throughput import gunicorn  # noqa: E402
from postgres_database import recreate  # noqa: E402
from verdicts import figure, target  # noqa: E402

from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import IdempotencyRecord, OutboxMessage, Signup, Task  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.hooks import webhooks  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/signup_bench"
CAPACITY = 100_000  # the largest a task may have: checked on every sign-up, never reached
ORIGIN = "https://bench.example"

# Each wrk thread numbers its requests; the thread id and a run id make addresses unique.
WRK_SCRIPT = """
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local id = RUN .. "-" .. tid .. "-" .. counter
  local body = '{"name":"Bench Volunteer","email":"v' .. id .. '@bench.example","consent":true}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Origin"] = "ORIGIN"
  headers["Idempotency-Key"] = "k" .. id
  return wrk.format("POST", nil, headers, body)
end
"""

# The floor: a POST answered with one INSERT and COMMIT on a connection of the worker's own.
HTTP_INSERT_APP = """
import json, os
import psycopg

_connection = None


def app(environ, start_response):
    global _connection
    if environ["REQUEST_METHOD"] != "POST":  # gunicorn()'s readiness probe
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    if _connection is None:  # made after the fork
        _connection = psycopg.connect(os.environ["BARE_DSN"])
    body = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
    _connection.execute(
        "INSERT INTO bare_insert (task_id, email) VALUES (%s, %s)", (1, body["email"])
    )
    _connection.commit()
    answer = json.dumps({"data": {"email": body["email"]}}).encode()
    start_response(
        "201 CREATED",
        [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))],
    )
    return [answer]
"""


def prepare_database(url: str) -> tuple[str, str]:
    """A fresh database with one organization; returns its key and the task's public id."""
    recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        org = organizations.create_organization(
            session,
            name="Bench NGO",
            slug="bench",
            origins=[ORIGIN],
            admin_email="owner@bench.example",
            admin_password=uuid.uuid4().hex,  # nobody signs in
        )
        webhooks.create_endpoint(
            session,
            org.organization,
            {"url": "http://127.0.0.1:9/hook"},
            allow_private=True,
        )
        task = tasks.create_task(
            session,
            org.organization,
            {
                "status": "open",
                "category": "data_entry",
                "skills": ["arabic"],
                "hours_per_week": 2,
                "commitment": "ongoing",
                "capacity": CAPACITY,
                "waitlist": True,
                "translations": {
                    "en": {
                        "title": "Remote task",
                        "summary": "Remote help with data",
                        "description": "Task **description** " * 10,
                    }
                },
            },
        )
        key = org.publishable.token
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE bare_insert (id bigserial PRIMARY KEY, task_id integer NOT NULL,"
            " email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        )
    engine.dispose()
    return key, task.public_id


def run_signups(base: str, path: str, seconds: int, connections: int) -> tuple[int, int, float]:
    """(201 answers, other answers or socket errors, seconds) from one wrk run."""
    script = WRK_SCRIPT.replace("RUN", f'"{uuid.uuid4().hex[:8]}"').replace("ORIGIN", ORIGIN)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", file.name]
            + [f"http://{base}{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(file.name)
    total = int(re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).group(1))
    duration = re.search(r"requests in ([\d.]+)(m?s)", out)
    elapsed = float(duration.group(1)) / (1000 if duration.group(2) == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if sockets:
        errors += sum(int(x) for x in sockets.groups())
    return total - (int(bad.group(1)) if bad else 0), errors, elapsed


def _bare_inserts(dsn: str, count: int, ready: Barrier, times: Queue) -> None:
    with psycopg.connect(dsn) as connection:
        ready.wait()  # connected: time the transactions alone
        start = time.perf_counter()
        for n in range(count):
            connection.execute(
                "INSERT INTO bare_insert (task_id, email) VALUES (%s, %s)",
                (1, f"bare{n}-{uuid.uuid4().hex[:8]}@bench.example"),
            )
            connection.commit()
        times.put((start, time.perf_counter()))


def run_bare(url: str, count: int, processes: int = 2) -> float:
    """Bare INSERT transactions per second: `count` in all from `processes` connections,
    from the first one's start to the last one's end (CLOCK_MONOTONIC is system-wide)."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    context = multiprocessing.get_context("fork")
    ready, times = context.Barrier(processes), context.Queue()
    share = [count // processes + (1 if p < count % processes else 0) for p in range(processes)]
    workers = [context.Process(target=_bare_inserts, args=(dsn, n, ready, times)) for n in share]
    for worker in workers:
        worker.start()
    spans = [times.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    return count / (max(end for _, end in spans) - min(start for start, _ in spans))


def analyze(url: str) -> None:
    """Statistics for the rows the warm-up wrote, as autovacuum gathers them within a minute
    on a live server: without them the planner cannot tell the unique (task, address) index
    from the (task, id) one, and checks each address against every sign-up of the task."""
    engine = make_engine(url)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    engine.dispose()


def check_rows(url: str, task_public_id: str) -> dict[str, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        task = session.scalar(sa.select(Task).where(Task.public_id == task_public_id))
        count = sa.func.count()
        figures = {
            "signups": session.scalar(sa.select(count).where(Signup.task_id == task.id)),
            "holders": session.scalar(
                sa.select(count).where(Signup.task_id == task.id, Signup.holds_slot.is_(True))
            ),
            "taken": task.taken,
            "idempotency": session.scalar(sa.select(count).select_from(IdempotencyRecord)),
            "outbox": session.scalar(sa.select(count).select_from(OutboxMessage)),
        }
    engine.dispose()
    return figures


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def ratio_spread(values: list[float], limits: list[float]) -> str:
    """The median and spread of run-by-run ratios: each run's pair was measured together."""
    ratios = [v / limit for v, limit in zip(values, limits, strict=True)]
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"


def measure(url: str, key: str, task_id: str, args: argparse.Namespace) -> int:
    path = f"/api/v1/public/tasks/{task_id}/signups?key={key}"
    rates, bare_rates, floor_rates, failures, created_total = [], [], [], 0, 0
    outbox_before = check_rows(url, task_id)["outbox"]
    floor_env = {"BARE_DSN": url.replace("postgresql+psycopg://", "postgresql://")}
    with (
        tempfile.TemporaryDirectory() as folder,
        gunicorn(url, workers=args.workers) as base,
    ):
        (Path(folder) / "http_insert.py").write_text(HTTP_INSERT_APP)
        floor_env["PYTHONPATH"] = folder
        run_signups(base, path, 2, args.connections)  # warm both workers' caches and pools
        analyze(url)
        warm = check_rows(url, task_id)
        with gunicorn(url, floor_env, "http_insert:app", workers=args.workers) as floor:
            for run in range(args.runs):
                created, bad, elapsed = run_signups(base, path, args.seconds, args.connections)
                failures += bad
                created_total += created
                rates.append(created / elapsed)
                bare_rates.append(run_bare(url, created))
                inserted, refused, spent = run_signups(floor, "/", args.seconds, args.connections)
                failures += refused
                floor_rates.append(inserted / spent)
                print(
                    f"run {run + 1}: {rates[-1]:.0f} sign-ups/s ({created} in {elapsed:.1f} s, "
                    f"{bad} errors), bare INSERTs {bare_rates[-1]:.0f}/s, one INSERT over "
                    f"HTTP {floor_rates[-1]:.0f}/s; ratio {rates[-1] / bare_rates[-1]:.2f}",
                    flush=True,
                )
    rows = check_rows(url, task_id)
    new = rows["signups"] - warm["signups"]
    checks = {
        # wrk stops counting at its deadline: a request in flight then may still be stored.
        "one sign-up per 201 (+ those in flight)": created_total
        <= new
        <= created_total + (args.runs + 1) * args.connections,
        "taken = slot holders <= capacity": rows["taken"] == rows["holders"] <= CAPACITY,
        "one idempotency record per sign-up": rows["idempotency"] == rows["signups"],
        "three outbox rows per sign-up": rows["outbox"] - outbox_before == 3 * rows["signups"],
    }
    print(
        f"\nmachine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}; wrk {args.connections} connections, {args.seconds} s "
        f"per run; gunicorn 2 sync workers; PostgreSQL; bare INSERTs from 2 connections"
    )
    print(f"{'median (min–max) of ' + str(args.runs) + ' runs':<36}{'per s':>16}")
    print(f"{'sign-ups (HTTP, all rows)':<36}{spread(rates):>16}")
    print(f"{'bare INSERT transactions (psycopg)':<36}{spread(bare_rates):>16}")
    print(f"{'one INSERT over HTTP (the floor)':<36}{spread(floor_rates):>16}")
    print(
        f"sign-ups / bare INSERTs = {ratio_spread(rates, bare_rates)}; targets: >= 300/s and >= 0.3"
    )
    print(f"one INSERT over HTTP / bare INSERTs = {ratio_spread(floor_rates, bare_rates)}")
    print(f"sign-ups / one INSERT over HTTP = {ratio_spread(rates, floor_rates)}")
    for label, ok in checks.items():
        print(f"check: {label}: {'ok' if ok else 'FAILED'} {rows if not ok else ''}")
    print(f"error answers: {failures}")
    target(
        "sign-ups over HTTP, per second", spread(rates), ">= 300", statistics.median(rates) >= 300
    )
    ratios = [r / b for r, b in zip(rates, bare_rates, strict=True)]
    target(
        "sign-ups over HTTP, of bare INSERT transactions",
        ratio_spread(rates, bare_rates),
        ">= 0.3",
        statistics.median(ratios) >= 0.3,
    )
    figure(
        "one INSERT over HTTP, of bare INSERT transactions (the floor)",
        ratio_spread(floor_rates, bare_rates),
    )
    return 0 if failures == 0 and all(checks.values()) else 1


def profile(url: str, key: str, task_id: str, count: int) -> int:
    """Sign-ups through the test client: SQL statements each, and pyinstrument's report."""
    from widget_server import create_app
    from widget_server import db as widget_db

    os.environ["WIDGET_SERVER_RATELIMIT_ENABLED"] = "false"
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": uuid.uuid4().hex, "RATELIMIT_ENABLED": False}
    )
    client = app.test_client()
    path = f"/api/v1/public/tasks/{task_id}/signups?key={key}"
    statements: list[str] = []

    def post(n: int) -> None:
        response = client.post(
            path,
            json={"name": "Bench Volunteer", "email": f"p{n}@bench.example", "consent": True},
            headers={"Origin": ORIGIN, "Idempotency-Key": f"profile-{n}"},
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    for n in range(20):  # warm caches: the key, the compiled statements, the templates
        post(n)
    with app.app_context():
        engine = widget_db.engine()
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    post(20)
    print(f"SQL statements in one sign-up: {len(statements)}")
    for statement in statements:
        print("  " + " ".join(statement.split())[:110])
    time_then_profile(post, 21, count, "sign-ups")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    key, task_id = prepare_database(url)
    if args.profile:
        return profile(url, key, task_id, args.count)
    return measure(url, key, task_id, args)


if __name__ == "__main__":
    sys.exit(main())
