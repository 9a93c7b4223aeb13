"""Alert matching and scheduling: who hears of which new task, once, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task
from widget_server.models import AlertFrequency, AlertSubscription, OutboxMessage, Task
from widget_server.services.errors import ValidationFailed
from widget_server.services.personal_data import person_export, privacy, retention
from widget_server.services.task_alerts import alert_matching, alert_weekly, alerts
from widget_server.services.task_alerts.alert_input import AlertRequest, read_request

# A Wednesday; its ISO week starts on Monday 2026-11-23.
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
NEXT_MONDAY = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


def subscribe(
    session: Session,
    org: OrgWithKeys | None,
    *,
    email: str = "reader@example.org",
    frequency: str = "immediate",
    at: datetime = WEDNESDAY - timedelta(days=1),
    **criteria: Any,
) -> AlertSubscription:
    request = AlertRequest(
        email=email,
        organization_id=org.organization.id if org else None,
        categories=tuple(criteria.get("categories", ())),
        skills=tuple(criteria.get("skills", ())),
        languages=tuple(criteria.get("languages", ())),
        max_hours=criteria.get("max_hours"),
        frequency=AlertFrequency(frequency),
        locale=criteria.get("locale", "en"),
    )
    return alerts.confirm(session, request, now=at).subscription


def published(session: Session, org: OrgWithKeys, at: datetime, **overrides: Any) -> Task:
    task = make_task(session, org, **overrides)
    task.published_at = at
    session.commit()
    return task


def alert_emails(session: Session, template: str = "alert_task") -> list[OutboxMessage]:
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [m for m in rows if m.payload.get("template") == template]


def test_a_task_matches_only_when_every_chosen_criterion_holds(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session, org, category="translation", skills=["Arabic"], languages=["ar"], hours_per_week=3
    )
    sub = subscribe(session, org)
    assert alert_matching.matches(sub, task)  # no criteria: every task
    for criteria, expected in [
        ({"categories": ["translation", "video"]}, True),
        ({"categories": ["video"]}, False),
        ({"skills": ["arabic", "Canva"]}, True),  # any one skill, whatever its case
        ({"skills": ["Canva"]}, False),
        ({"languages": ["fr", "ar"]}, True),
        ({"languages": ["fr"]}, False),
        ({"max_hours": 3}, True),
        ({"max_hours": 2}, False),
    ]:
        sub = subscribe(session, org, **criteria)
        assert alert_matching.matches(sub, task) is expected, criteria


def test_an_organizations_alert_never_matches_another_organizations_task(
    session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    task = make_task(session, other)
    assert not alert_matching.matches(subscribe(session, org), task)
    assert alert_matching.matches(subscribe(session, None), task)  # server-wide


def test_immediate_subscriber_gets_one_email_per_new_matching_task_however_often_the_pass_runs(
    session: Session, org: OrgWithKeys
) -> None:
    subscribe(session, org, categories=["translation"])
    subscribe(session, None, email="everything@example.org")
    wanted = published(session, org, WEDNESDAY - timedelta(minutes=3))
    published(session, org, WEDNESDAY - timedelta(minutes=2), category="video")

    first = alert_matching.enqueue_immediate(session, now=WEDNESDAY)
    again = alert_matching.enqueue_immediate(session, now=WEDNESDAY + timedelta(minutes=1))

    assert (first, again) == (3, 0)
    sent = [(m.payload["to"], m.payload["context"]["task"]["id"]) for m in alert_emails(session)]
    assert ("reader@example.org", wanted.public_id) in sent
    assert len([to for to, _ in sent if to == "reader@example.org"]) == 1
    assert len([to for to, _ in sent if to == "everything@example.org"]) == 2
    assert {m.dedupe_key for m in alert_emails(session)} == {
        f"alert:{m.payload['context']['subscription_id']}:{m.payload['context']['task']['id']}"
        for m in alert_emails(session)
    }


def test_a_task_committed_after_a_pass_that_missed_it_is_still_sent_once(
    session: Session, org: OrgWithKeys
) -> None:
    subscribe(session, org)
    published(session, org, WEDNESDAY - timedelta(minutes=1))
    assert alert_matching.enqueue_immediate(session, now=WEDNESDAY) == 1
    # Published (timestamped) before that pass, but committed after it.
    late = published(session, org, WEDNESDAY - timedelta(seconds=5))

    assert alert_matching.enqueue_immediate(session, now=WEDNESDAY + timedelta(minutes=1)) == 1
    assert alert_matching.enqueue_immediate(session, now=WEDNESDAY + timedelta(minutes=2)) == 0
    assert [m.payload["context"]["task"]["id"] for m in alert_emails(session)][-1] == late.public_id


def test_tasks_published_before_the_address_was_confirmed_are_not_new_to_it(
    session: Session, org: OrgWithKeys
) -> None:
    published(session, org, WEDNESDAY - timedelta(hours=2))
    subscribe(session, org, at=WEDNESDAY - timedelta(hours=1))

    assert alert_matching.enqueue_immediate(session, now=WEDNESDAY) == 0


def test_a_task_no_longer_open_or_past_its_apply_by_date_is_not_sent(
    session: Session, org: OrgWithKeys
) -> None:
    subscribe(session, org)
    paused = published(session, org, WEDNESDAY - timedelta(minutes=1))
    paused.status = paused.status.PAUSED
    published(session, org, WEDNESDAY - timedelta(minutes=1), apply_by="2026-11-01")
    session.commit()

    assert alert_matching.enqueue_immediate(session, now=WEDNESDAY) == 0


def test_weekly_subscriber_gets_one_list_per_iso_week_of_what_is_new_since_the_last(
    session: Session, org: OrgWithKeys
) -> None:
    subscribe(session, org, frequency="weekly", at=WEDNESDAY - timedelta(days=1))
    older = published(session, org, WEDNESDAY)
    newer = published(session, org, WEDNESDAY + timedelta(days=2))
    published(session, org, WEDNESDAY + timedelta(days=2), category="video", hours_per_week=20)
    session.execute(
        AlertSubscription.__table__.update().values(max_hours=10)
    )  # the third task asks for too many hours
    session.commit()

    # Not in the week it was confirmed, nor in the first minutes of the next week.
    assert alert_weekly.enqueue_weekly(session, now=WEDNESDAY + timedelta(days=3)) == 0
    assert alert_weekly.enqueue_weekly(session, now=NEXT_MONDAY + timedelta(minutes=1)) == 0
    assert alert_weekly.enqueue_weekly(session, now=NEXT_MONDAY + timedelta(minutes=6)) == 1
    assert alert_weekly.enqueue_weekly(session, now=NEXT_MONDAY + timedelta(days=3)) == 0

    [weekly] = alert_emails(session, "alert_weekly")
    context = weekly.payload["context"]
    assert [t["id"] for t in context["tasks"]] == [newer.public_id, older.public_id]
    assert context["week"] == "2026-W49" and context["total"] == 2
    assert weekly.dedupe_key == f"alert-week:{context['subscription_id']}:2026-W49"

    # The next week lists only what came after the first list.
    latest = published(session, org, NEXT_MONDAY + timedelta(days=2))
    assert alert_weekly.enqueue_weekly(session, now=NEXT_MONDAY + timedelta(days=7, hours=1)) == 1
    second = alert_emails(session, "alert_weekly")[-1].payload["context"]
    assert [t["id"] for t in second["tasks"]] == [latest.public_id]


def test_a_week_without_matches_sends_nothing_and_moves_the_window_on(
    session: Session, org: OrgWithKeys
) -> None:
    sub = subscribe(session, org, frequency="weekly", categories=["video"])
    published(session, org, WEDNESDAY)

    assert alert_weekly.enqueue_weekly(session, now=NEXT_MONDAY + timedelta(hours=1)) == 0
    session.refresh(sub)
    assert sub.covered_until == NEXT_MONDAY + timedelta(hours=1) - alert_weekly.SETTLE


def test_subscribing_again_with_the_same_address_updates_the_one_subscription(
    session: Session, org: OrgWithKeys
) -> None:
    first = subscribe(session, org, categories=["translation"])
    again = subscribe(session, org, categories=["video"], frequency="weekly", locale="ar")
    subscribe(session, None)  # the whole server is a scope of its own

    assert again.public_id == first.public_id
    rows = session.scalars(select(AlertSubscription).order_by(AlertSubscription.id)).all()
    assert [(r.scope, r.categories, r.frequency.value, r.locale) for r in rows] == [
        (f"org:{org.organization.id}", ["video"], "weekly", "ar"),
        ("server", [], "immediate", "en"),
    ]
    assert alerts.active_count(session, org.organization.id) == 1


def test_request_names_each_bad_field() -> None:
    with pytest.raises(ValidationFailed) as failure:
        read_request(
            {
                "email": "not an address",
                "categories": ["knitting"],
                "skills": ["x" * 51],
                "languages": ["a1"],
                "max_hours": 200,
                "frequency": "hourly",
            },
            organization_id=None,
            locale="en",
        )
    codes = {name: p.code for name, p in failure.value.fields.items()}
    assert codes == {
        "email": "invalid_email",
        "categories": "not_a_choice",
        "skills": "too_long",
        "languages": "invalid_language",
        "max_hours": "out_of_range",
        "frequency": "not_a_choice",
    }


def test_privacy_export_and_erase_include_the_organizations_subscriptions(
    session: Session, org: OrgWithKeys
) -> None:
    subscribe(session, org, email="canary@example.org", skills=["Canva"])
    subscribe(session, None, email="canary@example.org")
    published(session, org, WEDNESDAY, skills=["Canva"])
    alert_matching.enqueue_immediate(session, now=WEDNESDAY + timedelta(minutes=1))

    export = person_export.export_person(
        session, organization_id=org.organization.id, email="Canary@Example.org"
    )
    assert [s["skills"] for s in export["alert_subscriptions"]] == [["Canva"]]
    erased = privacy.erase_person(
        session, organization_id=org.organization.id, email="canary@example.org"
    )

    assert erased.alert_subscriptions == 1 and erased.outbox_messages == 2
    assert alerts.active_count(session, org.organization.id) == 0


def test_purge_drops_subscriptions_not_confirmed_again_within_the_retention_period(
    session: Session, org: OrgWithKeys
) -> None:
    org.organization.retention_days = 30
    session.commit()
    subscribe(session, org, email="old@example.org", at=WEDNESDAY - timedelta(days=31))
    subscribe(session, org, email="recent@example.org", at=WEDNESDAY - timedelta(days=29))
    subscribe(session, None, email="server@example.org", at=WEDNESDAY - timedelta(days=731))

    erased = retention.purge(session, WEDNESDAY)

    assert erased.alert_subscriptions == 2
    assert session.scalars(select(AlertSubscription.email)).all() == ["recent@example.org"]


def test_someone_who_unsubscribed_after_the_match_gets_nothing(
    session: Session, org: OrgWithKeys
) -> None:
    sub = subscribe(session, org)
    published(session, org, WEDNESDAY - timedelta(minutes=1))
    tasks = alert_matching.open_tasks(
        session, WEDNESDAY - timedelta(days=1), WEDNESDAY, WEDNESDAY.date()
    )
    alerts.unsubscribe(session, sub.public_id)

    assert alert_matching._immediate_for(session, [(sub.id, tasks)]) == 0
    assert alert_emails(session) == []
