"""The public listing against a bare WSGI app returning the same bytes, side by side.

    .venv/bin/python bench/listing_throughput.py [--seconds 10] [--connections 32] [--runs 3]
    .venv/bin/python bench/listing_throughput.py --profile [--count 2000]   # pyinstrument

On PostgreSQL (database `widget_bench`, dropped and recreated; BENCH_DATABASE_URL to change
it) and Redis (REDIS_URL, by default redis://127.0.0.1:6379/15, emptied first) with one
organization of 200 open tasks, wrk races under gunicorn with 2 sync workers, each run in
turn and repeated --runs times:

- bare: a WSGI app of a few lines serving the listing's own bytes and headers from memory,
  and a 304 to the same If-None-Match;
- listing: GET /api/v1/public/tasks (first page of 20, Arabic), as deployed: its rate
  limits counted in Redis on every request (the production per-address limit; each request
  comes from its own address through one proxy, and the key's limit is raised, since one
  organization takes the whole load here);
- the same server with rate limits off, which measures what counting costs;
- the bare app waiting for one Redis PING per request: the ceiling of any listing whose
  limits are counted in Redis on every request.

Afterwards, a task edited by another process must show within KEY_CACHE_SECONDS, the
documented staleness (no request begun later than that after the commit may get the old
title), and the answers must be byte for byte the server's. Prints each run, the medians
with their spread and the ratios to bare; targets: 0.85 for the 200 and 0.95 for the 304.
Exits 1 on an error answer or a failed check.

--profile answers --count listing requests through the Flask test client in this process
(the same organization, limits counted in Redis) and prints pyinstrument's report.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from bench.in_process import time_then_profile  # noqa: E402
from bench.verdicts import figure, target  # noqa: E402
from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import CATEGORIES  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/widget_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
KEY_CACHE_SECONDS = 2  # the default, stated here because the staleness check relies on it

# Each request comes from its own address (of 65,536) through one proxy: the per-address
# limit (300 per minute) is the production one and never reached by a visitor.
WRK_SCRIPT = """
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function request()
  counter = counter + 1
  local high, low = math.floor(counter / 256) % 256, counter % 256
  wrk.headers["X-Forwarded-For"] = "10." .. id .. "." .. high .. "." .. low
  return wrk.format(nil, nil, nil, nil)
end
"""

# With BARE_REDIS_URL, each request first waits for Redis's answer to a PING on a
# connection of the worker's own: the least any limit counted in Redis adds.
BARE_APP = """
import json, os
_ANSWER = json.load(open(os.environ["BARE_ANSWER"]))
_BODY = open(os.environ["BARE_ANSWER"] + ".body", "rb").read()
_OK = [tuple(h) for h in _ANSWER["headers"]]
_NOT_MODIFIED = [h for h in _OK if h[0].lower() not in ("content-type", "content-length")]
_ETAG = _ANSWER["etag"]
_REDIS = None
if os.environ.get("BARE_REDIS_URL"):
    import redis
    _REDIS = redis.ConnectionPool.from_url(os.environ["BARE_REDIS_URL"]).connection_kwargs
_connection = None

def app(environ, start_response):
    global _connection
    if _REDIS is not None:
        if _connection is None:  # made after the fork
            _connection = redis.Connection(**_REDIS)
        _connection.send_packed_command([b"*1\\r\\n$4\\r\\nPING\\r\\n"])
        _connection.read_response()
    if environ.get("HTTP_IF_NONE_MATCH") == _ETAG:
        start_response("304 NOT MODIFIED", _NOT_MODIFIED)
        return [b""]
    start_response("200 OK", _OK)
    return [_BODY]
