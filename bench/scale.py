"""Latency at scale: does a request cost more when the tables are 100 times larger?

    .venv/bin/python bench/scale.py [--requests 40] [--scales 1,0.01] [--org-signups 5000]

On PostgreSQL (database `widget_scale` on 127.0.0.1:5432, dropped and recreated per scale;
SCALE_DATABASE_URL to change it), for each scale S the bench generates with
generate_series 1,000·S organizations, 100,000·S tasks and 1,000,000·S sign-ups, plus one
measured organization of the same size at every scale: 100 open tasks and 5,000 sign-ups.
It then starts the server as the README deploys it (gunicorn, one worker, so the worker's
memory is the one measured; listing cache off, so every listing reaches the database; rate
limits off) and times, one request after another:

- the public listing (page 1, a later page, a search), GET /api/v1/public/tasks;
- the admin sign-up list, GET /api/v1/signups (first page, a page by cursor deep in the
  list, filtered by status, filtered by task);
- the CSV export of the measured organization, GET /api/v1/signups/export.csv, while
  sampling the worker's resident memory (peak RSS printed; /proc clear_refs resets it).

The measured organization is the same at every scale, so a latency that grows between
scales grows with the table, not with the answer. Latencies move with whatever else the
machine is doing, so the bench also counts the PostgreSQL pages (buffers, from EXPLAIN
ANALYZE) that each request's queries touch, in-process through the same service calls.
The last table prints large/small for both. --org-signups makes the measured
organization's export larger, to see that the worker's memory does not follow.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from bench.listing_throughput import _task, free_port  # noqa: E402
from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.volunteering import (  # noqa: E402
    export,  # noqa: E402
    signups,  # noqa: E402
)

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/widget_scale"
MEASURED_TASKS = 100
MEASURED_SIGNUPS = 5000

_GENERATE = """
INSERT INTO organization (slug, name, default_locale, timezone, allowed_origins,
                          content_version, created_at, updated_at)
SELECT 'gen-' || g, 'Generated organization ' || g, 'en', 'UTC',
       '["https://gen.example"]'::json, 1, now(), now()
FROM generate_series(1, :orgs) AS g;

INSERT INTO task (public_id, organization_id, status, category, skills, skill_tags, languages,
                  hours_per_week, commitment, schedule, timezone, capacity, waitlist, taken,
                  custom_questions, default_locale, search_text, created_at, updated_at,
                  published_at)
SELECT 'tsk_gen' || g, o.first_id + (g - 1) % :orgs,
       (ARRAY['open','open','open','draft','closed'])[1 + g % 5],
       (ARRAY['translation','data_entry','web_design','writing'])[1 + g % 4],
       '["design"]'::json, '|design|', '["en"]'::json, 1 + g % 10, 'ongoing', 'flexible',
       'UTC', NULL, false, 0, '[]'::json, 'en', 'remote task number ' || g,
       now(), now(), now() - make_interval(mins => g)
FROM generate_series(1, :tasks) AS g,
     (SELECT min(id) AS first_id FROM organization WHERE slug LIKE 'gen-%') AS o;

INSERT INTO task_translation (task_id, locale, title, summary, description, description_html,
                              accessibility_notes)
SELECT id, 'en', 'Remote task ' || id, 'Help from home', 'Details', '<p>Details</p>', ''
FROM task WHERE public_id LIKE 'tsk_gen%';

INSERT INTO signup (public_id, task_id, organization_id, name, email, email_normalized, phone,
                    skills, availability, message, answers, consent_version, consented_at,
                    locale, origin, page_url, status, holds_slot, created_at, updated_at,
                    status_changed_at)
SELECT 'sgn_gen' || g, t.first_id + (g - 1) % :tasks,
       o.first_id + ((g - 1) % :tasks) % :orgs,
       'Volunteer ' || g, 'v' || g || '@example.org', 'v' || g || '@example.org', NULL,
       '[]'::json, 'Evenings', 'Happy to help', '{}'::json, '2026-11-01', now(), 'en',
       'https://gen.example', NULL,
       (ARRAY['pending','confirmed','accepted','waitlisted'])[1 + g % 4], false,
       now() - make_interval(secs => g), now(), now()
FROM generate_series(1, :signups) AS g,
     (SELECT min(id) AS first_id FROM task WHERE public_id LIKE 'tsk_gen%') AS t,
     (SELECT min(id) AS first_id FROM organization WHERE slug LIKE 'gen-%') AS o;
