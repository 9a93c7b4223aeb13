"""Local times for volunteers far away: half-hour zones and daylight-saving days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from widget_server.services.times.availability import windows_in_zone
from widget_server.services.times.local_times import (
    LocalTimeProblem,
    Span,
    daily_span,
    next_working_span,
    overlap_with_day,
    strict_local,
)
from widget_server.services.times.time_display import clock_span, moment_span, task_local_times

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # a Wednesday


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_paris_time_skipped_on_29_march_2026_is_refused() -> None:
    with pytest.raises(LocalTimeProblem) as refused:
        strict_local(datetime(2026, 3, 29, 2, 30), "Europe/Paris")
    assert refused.value.code == "time_skipped"


def test_paris_time_passed_twice_on_25_october_2026_is_refused() -> None:
    with pytest.raises(LocalTimeProblem) as refused:
        strict_local(datetime(2026, 10, 25, 2, 30), "Europe/Paris")
    assert refused.value.code == "time_repeated"


@pytest.mark.parametrize(
    ("local", "zone", "utc"),
    [
        ("2026-03-29T01:59", "Europe/Paris", "2026-03-29T00:59"),  # still winter time
        ("2026-03-29T03:00", "Europe/Paris", "2026-03-29T01:00"),  # summer time
        ("2026-10-25T01:59", "Europe/Paris", "2026-10-24T23:59"),
        ("2026-10-25T03:00", "Europe/Paris", "2026-10-25T02:00"),
        ("2026-06-01T09:00", "Asia/Kolkata", "2026-06-01T03:30"),
        ("2026-01-15T09:00", "America/St_Johns", "2026-01-15T12:30"),  # -03:30
        ("2026-07-15T09:00", "America/St_Johns", "2026-07-15T11:30"),  # -02:30
        ("2026-03-29T02:30", "Asia/Riyadh", "2026-03-28T23:30"),  # no clock change there
    ],
)
def test_wall_clock_times_convert_to_the_right_instant(local: str, zone: str, utc: str) -> None:
    assert strict_local(datetime.fromisoformat(local), zone).astimezone(UTC) == _utc(utc)


def test_a_working_day_across_the_paris_spring_change_is_one_hour_shorter() -> None:
    saturday = daily_span(date(2026, 3, 28), time(0, 0), time(23, 0), "Europe/Paris")
    sunday = daily_span(date(2026, 3, 29), time(0, 0), time(23, 0), "Europe/Paris")
    assert (saturday.end - saturday.start).total_seconds() == 23 * 3600
    assert (sunday.end - sunday.start).total_seconds() == 22 * 3600


def test_paris_office_hours_seen_from_kolkata_move_by_the_paris_change() -> None:
    before = daily_span(date(2026, 3, 27), time(9, 0), time(17, 0), "Europe/Paris")
    after = daily_span(date(2026, 3, 30), time(9, 0), time(17, 0), "Europe/Paris")
    assert clock_span(before, "Asia/Kolkata", "en") == "13:30\u2009–\u200921:30"
    assert clock_span(after, "Asia/Kolkata", "en") == "12:30\u2009–\u200920:30"
    autumn = daily_span(date(2026, 10, 26), time(9, 0), time(17, 0), "Europe/Paris")
    assert clock_span(autumn, "Asia/Kolkata", "fr") == "13:30\u2009–\u200921:30"


def test_overlap_with_the_volunteers_day_cuts_at_their_morning_and_night() -> None:
    beirut = daily_span(date(2026, 11, 25), time(9, 0), time(17, 0), "Asia/Beirut")
    st_johns = overlap_with_day(beirut, "America/St_Johns")  # 03:30–11:30 there
    assert st_johns is not None
    assert clock_span(st_johns, "America/St_Johns", "en") == "08:00\u2009–\u200911:30"
    kolkata = overlap_with_day(beirut, "Asia/Kolkata")  # 12:30–20:30 there
    assert kolkata is not None and kolkata.start == beirut.start and kolkata.end == beirut.end
    night = Span(_utc("2026-11-25T20:00"), _utc("2026-11-25T22:00"))  # 01:30–03:30 in Kolkata
    assert overlap_with_day(night, "Asia/Kolkata") is None


def test_next_working_span_skips_the_weekend_in_the_organizations_zone() -> None:
    friday_evening = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # 19:00 in Riyadh
    span = next_working_span([1, 2, 3, 4, 5], time(9), time(17), "Asia/Riyadh", friday_evening)
    assert span is not None and span.start == _utc("2026-11-30T06:00")  # Monday 09:00


def test_fixed_task_times_for_a_volunteer_in_st_johns_in_arabic() -> None:
    shown = task_local_times(
        starts_at=_utc("2027-01-14T16:00"),
        ends_at=_utc("2027-01-14T18:00"),
        task_zone="Asia/Riyadh",
        visitor_zone="America/St_Johns",
        locale="ar",
        working_days=[],
        working_from=None,
        working_to=None,
        organization_zone="Asia/Riyadh",
        now=NOW,
    )
    assert shown is not None
    # Clock spans are isolated left to right, or Arabic text would show 14:30–12:30.
    assert shown.yours == "الخميس، 14 يناير 2027، \u206612:30\u2060–\u206014:30\u2069"
    assert shown.theirs == "الخميس، 14 يناير 2027، \u206619:00\u2060–\u206021:00\u2069"
    assert (shown.your_zone, shown.their_zone) == ("سانت جونس", "الرياض")
    assert shown.overlap == "\u206612:30\u2060–\u206014:30\u2069" and not shown.same_zone


def test_working_hours_overlap_for_a_volunteer_in_kolkata() -> None:
    shown = task_local_times(
        starts_at=None,
        ends_at=None,
        task_zone="Europe/Paris",
        visitor_zone="Asia/Kolkata",
        locale="en",
        working_days=[1, 2, 3, 4, 5],
        working_from=time(9),
        working_to=time(18),
        organization_zone="Europe/Paris",
        now=NOW,
    )
    assert shown is not None and shown.working_hours
    assert shown.theirs == "Wednesday, November 25, 2026, 09:00\u2009–\u200918:00"
    assert shown.yours == "Wednesday, November 25, 2026, 13:30\u2009–\u200922:30"
    assert shown.overlap == "13:30\u2009–\u200922:00"


def test_a_session_across_local_midnight_shows_both_dates() -> None:
    span = Span(_utc("2027-01-14T17:00"), _utc("2027-01-14T19:30"))  # 22:30–01:00 in Kolkata
    assert moment_span(span, "Asia/Kolkata", "en") == (
        "Thursday, January 14, 2027, 22:30 – Friday, January 15, 2027, 01:00"
    )


def test_availability_windows_seen_from_another_zone_keep_half_hours() -> None:
    windows = [{"days": [1], "from": "18:00", "to": "21:00"}]
    (seen,) = windows_in_zone(windows, "Asia/Kolkata", "America/St_Johns", date(2026, 11, 25))
    assert (seen.start.isoformat(), seen.end.isoformat()) == (
        "2026-11-30T09:00:00-03:30",
        "2026-11-30T12:00:00-03:30",
    )
    (paris,) = windows_in_zone(windows, "Europe/Paris", "Asia/Riyadh", date(2026, 10, 20))
    assert paris.start.isoformat() == "2026-10-26T20:00:00+03:00"  # after Paris's change
