"""CSV export of sign-ups against PostgreSQL's own COPY of the same rows, and its memory.

    .venv/bin/python bench/export_csv.py [--runs 3] [--sizes 10000,100000] [--no-before]

On PostgreSQL (database `export_bench` on 127.0.0.1:5432, dropped and recreated;
EXPORT_DATABASE_URL to change it) the bench generates one organization per size, each with
20 tasks and that many sign-ups with varied text (Arabic, quotes, commas, line breaks,
formulas to neutralise, skills, answers, hours, times with microseconds). It starts the
server as the README deploys it (gunicorn, one worker) and, for each size and each run:

- the limit: `COPY (SELECT the same columns of the same rows, unformatted) TO STDOUT
  WITH (FORMAT csv)` read whole through psycopg, in this process;
- the export: GET /api/v1/signups/export.csv read whole over HTTP, while sampling the
  worker's resident memory (the peak printed; /proc clear_refs resets it per request).

It prints each run's rows per second, the ratio export/COPY side by side, then the median
with the min–max spread, and the worker's peak RSS per size (constant memory: the same at
10,000 and 100,000 rows). Unless --no-before, it also times once the Python formatting
that SQLite still uses, on the largest size, in this process, as the figure before COPY.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import postgres_database  # noqa: E402
from bench.listing_throughput import _task  # noqa: E402
from bench.scale import export_with_memory, gunicorn  # noqa: E402
from bench.verdicts import figure, target  # noqa: E402
from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import Organization  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.volunteering import export  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/export_bench"
TASKS = 20

# Varied cells: every 7th name is a formula, every 5th message spans lines with quotes
# and commas, answers hold text and a checkbox, a quarter of the rows have hours.
_SIGNUPS = """
INSERT INTO signup (public_id, task_id, organization_id, name, email, email_normalized, phone,
    skills, availability, message, answers, consent_version, consented_at, locale, origin,
    page_url, status, holds_slot, search_text, skill_tags, hours_contributed, created_at,
    updated_at, status_changed_at)
SELECT 'sgn_' || :org || '_' || g, :first_task + (g - 1) % :tasks, :org,
    CASE WHEN g % 7 = 0 THEN '=HYPERLINK("http://x.example/' || g || '")'
         WHEN g % 2 = 0 THEN 'ليلى حداد ' || g ELSE 'Layla Haddad ' || g END,
    'v' || g || '@example.org', 'v' || g || '@example.org',
    CASE WHEN g % 3 = 0 THEN NULL ELSE '+9613' || lpad(g::text, 6, '0') END,
    CASE WHEN g % 4 = 0 THEN '[]' ELSE '["تصميم", "Canva", "data, entry"]' END::json,
    'Evenings, weekends', CASE WHEN g % 5 = 0
        THEN 'Happy to help, "really".' || chr(10) || '-- a second line' ELSE 'Happy to help' END,
    ('{"q1": "Beirut, Lebanon", "agree": ' || (g % 2 = 0)::text || '}')::json,
    '2026-11-01', now() - make_interval(secs => g * 1.5), (ARRAY['ar','en','fr'])[1 + g % 3],
    'https://ngo.example', CASE WHEN g % 2 = 0 THEN 'https://ngo.example/volunteer?ref=' || g END,
    (ARRAY['pending','confirmed','accepted','waitlisted','completed'])[1 + g % 5], false, '', '',
    CASE WHEN g % 4 = 0 THEN (g % 40) / 4.0 + 0.25 END,
    now() - make_interval(secs => g), now(), now() - make_interval(secs => g / 2.0)
FROM generate_series(1, :count) AS g
"""

# The limit: the same rows and columns, left for COPY to write as they are stored.
_RAW = """
SELECT s.public_id, t.public_id, tt.title, s.status, s.name, s.email, s.phone, s.skills,
    s.availability, s.message, s.answers, s.locale, s.origin, s.page_url, s.consent_version,
    s.consented_at, s.created_at, s.status_changed_at, s.hours_contributed
FROM signup s JOIN task t ON t.id = s.task_id
    JOIN task_translation tt ON tt.task_id = t.id AND tt.locale = '{locale}'
