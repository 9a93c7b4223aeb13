"""The follow-up promise at scale: the panel's badge count, the dashboard's response
figures, and the worker's follow-up pass, on an organization with many sign-ups.

    .venv/bin/python bench/followup_pass.py [--signups 20000] [--database-url URL]

Seeds one organization (SQLite in a temporary file unless --database-url names an empty
database) with --signups sign-ups spread over 120 days, a third of them still unanswered,
then times (median of 5) the badge's count and the dashboard's figures, the worker's
passes (closing, nudges, owners' digest) until the backlog of sign-ups to close is gone,
and a pass with nothing left to do.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from widget_server import create_app, migrate  # noqa: E402
from widget_server.db import utcnow  # noqa: E402
from widget_server.models import Signup  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.catalog.search import search_columns  # noqa: E402
from widget_server.services.follow_up import (  # noqa: E402
    followup,  # noqa: E402
    followup_notices,  # noqa: E402
    response_metrics,  # noqa: E402
)


def _timed(action: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=20000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        new = organizations.create_organization(
            session,
            name="Bench",
            slug="bench",
            origins=["https://ngo.example"],
            admin_email="owner@ngo.example",
            admin_password="a long password",  # noqa: S106  (a throwaway database)
        )
        organization = new.organization
        task = tasks.create_task(
            session,
            organization,
            {
                "status": "open",
                "category": "translation",
                "skills": ["arabic"],
                "languages": ["ar"],
                "hours_per_week": 2,
                "commitment": "ongoing",
                "capacity": None,
                "translations": {"en": {"title": "Translate"}},
            },
        )
        now = utcnow()
        rows = []
        for n in range(args.signups):
            created = now - timedelta(minutes=(n * 120 * 24 * 60) // args.signups)
            answered = n % 3 != 0
            text, tags = search_columns(f"V {n}", f"v{n}@example.org", ["arabic"], "")
            rows.append(
                {
                    "public_id": f"sgn_bench{n}",
                    "task_id": task.id,
                    "organization_id": organization.id,
                    "name": f"V {n}",
                    "email": f"v{n}@example.org",
                    "email_normalized": f"v{n}@example.org",
                    "skills": ["arabic"],
                    "consent_version": "builtin",
                    "consented_at": created,
                    "locale": "en",
                    "status": "accepted" if answered else "confirmed",
                    "holds_slot": True,
                    "search_text": text,
                    "skill_tags": tags,
                    "created_at": created,
                    "updated_at": created,
                    "status_changed_at": created,
                    "first_response_at": created + timedelta(hours=n % 100) if answered else None,
                    # Only the last week's are new to the pass; older ones were nudged before.
                    "nudge_stage": 0 if now - created < timedelta(days=7) else 2,
                }
            )
        session.execute(insert(Signup), rows)
        session.commit()

        badge = _timed(lambda: followup.needs_reply_count(session, organization, utcnow()))
        figures = _timed(lambda: response_metrics.response_metrics(session, organization, utcnow()))

        closed: list[int] = []

        def one_pass() -> None:
            moment = utcnow()
            closed.append(followup_notices.close_unanswered(session, now=moment))
            followup_notices.enqueue_nudges(session, now=moment)
            followup_notices.enqueue_owner_digests(session, now=moment, from_hour=0)

        start = time.perf_counter()
        one_pass()
        while closed[-1]:  # passes until the backlog of sign-ups to close is gone
            one_pass()
        backlog = (time.perf_counter() - start) * 1000
        steady = _timed(one_pass, repeat=3)
        session.close()
    database = url.split(":", 1)[0]
    print(f"{args.signups} sign-ups on {database}:")
    print(f"  badge count (needs a reply):      {badge:8.1f} ms")
    print(f"  dashboard response figures (90 d): {figures:7.1f} ms")
    print(
        f"  passes until all {sum(closed)} overdue sign-ups are closed: {backlog:7.1f} ms "
        f"({backlog / max(sum(closed), 1):.1f} ms per sign-up closed, its email included)"
    )
    print(f"  a pass with nothing left to do:   {steady:8.1f} ms")


if __name__ == "__main__":
    main()