"""


def prepare_database(url: str) -> str:
    """A fresh database with 200 open tasks; returns the publishable key."""
    postgres_database.recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        org = organizations.create_organization(
            session, name="Bench NGO", slug="bench", origins=["https://bench.example"]
        )
        for n in range(200):
            tasks.create_task(session, org.organization, _task(n, capacity=10))
        key = org.publishable.token
    engine.dispose()
    return key


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
def gunicorn(
    url: str,
    settings: dict[str, str] | None = None,
    app: str = "widget_server:create_app()",
    workers: int = 2,
) -> Iterator[str]:
    """gunicorn with sync workers; rate limits are off unless settings turn them on."""
    port = free_port()
    env = {
        **os.environ,
        "WIDGET_SERVER_DATABASE_URL": url,
        "WIDGET_SERVER_SECRET_KEY": uuid.uuid4().hex,
        "WIDGET_SERVER_RATELIMIT_ENABLED": "false",
        **(settings or {}),
    }
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command + ["--log-level", "warning", app], cwd=ROOT, env=env)
    base = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection(base, timeout=1)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(
    base: str, path: str, seconds: int, connections: int, headers: dict[str, str]
) -> tuple[float, int]:
    """(requests per second, error answers and socket errors) of one wrk run."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    try:
        out = subprocess.run(
            command + [f"http://{base}{path}"], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    bad = int(errors.group(1)) if errors else 0
    if sockets:
        bad += sum(int(x) for x in sockets.groups())
    return rps, bad


def fetch(
    base: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection(base, timeout=10)
    address = f"10.255.{random.randrange(256)}.{random.randrange(256)}"  # a visitor's own
    connection.request("GET", path, headers={"X-Forwarded-For": address, **(headers or {})})
    response = connection.getresponse()
    return response.status, response.getheaders(), response.read()


# Headers that differ between two answers to the same request.
_PER_ANSWER = {
    "date",
    "server",
    "connection",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
    "x-ratelimit-limit",
}


def keep_answer(base: str, path: str, folder: Path) -> tuple[str, bytes]:
    """The listing's headers and bytes as the server gives them, for the bare app."""
    status, headers, body = fetch(base, path)
    assert status == 200, status
    kept = [(n, v) for n, v in headers if n.lower() not in _PER_ANSWER]
    etag = dict((n.lower(), v) for n, v in headers)["etag"]
    answer = folder / "answer.json"
    answer.write_text(json.dumps({"headers": kept, "etag": etag}))
    (folder / "answer.json.body").write_bytes(body)
    (folder / "bare_listing.py").write_text(BARE_APP)
    return etag, body


def staleness(url: str, base: str, path: str) -> tuple[float, float]:
    """How long after its commit a title changed by this process was still served: the
    start of the last request answered with the old title, and the end of the first
    answered with the new one, in seconds after the commit."""
    task_id = json.loads(fetch(base, path)[2])["data"][0]["id"]
    engine = make_engine(url)
    title = f"Edited {uuid.uuid4().hex[:8]}"
    translations = _task(0, capacity=10)["translations"]
    translations["ar"]["title"] = title
    with Session(engine) as session:
        org = organizations.get_organization(session, "bench")
        tasks.update_task(session, org, task_id, {"translations": translations})
        edited = time.monotonic()
    engine.dispose()
    last_stale = 0.0
    while True:
        asked = time.monotonic()
        if title.encode() in fetch(base, path)[2]:
            return last_stale, time.monotonic() - edited
        last_stale = asked - edited
        if last_stale > 30:
            return last_stale, float("inf")
        time.sleep(0.05)


def spread(values: list[float], digits: int = 0) -> str:
    low, middle, high = (
        f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values))
    )
    return f"{middle} ({low}–{high})"


