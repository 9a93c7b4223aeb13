"""The widget's view beacon and the dashboard figures built on it: counts, never people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ORIGIN, OrgWithKeys, make_signup, make_task
from widget_server.models import WidgetViewCount
from widget_server.services.follow_up import dashboard
from widget_server.services.volunteering import signups


def _beacon(client: FlaskClient, org: OrgWithKeys, origin: str | None = ORIGIN, **env: str):  # noqa: ANN202
    headers = {"Origin": origin} if origin else {}
    return client.post(
        f"/api/v1/public/views?key={org.publishable}", headers=headers, environ_base=env
    )


def test_each_beacon_adds_one_to_the_sites_counter_for_the_day(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    for _ in range(3):
        response = _beacon(client, org)
        assert response.status_code == 204
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "Set-Cookie" not in response.headers
    rows = session.scalars(select(WidgetViewCount)).all()
    assert [(r.origin, r.views) for r in rows] == [(ORIGIN, 3)]


def test_beacons_from_other_sites_or_without_origin_are_not_counted(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    assert _beacon(client, org, "https://evil.example").status_code == 403
    assert _beacon(client, org, None).status_code == 204
    assert _beacon(client, org, "http://localhost").status_code == 204  # the admin preview
    assert session.scalars(select(WidgetViewCount)).all() == []


def test_beacons_are_rate_limited_per_client_without_keeping_its_address(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_VIEW_PER_IP="2 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )
    from widget_server.web.rate_limits import limiter

    limiter.init_app(app)
    client = app.test_client()
    codes = [_beacon(client, org, REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert codes == [204, 204, 429]
    assert _beacon(client, org, REMOTE_ADDR="203.0.113.10").status_code == 204
    stored = str(limiter.storage.storage) if hasattr(limiter.storage, "storage") else ""
    assert "203.0.113.9" not in stored
    assert session.scalars(select(WidgetViewCount.views)).all() == [3]


def test_dashboard_counts_open_tasks_weekly_signups_and_conversion_per_site(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    make_task(session, org, status="draft")
    for _ in range(4):
        _beacon(client, org)
    make_signup(session, org, task)
    make_signup(session, org, task, origin=None)  # from the hosted page
    signups.change_status(
        session, org.organization, make_signup(session, org, task).public_id, "accepted"
    )
    figures = dashboard.build_dashboard(session, org.organization, datetime.now(UTC))
    assert figures.open_tasks == 1
    assert figures.signups_this_week == 3 and sum(w.signups for w in figures.weeks) == 3
    assert len(figures.weeks) == 12 and figures.weeks[-1].start.weekday() == 0
    assert [(s.origin, s.views, s.signups, s.rate) for s in figures.sites] == [(ORIGIN, 4, 2, 0.5)]
    a_month_on = dashboard.build_dashboard(
        session, org.organization, datetime.now(UTC) + timedelta(days=120)
    )
    assert a_month_on.signups_this_week == 0 and a_month_on.sites == []
