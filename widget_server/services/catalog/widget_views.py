"""Widget views per host site and day, and what share of them became sign-ups.

Nothing about the visitor is kept: a view is one added to a counter row for the
organization, the host page's origin and the day. No cookie, no address, no page path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from widget_server.models import Signup, WidgetViewCount

_INSERTS: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def record_view(session: Session, organization_id: int, origin: str, day: date) -> None:
    """Count one view, in one statement whatever the concurrency (an upsert)."""
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = insert(WidgetViewCount).values(
        organization_id=organization_id, origin=origin, day=day, views=1
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "origin", "day"],
            set_={"views": WidgetViewCount.views + 1},
        )
    )
    session.commit()


@dataclass(frozen=True)
class SiteConversion:
    origin: str
    views: int
    signups: int

    @property
    def rate(self) -> float | None:
        """Sign-ups per view (None without views, rather than a made-up figure)."""
        return self.signups / self.views if self.views else None


def conversion_by_site(
    session: Session, organization_id: int, since_day: date, since: datetime
) -> list[SiteConversion]:
    """Views and sign-ups per host site from a day (since: its start), most viewed first."""
    views = dict(
        session.execute(
            select(WidgetViewCount.origin, func.sum(WidgetViewCount.views))
            .where(
                WidgetViewCount.organization_id == organization_id,
                WidgetViewCount.day >= since_day,
            )
            .group_by(WidgetViewCount.origin)
        ).all()
    )
    signups = dict(
        session.execute(
            select(Signup.origin, func.count())
            .where(
                Signup.organization_id == organization_id,
                Signup.created_at >= since,
                Signup.origin.is_not(None),
            )
            .group_by(Signup.origin)
        ).all()
    )
    origins = set(views) | set(signups)
    rows = [
        SiteConversion(o, int(views.get(o, 0)), int(signups.get(o, 0)))
        for o in origins
        if o is not None
    ]
    return sorted(rows, key=lambda r: (-r.views, -r.signups, r.origin))
