"""The public listing's hot path, answered before Flask.

GET /api/v1/public/tasks is what every page view of every organization's site asks for.
Its answer depends on the query string, Accept-Language, Origin, the day, and the
organization as this process last read it: the key cache's snapshot. The first 200 that
Flask gives for a request is kept here with the snapshot and the day it was built from,
and while that very snapshot is the one in the key cache (KEY_CACHE_SECONDS at most; a
write through this process replaces it at once) the same request gets the same status,
headers and bytes from here, or a 304 when If-None-Match names its ETag. The listing is
therefore never staler than what Flask itself serves.

The listing's rate limits (RATE_LIMIT_LISTING_PER_IP and _PER_KEY) are counted here for
every listing request, answered here or by Flask, in one round trip to Redis
(moving_windows.py). A refused request goes on to Flask, which answers the 429 in the
visitor's language.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.http import parse_etags

from widget_server.web import moving_windows
from widget_server.web.key_cache import OrgSnapshot
from widget_server.web.rate_limits import key_scope_of

PATH = "/api/v1/public/tasks"
# Set by the listing view on an answer it built: what it was built from.
BUILT = "widget_server.listing_built"
# Set here on a request over a limit, for the view to refuse.
REFUSED = "widget_server.listing_refused"

# Headers of a 200 that a 304 for the same request leaves out.
_BODY_HEADERS = frozenset({"content-type", "content-length"})

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Built:
    token: str
    snapshot: OrgSnapshot
    day: date
    etag: str


@dataclass(frozen=True)
class Answer:
    built: Built
    scope: str  # the key's rate-limit identifier
    headers: list[tuple[str, str]]
    not_modified: list[tuple[str, str]]
    body: bytes


def today() -> date:
    return datetime.now(UTC).date()


class ListingFastPath:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._answers: dict[tuple[str, str | None, str | None], Answer] = {}
        self._lock = threading.Lock()
        self._windows: dict[str, moving_windows.MemoryWindows | moving_windows.RedisWindows] = {}
        self.served = 0  # answers given here rather than by Flask

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != PATH or method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        request_key = (query, environ.get("HTTP_ACCEPT_LANGUAGE"), environ.get("HTTP_ORIGIN"))
        answer = self._answers.get(request_key)
        # The key's rate-limit identifier: kept with the answer, so a hit parses nothing.
        scope = answer.scope if answer is not None else _scope_of(query)
        now = time.time()
        verdict = self._count(environ, scope, now)
        limit_headers = self._limit_headers(verdict, now)
        if verdict is not None and not verdict.allowed:
            environ[REFUSED] = True
        elif answer is not None and method == "GET" and self._current(answer.built):
            self.served += 1
            tags = environ.get("HTTP_IF_NONE_MATCH")
            if tags and parse_etags(tags).contains(answer.built.etag):
                start_response("304 NOT MODIFIED", answer.not_modified + limit_headers)
                return []
            start_response("200 OK", answer.headers + limit_headers)
            return [answer.body]
        return self._through_flask(environ, start_response, request_key, scope, limit_headers)

    def _current(self, built: Built) -> bool:
        cached = self.app.extensions["key_cache"].get(built.token)
        return cached is built.snapshot and built.day == today()

    def _count(
        self, environ: dict[str, Any], scope: str, now: float
    ) -> moving_windows.Verdict | None:
        config = self.app.config
        if not config["RATELIMIT_ENABLED"]:
            return None
        address = environ.get("REMOTE_ADDR") or "127.0.0.1"
        prefix = config["RATELIMIT_KEY_PREFIX"]
        buckets = [
            (moving_windows.bucket_name(prefix, "listing", scope, item), item)
            for item in moving_windows.parse(config["RATE_LIMIT_LISTING_PER_KEY"])
        ] + [
            (moving_windows.bucket_name(prefix, "listing", address, item), item)
            for item in moving_windows.parse(config["RATE_LIMIT_LISTING_PER_IP"])
        ]
        storage = config["RATELIMIT_STORAGE_URI"]
        windows = self._windows.get(storage)
        if windows is None:
            windows = self._windows.setdefault(storage, moving_windows.windows_for(storage))
        return windows.hit(buckets, now)

    def _limit_headers(
        self, verdict: moving_windows.Verdict | None, now: float
    ) -> list[tuple[str, str]]:
        """X-RateLimit-* and Retry-After, as Flask-Limiter gives them on other views; with
        RATELIMIT_HEADERS_ENABLED off, only a refusal's Retry-After."""
        if verdict is None:
            return []
        headers = verdict.headers(now)
        if self.app.config["RATELIMIT_HEADERS_ENABLED"]:
            return headers
        return [] if verdict.allowed else [h for h in headers if h[0] == "Retry-After"]

    def _through_flask(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        request_key: tuple[str, str | None, str | None],
        scope: str,
        limit_headers: list[tuple[str, str]],
    ) -> Any:
        seen: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers + limit_headers, exc_info)

        body = self.wsgi_app(environ, keep)
        built = environ.get(BUILT)
        if built is None or environ["REQUEST_METHOD"] != "GET" or not seen:
            return body
        status, headers = seen
        if any(name.lower() == "set-cookie" for name, _ in headers):
            return body
        if status.startswith("304"):
            # Flask confirmed the answer kept here for a newer snapshot: keep it for that one.
            kept = self._answers.get(request_key)
            if kept and kept.built.etag == built.etag and kept.not_modified == headers:
                self._keep(request_key, replace(kept, built=built))
            return body
        if status != "200 OK":
            return body
        try:
            content = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        self._keep(
            request_key,
            Answer(
                built,
                scope,
                list(headers),
                [(n, v) for n, v in headers if n.lower() not in _BODY_HEADERS],
                content,
            ),
        )
        return [content]

    def _keep(self, request_key: tuple[str, str | None, str | None], answer: Answer) -> None:
        with self._lock:
            self._answers.pop(request_key, None)
            while len(self._answers) >= self.app.config["LISTING_CACHE_SIZE"]:
                del self._answers[next(iter(self._answers))]
            self._answers[request_key] = answer


def _scope_of(query: str) -> str:
    """The publishable key (or organization slug) the query names, as rate limits know it."""
    args = dict(reversed(parse_qsl(query, keep_blank_values=True)))  # the first of each wins
    return key_scope_of(args.get("key") or args.get("org") or "")
