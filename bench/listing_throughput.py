"""Throughput of the public task listing against a trivial endpoint, and sign-ups per second.

    .venv/bin/python bench/listing_throughput.py [--seconds 10] [--connections 32]

On PostgreSQL (database `widget_bench`, dropped and recreated; BENCH_DATABASE_URL to change
it) with one organization of 200 open tasks, under gunicorn with 2 workers, a load
generator in other processes (wrk when it is on PATH, else Python processes) races, side by
side in the same run:

- GET /healthz, a trivial JSON answer (run before and after the others; the mean is used);
- GET /api/v1/public/tasks (first page of 20, Arabic), a full answer;
- the same with If-None-Match (the 304 a returning visitor's browser gets).

Target: listing / healthz >= 0.5. Then sign-ups per second with capacity checks on, for a
task without a limit and for a 5-slot task with a waitlist, checked afterwards in the
database (exactly 5 slot holders, one row per 201 answer). Exits 1 on any error answer.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import CATEGORIES, Signup, Task  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/widget_bench"


def prepare_database(url: str) -> tuple[str, str, str]:
    """A fresh database with 200 open tasks; returns the key and the two sign-up task ids."""
    postgres_database.recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        org = organizations.create_organization(
            session, name="Bench NGO", slug="bench", origins=["https://bench.example"]
        )
        for n in range(200):
            tasks.create_task(session, org.organization, _task(n, capacity=10))
        unlimited = tasks.create_task(session, org.organization, _task(900, capacity=None))
        limited = tasks.create_task(session, org.organization, _task(901, capacity=5))
        key = org.publishable.token
    engine.dispose()
    return key, unlimited.public_id, limited.public_id


def _task(n: int, capacity: int | None) -> dict:
    return {
        "status": "open",
        "category": CATEGORIES[n % len(CATEGORIES)],
        "skills": [f"skill-{n % 7}", "arabic"],
        "hours_per_week": 1 + n % 10,
        "commitment": "ongoing",
        "capacity": capacity,
        "waitlist": True,
        "translations": {
            "ar": {
                "title": f"مهمة تطوعية رقم {n}",
                "summary": "مساعدة عن بعد " * 5,
                "description": "وصف **المهمة** " * 30,
            },
            "en": {
                "title": f"Remote task {n}",
                "summary": "Remote help " * 5,
                "description": "Task **description** " * 30,
            },
        },
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "WIDGET_SERVER_DATABASE_URL": url,
        "WIDGET_SERVER_SECRET_KEY": uuid.uuid4().hex,
        # One load generator is one address: measure throughput, not the per-IP limits.
        "WIDGET_SERVER_RATELIMIT_ENABLED": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "widget_server:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection(base, timeout=1)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(
    base: str, path: str, seconds: int, connections: int, headers: dict[str, str]
) -> tuple[float, int]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        command + [f"http://{base}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    bad = int(errors.group(1)) if errors else 0
    if socket_errors:
        bad += sum(int(x) for x in socket_errors.groups())
    return rps, bad


def _python_worker(args: tuple) -> tuple[int, int]:
    base, method, path, headers, signup_process, seconds, threads = args
    import threading

    counts = [0, 0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop(index: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection(base, timeout=30)
            body = None
            if signup_process is not None:
                email = f"p{signup_process}t{index}n{n}@bench.example"
                body = json.dumps({"name": "Bench", "email": email, "consent": True})
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            n += 1
            with lock:
                counts[0 if response.status in (200, 201, 304) else 1] += 1

    pool = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return counts[0], counts[1]


def run_python(
    base: str,
    method: str,
    path: str,
    seconds: int,
    connections: int,
    headers: dict[str, str],
    signup: bool = False,
) -> tuple[float, int, int]:
    processes = min(4, connections)
    per_process = max(1, connections // processes)
    jobs = [
        (base, method, path, headers, p if signup else None, seconds, per_process)
        for p in range(processes)
    ]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_python_worker, jobs)
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    return ok / seconds, bad, ok


def etag_of(base: str, path: str) -> str:
    connection = http.client.HTTPConnection(base, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.getheader("ETag")


def count_rows(url: str, task_public_id: str) -> tuple[int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        task_id = session.scalar(sa.select(Task.id).where(Task.public_id == task_public_id))
        rows = session.scalar(sa.select(sa.func.count()).where(Signup.task_id == task_id))
        holders = session.scalar(
            sa.select(sa.func.count()).where(Signup.task_id == task_id, Signup.holds_slot.is_(True))
        )
    engine.dispose()
    return rows, holders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    key, unlimited, limited = prepare_database(url)
    use_wrk = shutil.which("wrk") is not None
    listing = f"/api/v1/public/tasks?key={key}&locale=ar&per_page=20"
    failures = 0
    figures: dict[str, float] = {}

    def get(path: str, headers: dict[str, str] | None = None) -> float:
        nonlocal failures
        headers = headers or {}
        if use_wrk:
            rps, bad = run_wrk(base, path, args.seconds, args.connections, headers)
        else:
            rps, bad, _ = run_python(base, "GET", path, args.seconds, args.connections, headers)
        failures += bad
        return rps

    with gunicorn(url) as base:
        etag = etag_of(base, listing)
        before = get("/healthz")
        figures["listing (200, full JSON)"] = get(listing)
        figures["listing (304, If-None-Match)"] = get(listing, {"If-None-Match": etag})
        after = get("/healthz")
        figures["healthz (trivial JSON)"] = (before + after) / 2
        signup_rates = {}
        for label, task_id in (("no limit", unlimited), ("5 slots + waitlist", limited)):
            path = f"/api/v1/public/tasks/{task_id}/signups?key={key}"
            rate, bad, created = run_python(
                base,
                "POST",
                path,
                args.seconds,
                args.connections,
                {"Content-Type": "application/json"},
                signup=True,
            )
            failures += bad
            rows, holders = count_rows(url, task_id)
            signup_rates[label] = (rate, created, rows, holders)

    healthz = figures["healthz (trivial JSON)"]
    print(
        f"\nmachine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load generator: {'wrk' if use_wrk else 'python'}, {args.connections} connections, "
        f"{args.seconds} s per run, gunicorn 2 sync workers, PostgreSQL"
    )
    print(f"{'endpoint':<34}{'req/s':>10}{'ratio':>8}")
    for label, rps in figures.items():
        print(f"{label:<34}{rps:>10.0f}{rps / healthz:>8.2f}")
    heading = "sign-ups (POST, capacity checks on)"
    print(f"\n{heading:<38}{'per s':>8}{'201s':>8}{'rows':>8}{'slots':>7}")
    ok = failures == 0
    for label, (rate, created, rows, holders) in signup_rates.items():
        print(f"{label:<38}{rate:>8.0f}{created:>8}{rows:>8}{holders:>7}")
        ok = ok and rows == created
    ok = ok and signup_rates["5 slots + waitlist"][3] == 5
    ratio = figures["listing (200, full JSON)"] / healthz
    print(f"\nlisting/healthz = {ratio:.2f} (target >= 0.5); error answers: {failures}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
