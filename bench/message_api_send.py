"""One message to 5,000 volunteers through the admin API, with a webhook endpoint
subscribed to message.sent: the time of the request that queues it.

    .venv/bin/python bench/message_api_send.py [--volunteers 5000] [--database sqlite|postgresql]

The volunteers are made as bench/message_send.py makes them; the organization gets a
secret key and one enabled endpoint subscribed to message.sent. One POST /api/v1/messages
({"task": …, "statuses": ["accepted"]}) writes one message row, one outbox email and one
outbox webhook per volunteer; the run checks the counts and prints the request's time.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from message_send import make_volunteers
from outbox_throughput import SECRET, prepare_database

from widget_server import create_app
from widget_server.models import KeyKind, Message, MessageKind, Organization, OutboxMessage
from widget_server.services.access import keys
from widget_server.services.hooks import webhooks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    options = parser.parse_args()
    count = options.volunteers
    print(
        f"Message send by API — {options.database}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_database(options.database, Path(folder))
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": False})
        task_id = make_volunteers(app, count)
        with app.app_context():
            session = app.extensions["db_sessionmaker"]()
            organization = session.scalars(sa.select(Organization)).one()
            token = keys.issue_key(session, organization, KeyKind.SECRET).token
            session.commit()
            webhooks.create_endpoint(
                session,
                organization,
                {"url": "http://127.0.0.1:9/hooks", "event_types": ["message.sent"]},
                allow_private=True,
            )
            session.close()
        client = app.test_client()
        started = time.perf_counter()
        response = client.post(
            "/api/v1/messages",
            json={"body": "Hello {name}", "task": task_id, "statuses": ["accepted"]},
            headers={"Authorization": f"Bearer {token}"},
        )
        seconds = time.perf_counter() - started
        assert response.status_code == 201, response.get_data(as_text=True)[:500]
        assert len(response.get_json()["data"]) == count
        with app.app_context():
            session = app.extensions["db_sessionmaker"]()
            rows = dict(
                session.execute(
                    sa.select(OutboxMessage.kind, sa.func.count()).group_by(OutboxMessage.kind)
                ).all()
            )
            messages = session.scalar(sa.select(sa.func.count()).select_from(Message))
            session.close()
        assert messages == count and rows.get(MessageKind.WEBHOOK) == count, (messages, rows)
        print(
            f"POST /api/v1/messages to {count:,} volunteers: {seconds:.2f} s "
            f"({count / seconds:,.0f} recipients/s); {messages:,} messages, "
            f"{rows.get(MessageKind.EMAIL, 0):,} emails and {rows[MessageKind.WEBHOOK]:,} "
            f"message.sent webhooks queued; answer {len(response.get_data()):,} bytes"
        )
        app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
