"""A sign-up's round trips to the database: the busiest write pays for each one."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.query_count import counting_queries
from tests.factories import ORIGIN, OrgWithKeys, make_task, signup_payload
from widget_server.models import IdempotencyRecord, OutboxMessage, Role
from widget_server.services.access import organizations
from widget_server.services.hooks import webhooks
from widget_server.web.key_cache import KeyCache

# The task with any stored answer; the previous sign-up with the consent version; the
# slot; the organization's version; the webhook endpoints with the members to tell; and
# one INSERT per table: the sign-up, its outbox rows (together), its idempotency record.
SIGNUP_STATEMENTS = 8


def test_a_signup_with_every_row_it_writes_takes_eight_statements(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    app.extensions["key_cache"] = KeyCache(60)  # as deployed; the tests' default is off
    webhooks.create_endpoint(
        session, org.organization, {"url": "http://127.0.0.1:9/hook"}, allow_private=True
    )
    organizations.add_member(session, org.organization, "owner@example.org", Role.OWNER)
    task = make_task(session, org, capacity=5)
    queued = session.scalar(select(func.count()).select_from(OutboxMessage))
    url = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    for n in range(2):  # the first warms the key cache and the engine
        with counting_queries(app) as statements:
            response = client.post(
                url,
                json=signup_payload(),
                headers={"Origin": ORIGIN, "Idempotency-Key": f"statements-{n}"},
            )
        assert response.status_code == 201
    sql = [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "PRAGMA"))]
    listing = "\n".join(s[:70] for s in sql)
    # PostgreSQL inserts a table's rows in one statement; SQLite may send them one by one.
    kinds = {" ".join(s.split()[:3]) for s in sql}
    assert len(kinds) == SIGNUP_STATEMENTS, listing
    if session.get_bind().dialect.name == "postgresql":
        assert len(sql) == SIGNUP_STATEMENTS, listing
    assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 2
    # The volunteer's email, the owner's and the webhook event, for each sign-up.
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == queued + 6
