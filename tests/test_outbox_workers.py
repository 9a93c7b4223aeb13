"""Workers as operators run them: separate processes, side by side, and killed mid-batch."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.smtp_sink import SmtpSink
from tests.test_outbox_faults import queue_emails
from tests.waiting import wait_until
from widget_server.db import utcnow
from widget_server.models import MessageStatus, OutboxMessage

_ROW_ID = re.compile(r"<outbox\.(\d+)\.")


def start_worker(database_url: str, smtp_url: str, *args: str, **settings: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "WIDGET_SERVER_DATABASE_URL": database_url,
        "WIDGET_SERVER_SECRET_KEY": "worker-test-secret",
        "WIDGET_SERVER_SMTP_URL": smtp_url,
        **{f"WIDGET_SERVER_{name}": value for name, value in settings.items()},
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from widget_server.cli import main; main()", "worker", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> None:
    _, stderr = process.communicate(timeout=240)
    assert process.returncode == 0, stderr


def delivered_row_ids(sink: SmtpSink) -> list[int]:
    return [int(_ROW_ID.match(str(m["Message-ID"])).group(1)) for m in sink.messages]  # type: ignore[union-attr]


def leases_held(session: Session) -> int:
    """Claimed rows whose lease has not run out yet."""
    session.expire_all()
    return session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.SENDING)
        .where(OutboxMessage.lease_expires_at > utcnow())
    )


def count(session: Session, status: MessageStatus) -> int:
    session.expire_all()
    query = select(func.count()).where(OutboxMessage.status == status)
    return session.scalar(query.select_from(OutboxMessage)) or 0


def test_two_workers_at_once_deliver_each_message_exactly_once(
    session: Session, database_url: str, smtp_sink: SmtpSink
) -> None:
    ids = queue_emails(session, *(f"volunteer{n}@example.org" for n in range(300)))
    smtp_sink.handler.delay_seconds = 0.002

    workers = [
        start_worker(database_url, smtp_sink.url, "--drain", "--batch-size", "10") for _ in range(2)
    ]
    for worker in workers:
        finish(worker)

    received = delivered_row_ids(smtp_sink)
    assert sorted(received) == sorted(ids)  # every message, and none twice
    assert count(session, MessageStatus.SENT) == 300


def test_worker_killed_mid_batch_loses_nothing_and_a_new_worker_finishes_the_job(
    session: Session, database_url: str, smtp_sink: SmtpSink
) -> None:
    ids = queue_emails(session, *(f"volunteer{n}@example.org" for n in range(200)))
    smtp_sink.handler.delay_seconds = 0.01
    lease = {"OUTBOX_LEASE_SECONDS": "3"}

    doomed = start_worker(database_url, smtp_sink.url, "--batch-size", "25", **lease)
    wait_until(lambda: len(smtp_sink.messages) >= 40, timeout=120)
    doomed.send_signal(signal.SIGKILL)
    doomed.communicate(timeout=30)
    assert doomed.returncode == -signal.SIGKILL
    assert count(session, MessageStatus.SENT) < 200  # killed with work in hand
    assert count(session, MessageStatus.SENDING) > 0  # rows it had claimed

    wait_until(lambda: leases_held(session) == 0)  # the dead worker's leases run out
    finish(start_worker(database_url, smtp_sink.url, "--drain", **lease))

    received = delivered_row_ids(smtp_sink)
    assert set(received) == set(ids)  # nothing lost
    # The receiver dedupes by Message-ID: at most the one message that was on the wire
    # when the worker died reached it twice, under the same Message-ID.
    assert len(received) - len(set(received)) <= 1
    assert count(session, MessageStatus.SENT) == 200