def measure(url: str, key: str, args: argparse.Namespace) -> int:
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    redis.Redis.from_url(redis_url).flushdb()
    path = f"/api/v1/public/tasks?key={key}&locale=ar&per_page=20"
    limited = {
        "WIDGET_SERVER_RATELIMIT_ENABLED": "true",
        "WIDGET_SERVER_REDIS_URL": redis_url,
        "WIDGET_SERVER_PROXY_HOPS": "1",
        "WIDGET_SERVER_RATE_LIMIT_LISTING_PER_KEY": "10000000 per minute",
        "WIDGET_SERVER_KEY_CACHE_SECONDS": str(KEY_CACHE_SECONDS),
    }
    unlimited = {**limited, "WIDGET_SERVER_RATELIMIT_ENABLED": "false"}
    figures: dict[str, list[float]] = {}
    failures = 0
    with tempfile.TemporaryDirectory() as folder, gunicorn(url, limited) as served:
        etag, body = keep_answer(served, path, Path(folder))
        bare_env = {"BARE_ANSWER": str(Path(folder) / "answer.json"), "PYTHONPATH": folder}
        with (
            gunicorn(url, bare_env, "bare_listing:app") as bare,
            gunicorn(url, {**bare_env, "BARE_REDIS_URL": redis_url}, "bare_listing:app") as ping,
            gunicorn(url, unlimited) as free,
        ):
            assert fetch(bare, path)[2] == body == fetch(ping, path)[2]
            conditional = {"If-None-Match": etag}
            for run in range(args.runs):
                for label, base, headers in (
                    ("bare 200", bare, {}),
                    ("bare 200 + one Redis PING", ping, {}),
                    ("listing 200", served, {}),
                    ("listing 200, limits off", free, {}),
                    ("bare 304", bare, conditional),
                    ("bare 304 + one Redis PING", ping, conditional),
                    ("listing 304", served, conditional),
                    ("listing 304, limits off", free, conditional),
                ):
                    rps, bad = run_wrk(base, path, args.seconds, args.connections, headers)
                    failures += bad
                    figures.setdefault(label, []).append(rps)
                print(
                    f"run {run + 1}: "
                    + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in figures.items()),
                    flush=True,
                )
            same = all(fetch(base, path)[2] == body for base in (served, free) for _ in range(4))
            not_modified = fetch(served, path, conditional)[0] == 304
            last_stale, seen = staleness(url, served, path)
    print(
        f"\nmachine: {os.cpu_count()} cores, Python {platform.python_version()}, load "
        f"{os.getloadavg()[0]:.1f}; wrk {args.connections} connections, {args.seconds} s per run; "
        f"gunicorn 2 sync workers each; PostgreSQL and Redis"
    )
    print(
        f"{'median (min–max) of ' + str(args.runs) + ' runs':<34}{'req/s':>22}{'ratio to bare':>20}"
    )
    fresh = last_stale <= KEY_CACHE_SECONDS
    ok = failures == 0 and same and not_modified and fresh
    ratios: dict[str, list[float]] = {}
    for label, values in figures.items():
        bare_values = figures["bare " + label.split()[1].rstrip(",")]
        ratios[label] = [v / b for v, b in zip(values, bare_values, strict=True)]
        ratio = "" if label in ("bare 200", "bare 304") else spread(ratios[label], 2)
        print(f"{label:<34}{spread(values):>22}{ratio:>20}")
    print(
        "targets: listing 200 >= 0.85 and listing 304 >= 0.95 of bare; the bare app with one "
        "Redis PING is the most that limits counted in Redis on every request can reach"
    )
    print(f"check: answers byte for byte the server's: {'ok' if same else 'FAILED'}")
    print(f"check: a 304 to a known ETag: {'ok' if not_modified else 'FAILED'}")
    print(
        f"check: an edit by another process was last served stale to a request begun "
        f"{last_stale:.2f} s after its commit, and first seen by one ended {seen:.2f} s after "
        f"(documented: within {KEY_CACHE_SECONDS} s): {'ok' if fresh else 'FAILED'}"
    )
    print(f"error answers: {failures}")
    for status, goal in (("200", 0.85), ("304", 0.95)):
        measured = ratios[f"listing {status}"]
        target(
            f"listing {status}, limits in Redis, of the bare app",
            spread(measured, 2),
            f">= {goal}",
            statistics.median(measured) >= goal,
        )
        figure(
            f"listing {status}, limits off, of the bare app",
            spread(ratios[f"listing {status}, limits off"], 2),
        )
        figure(
            f"bare app {status} with one Redis PING, of the bare app (the ceiling with limits)",
            spread(ratios[f"bare {status} + one Redis PING"], 2),
        )
    return 0 if ok else 1


def profile(url: str, key: str, count: int) -> int:
    """Listing requests through the test client, limits counted in Redis: pyinstrument."""
    from widget_server import create_app

    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": uuid.uuid4().hex,
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATE_LIMIT_LISTING_PER_KEY": "10000000 per minute",
        }
    )
    client = app.test_client()
    path = f"/api/v1/public/tasks?key={key}&locale=ar&per_page=20"

    def get(n: int) -> None:
        address = f"10.1.{n // 256 % 256}.{n % 256}"
        response = client.get(path, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 200, response.status_code

    for n in range(20):
        get(n)
    time_then_profile(get, 20, count, "listings")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    key = prepare_database(url)
    if args.profile:
        return profile(url, key, args.count)
    return measure(url, key, args)


if __name__ == "__main__":
    sys.exit(main())
