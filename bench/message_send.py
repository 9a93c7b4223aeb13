"""One message to 5,000 volunteers: the time to queue it, and the delivery rate.

    .venv/bin/python bench/message_send.py [--volunteers 5000] [--database sqlite|postgresql]

1. A task with N accepted volunteers (default 5,000; written straight to the database, a
   third each in Arabic, English and French). An owner signs in to the panel (Flask test
   client, in process) and sends one message to the task's accepted volunteers with the
   panel's form (POST /admin/messages/new?task=…&status=accepted): the time of that
   request, which writes one message row and one outbox email per volunteer and must not
   wait for delivery (an audit hook counts the network connections it opens: target 0,
   the database's aside).
2. One `widget-server worker --drain` process delivers the N emails to a local aiosmtpd
   server on loopback that counts Message-IDs; the run checks that each arrived once and
   every row ends `sent`, and prints messages per second.

SQLite (a fresh file in a temporary folder) by default; `--database postgresql` uses the
database `outbox_bench` on 127.0.0.1 (dropped and recreated; BENCH_DATABASE_URL to change).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from outbox_throughput import (
    SECRET,
    CountingHandler,
    count_sent,
    deliver,
    free_port,
    prepare_database,
    watch_connections,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widget_server import create_app  # noqa: E402
from widget_server.db import utcnow  # noqa: E402
from widget_server.models import Message, OutboxMessage, Signup, SignupStatus  # noqa: E402
from widget_server.models.public_id import new_public_id  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402

OWNER = "owner@bench.example"
PASSWORD = "a long bench password"  # noqa: S105  (a throwaway account in a throwaway database)
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def make_volunteers(app: Any, count: int) -> str:
    """An organization, its owner, a task and `count` accepted sign-ups: the task's id."""
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        new = organizations.create_organization(
            session,
            name="Sawa Aid",
            slug="sawa-aid",
            origins=["https://ngo.example"],
            admin_email=OWNER,
            admin_password=PASSWORD,
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
                "translations": {
                    "en": {"title": "Translate our newsletter"},
                    "ar": {"title": "ترجمة نشرتنا الإخبارية"},
                    "fr": {"title": "Traduire notre lettre"},
                },
            },
        )
        now = utcnow()
        for n in range(count):
            email = f"volunteer{n}@example.org"
            session.add(
                Signup(
                    public_id=new_public_id("sgn"),
                    task_id=task.id,
                    organization_id=new.organization.id,
                    name=f"Volunteer {n}",
                    email=email,
                    email_normalized=email,
                    consent_version="bench",
                    consented_at=now,
                    locale=("ar", "en", "fr")[n % 3],
                    status=SignupStatus.ACCEPTED,
                    holds_slot=True,
                    first_response_at=now,
                )
            )
            if n % 1000 == 999:
                session.commit()
        session.commit()
        task_id = task.public_id
        session.close()
    return task_id


def queue(app: Any, task_id: str, count: int, url: str) -> float:
    """Send the message with the panel's form; the request's seconds."""
    client = app.test_client()
    token = _TOKEN.search(client.get("/admin/sign-in").get_data(as_text=True))
    assert token
    signed_in = client.post(
        "/admin/sign-in", data={"email": OWNER, "password": PASSWORD, "csrf_token": token[1]}
    )
    assert signed_in.status_code == 303, signed_in.status_code
    query = f"task={task_id}&status=accepted"
    preview = client.get(f"/admin/messages/new?{query}").get_data(as_text=True)
    assert f"goes to {count:,} volunteers" in preview or f"goes to {count} volunteers" in preview
    csrf = _TOKEN.search(preview)
    assert csrf

    connects, listening = watch_connections(url)
    body = "Hello {name}, the brief for {task} is at https://ngo.example/brief."
    listening.set()
    started = time.perf_counter()
    response = client.post(
        f"/admin/messages/new?{query}",
        data={"csrf_token": csrf[1], "message": body, "expected": str(count)},
    )
    seconds = time.perf_counter() - started
    listening.clear()
    if response.status_code != 303:
        raise SystemExit(f"sending failed: {response.status_code}")
    with app.app_context():
        session = app.extensions["db_sessionmaker"]()
        messages = session.scalar(sa.select(sa.func.count()).select_from(Message))
        emails = session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        session.close()
    print(f"  queueing one message to {count} volunteers (the panel's POST, one request):")
    print(f"    {seconds:6.2f} s = {count / seconds:7.0f} recipients/s queued")
    print(f"    rows written: {messages} messages, {emails} outbox emails")
    print(f"    network connections opened by the request: {len(connects)} (target 0)")
    if connects:
        raise SystemExit(f"the request opened connections: {connects[:5]}")
    return seconds


def delivery(url: str, count: int) -> None:
    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        seconds, cpu = deliver(url, f"smtp://127.0.0.1:{port}", 1)
    finally:
        controller.stop()
    received, unique, sent = sum(handler.ids.values()), len(handler.ids), count_sent(url)
    if not (received == unique == sent and received >= count):
        raise SystemExit(f"received {received}, unique {unique}, sent {sent}, wanted {count}")
    print("  delivery by one worker to a local SMTP server:")
    print(
        f"    {received} emails in {seconds:6.2f} s = {received / seconds:5.0f} messages/s "
        f"(each Message-ID received once); worker CPU {cpu / received * 1000:.1f} ms per message"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    options = parser.parse_args()
    asyncio.set_event_loop_policy(None)
    print(
        f"Message send — {options.database}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(options.database, Path(folder))
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": SECRET,
                "RATELIMIT_ENABLED": False,
                "PUBLIC_URL": "https://volunteer.example.org",
            }
        )
        task_id = make_volunteers(app, options.volunteers)
        queue(app, task_id, options.volunteers, url)
        app.extensions["db_engine"].dispose()
        delivery(url, options.volunteers)


if __name__ == "__main__":
    main()