"""


def prepare(url: str, scale: float, org_signups: int) -> dict[str, str]:
    """A fresh database at this scale; the measured organization's keys and a task id."""
    postgres_database.recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        created = organizations.create_organization(
            session, name="Measured NGO", slug="measured", origins=["https://ngo.example"]
        )
        organization = created.organization
        made = [
            tasks.create_task(session, organization, _task(n, capacity=None))
            for n in range(MEASURED_TASKS)
        ]
        counts = {
            "orgs": round(1000 * scale),
            "tasks": round(100_000 * scale),
            "signups": round(1_000_000 * scale),
        }
        for statement in _GENERATE.split(";\n"):
            if statement.strip():
                session.execute(sa.text(statement), counts)
        # The measured organization's sign-ups, spread over its tasks.
        session.execute(
            sa.text(
                """
                INSERT INTO signup (public_id, task_id, organization_id, name, email,
                    email_normalized, skills, availability, message, answers, consent_version,
                    consented_at, locale, status, holds_slot, created_at, updated_at,
                    status_changed_at)
                SELECT 'sgn_m' || g, (:first + (g - 1) % :n), :org, 'Volunteer ' || g,
                    'm' || g || '@example.org', 'm' || g || '@example.org', '["design"]'::json,
                    'Weekends', 'I can help with =SUM(A1)', '{}'::json, '2026-11-01', now(),
                    'ar', (ARRAY['pending','accepted','waitlisted'])[1 + g % 3], false,
                    now() - make_interval(secs => g), now(), now()
                FROM generate_series(1, :count) AS g
                """
            ),
            {"first": made[0].id, "n": MEASURED_TASKS, "org": organization.id,
             "count": org_signups},
        )  # fmt: skip
        session.commit()
        secret = created.secret.token
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    print(
        f"  generated {counts['orgs'] + 1:,} organizations, {counts['tasks'] + MEASURED_TASKS:,}"
        f" tasks, {counts['signups'] + org_signups:,} sign-ups"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return {"key": created.publishable.token, "secret": secret, "task": made[-1].public_id}


@contextmanager
def gunicorn(url: str) -> Iterator[tuple[str, int]]:
    """The README's command with one worker; yields the address and the worker's pid."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")},
        "WIDGET_SERVER_DATABASE_URL": url,
        "WIDGET_SERVER_SECRET_KEY": uuid.uuid4().hex,
        "WIDGET_SERVER_RATELIMIT_ENABLED": "false",
        "WIDGET_SERVER_LISTING_CACHE_SIZE": "0",
    }
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn_bin), "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level",
               "warning", "--timeout", "300", "widget_server:create_app()"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if _get(base, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        yield base, int(children[0])
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, int]:
    connection = http.client.HTTPConnection(base, timeout=300)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return response.status, size


def timed(base: str, path: str, requests: int, headers: dict[str, str] | None = None) -> float:
    """Median milliseconds over the requests, after two warm-up requests."""
    for _ in range(2):
        _get(base, path, headers)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(base, path, headers)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def export_with_memory(base: str, secret: str, pid: int) -> tuple[float, int, int, int]:
    """Export time (ms), bytes, and the worker's resident memory before and at peak (KiB)."""
    headers = {"Authorization": f"Bearer {secret}"}
    _get(base, "/api/v1/signups?limit=1", headers)  # warm: the key and the first query
    before = _status_kib(pid, "VmRSS")
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _status_kib(pid, "VmRSS"))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    _, size = _get(base, "/api/v1/signups/export.csv", headers)
    elapsed = (time.perf_counter() - started) * 1000
    done.set()
    sampler.join()
    return elapsed, size, before, max(peak[0], _status_kib(pid, "VmHWM"))


def _service_calls(session: Session, task_id: str, cursor: str) -> dict[str, Callable[[], Any]]:
    """What each measured request asks of the database, called in-process."""
    organization = organizations.get_organization(session, "measured")
    today = date.today()

    def listing(**filters: Any) -> Callable[[], Any]:
        return lambda: tasks.list_public_tasks(
            session, organization, tasks.PublicFilters(**filters), today
        )

    def admin_list(**filters: Any) -> Callable[[], Any]:
        return lambda: signups.list_signups(session, organization, limit=50, **filters)

    return {
        "listing, page 1": listing(),
        "listing, page 4": listing(page=4),
        "listing, search": listing(q="task"),
        "signups, first page": admin_list(),
        "signups, deep cursor": admin_list(cursor=cursor),
        "signups, by status": admin_list(status="accepted"),
        "signups, by task": admin_list(task_public_id=task_id),
        "CSV export": lambda: sum(1 for _ in export.export_signups(session, organization)),
    }


