"""Task alerts: what the worker's scheduled passes cost with many subscribers.

    .venv/bin/python bench/alert_matching.py [--subscribers 10000] [--tasks 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB]

Makes N confirmed subscriptions (three in four immediate, one in four weekly; half for
one organization, half server-wide; varied criteria) and T tasks published a minute ago,
then times, with the SQL statements each sends:
1. the immediate pass that queues the new matches,
2. the same pass a minute later (nothing new: every pair is already queued),
3. the weekly pass on the next Monday.
SQLite (a fresh file) by default; --database-url names a PostgreSQL database whose
public schema is dropped and recreated.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.factories import task_payload  # noqa: E402
from widget_server import migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.models import CATEGORIES, AlertSubscription, OutboxMessage  # noqa: E402
from widget_server.models.public_id import new_public_id  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.task_alerts import (  # noqa: E402
    alert_matching,  # noqa: E402
    alert_weekly,  # noqa: E402
)

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SKILLS = ["Arabic", "English", "design", "video", "Canva", "WordPress", "Excel", "research"]


def prepare(url: str | None, folder: Path) -> str:
    if url is None:
        url = f"sqlite:///{folder / 'alerts-bench.sqlite3'}"
    else:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    migrate.upgrade(url)
    return url


def fill(session: sa.orm.Session, subscribers: int, task_count: int) -> None:
    rng = random.Random(7)
    orgs = [
        organizations.create_organization(
            session, name=f"Bench {n}", slug=f"bench-{n}", origins=["https://ngo.example"]
        ).organization
        for n in range(2)
    ]
    confirmed = WEDNESDAY - timedelta(days=3)
    rows = []
    for n in range(subscribers):
        organization_id = orgs[0].id if n % 2 else None
        rows.append(
            {
                "public_id": new_public_id("alr"),
                "scope": f"org:{organization_id}" if organization_id else "server",
                "organization_id": organization_id,
                "email": f"reader{n}@example.org",
                "categories": rng.sample(CATEGORIES, rng.choice([0, 1, 2, 3])),
                "skills": rng.sample(SKILLS, rng.choice([0, 0, 1, 2])),
                "languages": rng.choice([[], [], ["ar"], ["en"], ["ar", "en"]]),
                "max_hours": rng.choice([None, None, 5, 10]),
                "locale": rng.choice(["ar", "en", "fr"]),
                "frequency": "weekly" if n % 4 == 0 else "immediate",
                "created_at": confirmed,
                "updated_at": confirmed,
                "confirmed_at": confirmed,
                "covered_until": confirmed,
            }
        )
    session.execute(sa.insert(AlertSubscription), rows)
    session.commit()
    for n in range(task_count):
        task = tasks.create_task(
            session,
            orgs[n % 2],
            task_payload(
                category=CATEGORIES[n % len(CATEGORIES)],
                skills=rng.sample(SKILLS, 2),
                hours_per_week=rng.choice([2, 4, 8]),
            ),
        )
        task.published_at = WEDNESDAY - timedelta(minutes=1)
    session.commit()


def timed(engine: sa.Engine, label: str, run: object) -> None:
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("")

    event.listen(engine, "before_cursor_execute", count)
    start = time.perf_counter()
    queued = run()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    event.remove(engine, "before_cursor_execute", count)
    print(
        f"  {label:<44} {elapsed * 1000:8.0f} ms  {len(statements):6d} statements  {queued} emails"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = prepare(args.database_url, Path(folder))
        engine = make_engine(url)
        with sa.orm.Session(engine, expire_on_commit=False) as session:
            fill(session, args.subscribers, args.tasks)
            print(f"{engine.dialect.name}: {args.subscribers} subscribers, {args.tasks} new tasks")
            now = WEDNESDAY
            timed(
                engine,
                "immediate pass (new tasks)",
                lambda: alert_matching.enqueue_immediate(session, now=now),
            )
            later = WEDNESDAY + timedelta(minutes=1)
            timed(
                engine,
                "immediate pass a minute later (nothing new)",
                lambda: alert_matching.enqueue_immediate(session, now=later),
            )
            monday = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
            timed(
                engine,
                "weekly pass on Monday",
                lambda: alert_weekly.enqueue_weekly(session, now=monday),
            )
            total = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
            print(f"  outbox rows: {total}")
        engine.dispose()


if __name__ == "__main__":
    main()
