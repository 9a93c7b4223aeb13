"""The public listing answered before Flask: the same answer Flask gives, never staler than
the key cache, and its rate limits counted on every request, in memory or in Redis."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.clocks import Clock
from tests.factories import ORIGIN, OrgWithKeys, make_task, signup_payload
from widget_server import create_app
from widget_server.web import listing_fast_path, moving_windows

REDIS_URL = "redis://127.0.0.1:6379/0"
# Headers that the fast path does not copy: the WSGI server adds them to every answer.
_SERVER_HEADERS = {"Date", "Server"}


def _served(app: Flask) -> int:
    return app.extensions["listing_fast_path"].served


def _headers(response: TestResponse) -> list[tuple[str, str]]:
    return [(n, v) for n, v in response.headers if n not in _SERVER_HEADERS]


def test_a_repeated_listing_gets_flasks_own_status_headers_and_bytes(
    app: Flask, cached_client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    url = f"/api/v1/public/tasks?key={org.publishable}&locale=ar"
    headers = {"Origin": ORIGIN}
    built = cached_client.get(url, headers=headers)
    again = cached_client.get(url, headers=headers)
    assert _served(app) == 1
    assert again.status_code == built.status_code == 200
    assert _headers(again) == _headers(built)
    assert again.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert again.get_data() == built.get_data()
    assert again.json["direction"] == "rtl"

    elsewhere = {"Origin": "https://elsewhere.example"}
    assert [cached_client.get(url, headers=elsewhere).status_code for _ in range(2)] == [403, 403]
    english = cached_client.get(f"/api/v1/public/tasks?key={org.publishable}&locale=en")
    assert english.json["direction"] == "ltr"


def test_a_conditional_request_gets_flasks_own_304(
    app: Flask, cached_client: FlaskClient, clock: Clock, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    url = f"/api/v1/public/tasks?key={org.publishable}"
    etag = cached_client.get(url).headers["ETag"]
    conditional = {"If-None-Match": etag}
    from_here = cached_client.get(url, headers=conditional)
    assert _served(app) == 1
    clock.now += 2.1  # the key is read again: Flask answers, and confirms the kept answer
    from_flask = cached_client.get(url, headers=conditional)
    assert _served(app) == 1
    assert from_here.status_code == from_flask.status_code == 304
    assert _headers(from_here) == _headers(from_flask)
    assert from_here.get_data() == b""
    assert cached_client.get(url, headers=conditional).status_code == 304
    assert _served(app) == 2  # kept for the new snapshot without another full answer
    assert cached_client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_signup_through_this_process_shows_in_the_next_listing(
    app: Flask, cached_client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=5)
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).json["data"][0]["spots_left"] == 5
    assert cached_client.get(url).json["data"][0]["spots_left"] == 5
    signup = f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}"
    created = cached_client.post(signup, json=signup_payload(), headers={"Origin": ORIGIN})
    assert created.status_code == 201
    assert cached_client.get(url).json["data"][0]["spots_left"] == 4


def test_a_change_by_another_process_shows_once_the_key_cache_time_is_over(
    app: Flask, cached_client: FlaskClient, clock: Clock, session: Session, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.get(url).json["total"] == 0
    make_task(session, org)  # straight to the database, as another process would
    clock.now += 1.9
    assert cached_client.get(url).json["total"] == 0
    assert _served(app) == 1
    clock.now += 0.2
    assert cached_client.get(url).json["total"] == 1


def test_a_new_day_builds_the_listing_again(
    app: Flask, cached_client: FlaskClient, monkeypatch: pytest.MonkeyPatch, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    cached_client.get(url)
    tomorrow = listing_fast_path.today() + timedelta(days=1)
    monkeypatch.setattr(listing_fast_path, "today", lambda: tomorrow)
    assert cached_client.get(url).status_code == 200
    assert _served(app) == 0


def test_head_and_errors_are_left_to_flask(
    app: Flask, cached_client: FlaskClient, org: OrgWithKeys
) -> None:
    url = f"/api/v1/public/tasks?key={org.publishable}"
    assert cached_client.head(url).get_data() == b""
    full = cached_client.get(url)
    assert full.status_code == 200 and full.json["total"] == 0
    wrong = "/api/v1/public/tasks?key=vw_pk_nothing"
    assert [cached_client.get(wrong).status_code for _ in range(2)] == [401, 401]
    invalid = f"{url}&per_page=1000"
    assert [cached_client.get(invalid).status_code for _ in range(2)] == [422, 422]
    assert _served(app) == 0


def _limited_app(database_url: str, storage: str, prefix: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "KEY_CACHE_SECONDS": 60,
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_KEY_PREFIX": prefix,
            "RATE_LIMIT_LISTING_PER_IP": "3 per minute",
            "RATE_LIMIT_LISTING_PER_KEY": "5 per minute",
        }
    )


@pytest.fixture
def limited_apps(database_url: str, request: pytest.FixtureRequest) -> Iterator[list[Flask]]:
    """Two apps, as two processes would be, counting in the same store."""
    prefix = f"test-{uuid.uuid4().hex}"
    apps = [_limited_app(database_url, request.param, prefix) for _ in range(2)]
    yield apps
    for each in apps:
        each.extensions["db_engine"].dispose()


def _get(app: Flask, key: str, address: str, locale: str = "en") -> TestResponse:
    return app.test_client().get(
        f"/api/v1/public/tasks?key={key}&locale={locale}", environ_base={"REMOTE_ADDR": address}
    )


@pytest.mark.parametrize("limited_apps", ["memory://"], indirect=True)
def test_every_listing_request_counts_and_the_fourth_is_refused_in_the_visitors_language(
    limited_apps: list[Flask], org: OrgWithKeys
) -> None:
    app = limited_apps[0]
    answers = [_get(app, org.publishable, "10.0.0.1") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert _served(app) == 2
    refused = _get(app, org.publishable, "10.0.0.1", locale="ar")
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert (
        refused.json["error"]["message"]
        != _get(app, org.publishable, "10.0.0.1", locale="en").json["error"]["message"]
    )
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # The key's own limit (5) holds across addresses; the refusals spent none of it.
    others = [_get(app, org.publishable, f"10.0.1.{n}").status_code for n in range(3)]
    assert others == [200, 200, 429]


@pytest.mark.parametrize("limited_apps", [REDIS_URL], indirect=True)
def test_with_redis_the_listing_limit_holds_across_processes(
    limited_apps: list[Flask], org: OrgWithKeys
) -> None:
    codes = [_get(limited_apps[n % 2], org.publishable, "10.0.0.2").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("limited_apps", ["redis://127.0.0.1:1/0"], indirect=True)
def test_with_redis_down_the_listing_is_served_and_limited_in_memory(
    limited_apps: list[Flask], org: OrgWithKeys, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=moving_windows.__name__):
        codes = [_get(limited_apps[0], org.publishable, "10.0.0.3").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Redis did not answer" in caplog.text


@pytest.mark.parametrize("storage", ["memory://", REDIS_URL])
def test_a_moving_window_frees_each_hit_a_window_after_it_and_refusals_spend_nothing(
    storage: str,
) -> None:
    windows = moving_windows.windows_for(storage)
    prefix = f"test-{uuid.uuid4().hex}"
    (per_ip,) = moving_windows.parse("3 per 10 seconds")
    (per_key,) = moving_windows.parse("4 per 10 seconds")
    start = 1_800_000_000.0

    def hit(address: str, at: float) -> moving_windows.Verdict:
        return windows.hit(
            [
                (moving_windows.bucket_name(prefix, "t", "key", per_key), per_key),
                (moving_windows.bucket_name(prefix, "t", address, per_ip), per_ip),
            ],
            start + at,
        )

    first = [hit("a", t) for t in (0, 1, 2)]
    assert [v.remaining for v in first] == [2, 1, 0]
    assert first[0].reset == start + 10
    refused = hit("a", 3)
    assert (refused.allowed, refused.limit, refused.remaining) == (False, 3, 0)
    assert refused.reset == start + 10  # when the hit at 0 leaves the window
    assert hit("b", 4).allowed  # the key's 4th: the refusal did not count
    key_full = hit("c", 5)
    assert (key_full.allowed, key_full.limit) == (False, 4)
    assert hit("a", 10.5).allowed  # the hit at 0 has left both windows
    assert not hit("a", 10.6).allowed


def test_memory_forgets_only_the_buckets_whose_hits_have_all_left_their_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(moving_windows, "SWEEP_AT", 3)
    windows = moving_windows.MemoryWindows()
    (per_day,) = moving_windows.parse("1 per day")
    (per_minute,) = moving_windows.parse("1 per minute")
    daily = moving_windows.bucket_name("t", "s", "daily", per_day)
    assert windows.hit([(daily, per_day)], 0).allowed
    for n in range(5):  # one visitor a minute: each bucket idle once the next one comes
        bucket = moving_windows.bucket_name("t", "s", f"visitor-{n}", per_minute)
        assert windows.hit([(bucket, per_minute)], 61.0 * (n + 1)).allowed
    kept = set(windows._hits)
    assert daily in kept
    assert moving_windows.bucket_name("t", "s", "visitor-0", per_minute) not in kept
    assert len(kept) < 6
    assert not windows.hit([(daily, per_day)], 3600).allowed  # its hit still counts


@pytest.mark.parametrize("limited_apps", ["memory://"], indirect=True)
def test_without_limit_headers_only_a_refusal_says_when_to_come_back(
    limited_apps: list[Flask], org: OrgWithKeys
) -> None:
    app = limited_apps[0]
    app.config["RATELIMIT_HEADERS_ENABLED"] = False
    answers = [_get(app, org.publishable, "10.0.0.4") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert not [h for a in answers for h, _ in a.headers if h.startswith("X-RateLimit")]
    assert "Retry-After" not in answers[2].headers
    assert int(answers[3].headers["Retry-After"]) > 0