def database_pages(url: str, task_id: str, cursor: str) -> dict[str, int]:
    """PostgreSQL buffers (8 KiB pages) each request's queries touch, from EXPLAIN ANALYZE:
    unlike a latency, this count does not depend on what else the machine is doing."""
    engine = make_engine(url)
    captured: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not statement.startswith("EXPLAIN"):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    pages: dict[str, int] = {}
    with Session(engine) as session:
        for name, call in _service_calls(session, task_id, cursor).items():
            captured.clear()
            call()
            queries = list(captured)
            total = 0
            for statement, parameters in queries:
                plan = (
                    session.connection()
                    .exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters
                    )
                    .scalar_one()
                )
                top = plan[0]["Plan"]
                total += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
            pages[name] = total
            session.rollback()
    engine.dispose()
    return pages


def measure(url: str, scale: float, requests: int, org_signups: int) -> dict[str, float]:
    print(f"scale {scale:g}:")
    ids = prepare(url, scale, org_signups)
    key, auth = ids["key"], {"Authorization": f"Bearer {ids['secret']}"}
    results: dict[str, float] = {}
    with gunicorn(url) as (base, pid):
        first = _first_cursor(base, auth)
        cases = {
            "listing, page 1": (f"/api/v1/public/tasks?key={key}&locale=ar", None),
            "listing, page 4": (f"/api/v1/public/tasks?key={key}&page=4", None),
            "listing, search": (f"/api/v1/public/tasks?key={key}&q=task", None),
            "signups, first page": ("/api/v1/signups?limit=50", auth),
            "signups, deep cursor": (f"/api/v1/signups?limit=50&cursor={first}", auth),
            "signups, by status": ("/api/v1/signups?limit=50&status=accepted", auth),
            "signups, by task": (f"/api/v1/signups?limit=50&task={ids['task']}", auth),
        }
        for name, (path, headers) in cases.items():
            results[name] = timed(base, path, requests, headers)
            print(f"  {name:<24} {results[name]:8.1f} ms")
        elapsed, size, before, peak = export_with_memory(base, ids["secret"], pid)
        results["CSV export"] = elapsed
        print(
            f"  {'CSV export':<24} {elapsed:8.1f} ms  {size / 1e6:.2f} MB;"
            f" worker RSS {before / 1024:.1f} MiB before, peak {peak / 1024:.1f} MiB"
        )
    pages = database_pages(url, ids["task"], first)
    print("  database pages read per request:")
    for name, count in pages.items():
        print(f"    {name:<22} {count:8,}")
        results[f"pages: {name}"] = count
    return results


def _first_cursor(base: str, auth: dict[str, str]) -> str:
    """A cursor 4,000 sign-ups into the measured organization's list."""
    import json

    connection = http.client.HTTPConnection(base, timeout=300)
    connection.request("GET", "/api/v1/signups?limit=200", headers=auth)
    cursor = json.loads(connection.getresponse().read())["next_cursor"]
    for _ in range(19):
        connection.request("GET", f"/api/v1/signups?limit=200&cursor={cursor}", headers=auth)
        cursor = json.loads(connection.getresponse().read())["next_cursor"]
    connection.close()
    return cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--scales", default="1,0.01", help="first is the large one")
    parser.add_argument(
        "--org-signups",
        type=int,
        default=MEASURED_SIGNUPS,
        help="sign-ups of the measured organization (a larger export, the same memory?)",
    )
    args = parser.parse_args()

    url = os.environ.get("SCALE_DATABASE_URL", DEFAULT_URL)
    scales = [float(s) for s in args.scales.split(",")]
    runs = [measure(url, scale, args.requests, args.org_signups) for scale in scales]
    if len(runs) == 2:
        print(f"\nlarge / small (scale {scales[0]:g} vs {scales[1]:g}; same answers):")
        for name in runs[0]:
            ratio = runs[0][name] / runs[1][name] if runs[1][name] else float("nan")
            print(f"  {name:<30} {ratio:6.2f}")


if __name__ == "__main__":
    main()