WHERE s.organization_id = {org} ORDER BY s.id
"""


def prepare(url: str, sizes: list[int]) -> dict[int, tuple[int, str, str]]:
    """A fresh database with one organization per size: its id, locale and secret key."""
    postgres_database.recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    made: dict[int, tuple[int, str, str]] = {}
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        for size in sizes:
            created = organizations.create_organization(
                session, name=f"NGO {size}", slug=f"ngo-{size}", origins=["https://ngo.example"]
            )
            organization = created.organization
            first = [
                tasks.create_task(session, organization, _task(n, capacity=None))
                for n in range(TASKS)
            ][0]
            session.execute(
                sa.text(_SIGNUPS),
                {"org": organization.id, "first_task": first.id, "tasks": TASKS, "count": size},
            )
            session.commit()
            made[size] = (organization.id, organization.default_locale, created.secret.token)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    total = sum(sizes)
    print(f"generated {total:,} sign-ups in {time.perf_counter() - started:.1f} s")
    return made


def copy_limit(url: str, org: int, locale: str) -> tuple[float, int]:
    """Seconds and bytes for COPY of the same rows, read whole through psycopg."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection, connection.cursor() as cursor:
        started = time.perf_counter()
        size = 0
        statement = f"COPY ({_RAW.format(locale=locale, org=int(org))}) TO STDOUT (FORMAT csv)"
        with cursor.copy(statement) as copy:
            for data in copy:
                size += len(data)
        return time.perf_counter() - started, size


def in_process(url: str, org: int) -> tuple[float, int]:
    """Seconds and bytes of the export as the server produces it (export_signups, COPY on
    PostgreSQL), in this process, without HTTP: the same footing as the COPY."""
    engine = make_engine(url)
    with Session(engine) as session:
        organization = session.get_one(Organization, org)
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in export.export_signups(session, organization))
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, size


def python_before(url: str, org: int) -> tuple[float, int]:
    """Seconds and bytes of the export formatted in Python (SQLite's path), in-process."""
    engine = make_engine(url)
    with Session(engine) as session:
        organization = session.get_one(Organization, org)
        started = time.perf_counter()
        size = sum(len(chunk.encode()) for chunk in export.python_csv(session, organization))
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, size


def _spread(values: list[float], fmt: str) -> str:
    return (
        f"{format(statistics.median(values), fmt)}"
        f" ({format(min(values), fmt)}–{format(max(values), fmt)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--no-before", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("EXPORT_DATABASE_URL", DEFAULT_URL)
    sizes = [int(s) for s in args.sizes.split(",")]
    made = prepare(url, sizes)
    results: dict[int, dict[str, list[float]]] = {
        s: {k: [] for k in ("copy", "served", "served_ratio", "export", "ratio", "before", "peak")}
        for s in sizes
    }
    with gunicorn(url) as (base, pid):
        for run in range(1, args.runs + 1):
            for size in sizes:
                org, locale, secret = made[size]
                copy_seconds, copy_bytes = copy_limit(url, org, locale)
                served_seconds, _ = in_process(url, org)
                ms, export_bytes, before, peak = export_with_memory(base, secret, pid)
                seconds = ms / 1000
                result = results[size]
                result["copy"].append(size / copy_seconds)
                result["served"].append(size / served_seconds)
                result["served_ratio"].append(copy_seconds / served_seconds)
                result["export"].append(size / seconds)
                result["ratio"].append(copy_seconds / seconds)
                result["before"].append(before / 1024)
                result["peak"].append(peak / 1024)
                print(
                    f"run {run}, {size:>7,} rows: COPY {size / copy_seconds:>9,.0f} rows/s"
                    f" ({copy_bytes / 1e6:.1f} MB) | export in-process"
                    f" {size / served_seconds:>9,.0f} (ratio {copy_seconds / served_seconds:.2f})"
                    f" | over HTTP {size / seconds:>9,.0f}"
                    f" rows/s ({export_bytes / 1e6:.1f} MB) | ratio {copy_seconds / seconds:.2f}"
                    f" | worker RSS {before / 1024:.1f} → peak {peak / 1024:.1f} MiB"
                )
    print(f"\nmedian (min–max) of {args.runs} runs; the goal is a ratio of at least 0.30")
    for size in sizes:
        result = results[size]
        print(
            f"{size:>7,} rows: COPY {_spread(result['copy'], ',.0f')} rows/s,"
            f" export in-process {_spread(result['served'], ',.0f')} rows/s,"
            f" ratio {_spread(result['served_ratio'], '.2f')};"
            f" over HTTP {_spread(result['export'], ',.0f')} rows/s,"
            f" ratio {_spread(result['ratio'], '.2f')};"
            f" worker peak RSS {_spread(result['peak'], '.1f')} MiB"
            f" (before {_spread(result['before'], '.1f')})"
        )
    largest = max(sizes)
    ratios = results[largest]["ratio"]
    target(
        f"CSV export of {largest:,} sign-ups over HTTP, of COPY",
        _spread(ratios, ".2f"),
        ">= 0.3",
        statistics.median(ratios) >= 0.3,
    )
    for size in sizes:
        figure(
            f"export worker's peak RSS, {size:,} rows",
            _spread(results[size]["peak"], ".1f") + " MiB",
        )
    if not args.no_before:
        seconds, size = python_before(url, made[largest][0])
        print(
            f"before (Python formatting, in-process, {largest:,} rows, one run):"
            f" {largest / seconds:,.0f} rows/s ({size / 1e6:.1f} MB)"
        )


if __name__ == "__main__":
    main()
