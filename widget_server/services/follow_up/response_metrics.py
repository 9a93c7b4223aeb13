"""How well an organization keeps its follow-up promise: time to first answer, and the
share of sign-ups answered within the promise.

One query reads the timestamps of the period's sign-ups; the figures are worked out
here, the same on SQLite and PostgreSQL.

Counted: sign-ups created in the period that the organization has answered, or that
are past their due time without an answer and still waiting or closed for want of one
(status expired). A volunteer who withdrew before any answer, or who was put on the
waitlist at sign-up, was not waiting for one.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from widget_server.models import Organization, Signup, SignupStatus
from widget_server.services.follow_up import followup

PERIOD_DAYS = 90
_UNANSWERED_COUNTED = (*followup.AWAITING_STATUSES, SignupStatus.EXPIRED)


@dataclass(frozen=True)
class ResponseMetrics:
    since: datetime
    counted: int  # sign-ups that were owed an answer by now
    answered: int
    within_promise: int
    median: timedelta | None  # time to first answer, among answered sign-ups
    p90: timedelta | None

    @property
    def share_within_promise(self) -> float | None:
        return self.within_promise / self.counted if self.counted else None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at or above `fraction` of the values."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def response_metrics(
    session: Session, organization: Organization, now: datetime, *, days: int = PERIOD_DAYS
) -> ResponseMetrics:
    """The promise's figures over sign-ups created in the last `days` days."""
    since = now - timedelta(days=days)
    promise = timedelta(days=organization.response_days)
    rows = session.execute(
        select(Signup.created_at, Signup.first_response_at, Signup.status).where(
            Signup.organization_id == organization.id, Signup.created_at >= since
        )
    ).all()
    waits: list[float] = []
    counted = within = 0
    for created, answered_at, status in rows:
        if answered_at is not None:
            wait = max(answered_at - created, timedelta(0))
            waits.append(wait.total_seconds())
            counted += 1
            within += wait <= promise
        elif status in _UNANSWERED_COUNTED and now >= created + promise:
            counted += 1
    waits.sort()
    median = timedelta(seconds=statistics.median(waits)) if waits else None
    p90 = timedelta(seconds=percentile(waits, 0.9)) if waits else None
    return ResponseMetrics(since, counted, len(waits), within, median, p90)
