"""`widget-server outbox list` and `retry`, run as an operator runs them."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from tests.test_cli import _run
from tests.test_outbox_faults import queue_emails, state
from widget_server.models import MessageStatus, OutboxMessage


def test_list_shows_dead_messages_with_their_reason_and_retry_brings_them_back(
    session: Session, database_url: str
) -> None:
    dead, alive = queue_emails(session, "rana@example.org", "omar@example.org")
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == dead)
        .values(status=MessageStatus.DEAD, attempts=8, last_error="SMTP 554 rejected")
    )
    session.commit()

    listed = _run(database_url, "outbox", "list", "--status", "dead")
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    assert line.split()[:3] == [str(dead), "email", "dead"]
    assert line.endswith("signup_received  SMTP 554 rejected")

    retried = _run(database_url, "outbox", "retry", "--all-dead")
    assert retried.returncode == 0, retried.stderr
    assert "1 dead messages will be tried again." in retried.stdout
    again = state(session, dead)
    assert (again.status, again.attempts) == (MessageStatus.PENDING, 0)

    refused = _run(database_url, "outbox", "retry", str(alive))
    assert refused.returncode == 1
    assert "Only failed or dead messages can be retried." in refused.stderr
    missing = _run(database_url, "outbox", "retry", "999999")
    assert "This outbox message does not exist." in missing.stderr
