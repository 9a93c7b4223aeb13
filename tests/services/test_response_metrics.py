"""Time to first answer and the share answered within the promise, from known data."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy.orm import Session

from tests.admin.query_count import counting_queries
from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import SignupStatus
from widget_server.services.follow_up import response_metrics
from widget_server.services.follow_up.response_metrics import percentile

HOUR = timedelta(hours=1)


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert percentile(values, 0.5) == 5.0
    assert percentile([7.0], 0.9) == 7.0


def test_median_p90_and_share_within_the_promise_from_known_waits(
    app: Flask, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    now = utcnow()
    created = now - timedelta(days=20)
    # Ten answered sign-ups: waited 1, 2, ... 10 hours, and one answered after four days.
    waits = [n * HOUR for n in range(1, 11)] + [timedelta(days=4)]
    for wait in waits:
        signup = make_signup(session, org, task)
        signup.created_at = created
        signup.first_response_at = created + wait
        signup.status = SignupStatus.ACCEPTED
        session.commit()  # before the next sign-up's write transaction
    # Not answered: two past due (one still waiting, one closed), one not due yet, one
    # that withdrew before any answer, one older than the period.
    for status, age in [
        (SignupStatus.CONFIRMED, timedelta(days=5)),
        (SignupStatus.EXPIRED, timedelta(days=30)),
        (SignupStatus.PENDING, timedelta(hours=5)),
        (SignupStatus.WITHDRAWN, timedelta(days=5)),
        (SignupStatus.CONFIRMED, timedelta(days=120)),
    ]:
        signup = make_signup(session, org, task)
        signup.status = status
        signup.created_at = now - age
        session.commit()

    with counting_queries(app) as queries:
        figures = response_metrics.response_metrics(session, org.organization, now)

    assert len(queries) == 1
    assert figures.answered == 11
    assert figures.median == 6 * HOUR
    assert figures.p90 == 10 * HOUR
    assert figures.counted == 13
    assert figures.within_promise == 10
    assert figures.share_within_promise == 10 / 13


def test_no_signups_give_no_figures(session: Session) -> None:
    organization = make_org(session).organization
    figures = response_metrics.response_metrics(session, organization, utcnow())
    assert (figures.median, figures.p90, figures.share_within_promise) == (None, None, None)
