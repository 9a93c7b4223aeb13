"""Waitlist offers: what freeing a slot costs when it is offered on, and how fast the
worker's pass expires offers and passes them on.

    .venv/bin/python bench/waitlist_offers.py [--offers 500] [--database-url URL]

1. On a task of N places, full, with 2N waitlisted sign-ups: N withdrawals one at a time
   (signups.change_status), each of which offers the freed place to the next in line
   (the median and 95th-percentile time of a withdrawal, offer and email included).
2. The N offers are made due, then one worker pass (slot_offers.expire_due) expires them
   all and offers each place to the next N in line: offers passed on per second.
Checks that the task's `taken` stays at N and that exactly N offers are open after each.

SQLite (a fresh file in a temporary folder) by default; --database-url for PostgreSQL
(the database's tables are dropped and recreated).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widget_server import create_app, migrate  # noqa: E402
from widget_server.models import OfferState, SlotOffer, Task  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.volunteering import (  # noqa: E402
    signups,  # noqa: E402
    slot_offers,  # noqa: E402
)


def _fresh_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    n = args.offers
    folder = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    if args.database_url:
        _fresh_postgres(url)
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})
    session = app.extensions["db_sessionmaker"]()
    org = organizations.create_organization(
        session, name="Bench", slug="bench", origins=[], default_locale="en", timezone="UTC"
    ).organization
    task = tasks.create_task(
        session,
        org,
        {
            "status": "open",
            "category": "translation",
            "hours_per_week": 2,
            "commitment": "ongoing",
            "capacity": n,
            "waitlist": True,
            "translations": {"en": {"title": "Bench task", "summary": "s"}},
        },
    )
    today = datetime.now(UTC).date()
    ids = [
        signups.create_signup(
            session,
            org,
            task.public_id,
            {"name": "V", "email": f"v{i}@example.org", "consent": True},
            default_locale="en",
            origin=None,
            today=today,
        ).body["signup"]["id"]
        for i in range(3 * n)
    ]

    def check() -> None:
        session.expire_all()
        opened = session.scalar(
            sa.select(sa.func.count()).where(SlotOffer.state == OfferState.OPEN)
        )
        taken = session.get(Task, task.id).taken  # type: ignore[union-attr]
        assert taken == n and opened == n, (taken, opened)

    times = []
    for public_id in ids[:n]:
        start = time.perf_counter()
        signups.change_status(session, org, public_id, "withdrawn")
        times.append(time.perf_counter() - start)
    check()
    times.sort()
    print(f"database: {session.get_bind().dialect.name}; {n} places, {2 * n} waiting")
    print(
        f"withdrawal that offers the place on: median {statistics.median(times) * 1000:.1f} ms,"
        f" p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms"
    )

    later = datetime.now(UTC) + timedelta(days=3)
    start = time.perf_counter()
    expired = slot_offers.expire_due(session, now=later)
    elapsed = time.perf_counter() - start
    assert expired == n, expired
    check()
    print(
        f"worker pass: {n} offers expired and passed on in {elapsed:.2f} s"
        f" ({n / elapsed:.0f} per second)"
    )
    session.close()


if __name__ == "__main__":
    main()
