"""Moving-window rate limits checked together in one step: one round trip to Redis for all
the limits of a request, where Flask-Limiter takes one per limit and another for its headers.

Each bucket is a sorted set of the hits of its window, scored by time. A hit is recorded in
every bucket or in none: a refused request spends no allowance. Without Redis (or while it
does not answer) the same windows are kept in this process's memory, as Flask-Limiter's
in-memory fallback does, and a warning is logged.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
import threading
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import redis
from limits import RateLimitItem, parse_many

log = logging.getLogger(__name__)

# How many buckets memory holds before the idle ones are swept (the bar then follows the
# number still in use, so that a sweep's cost is spread over as many hits).
SWEEP_AT = 100_000
# Seconds to serve from memory after Redis failed, before asking it again.
REDIS_RETRY_SECONDS = 5.0

# KEYS: one sorted set per limit. ARGV: now, this hit's unique member, then each limit's
# amount and window in seconds. Returns the number of the first full bucket (0: none, and
# the hit is recorded in all), then each bucket's hits before this one and its oldest hit.
_HIT_SCRIPT = """
local now = tonumber(ARGV[1])
local full = 0
local counts = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  counts[i] = redis.call('ZCARD', key)
  if full == 0 and counts[i] >= tonumber(ARGV[1 + 2 * i]) then full = i end
end
local result = {full}
for i, key in ipairs(KEYS) do
  if full == 0 then
    redis.call('ZADD', key, now, ARGV[2])
    redis.call('EXPIRE', key, math.ceil(tonumber(ARGV[2 + 2 * i])))
  end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  result[#result + 1] = counts[i]
  result[#result + 1] = oldest[2] or ARGV[1]
end
return result
"""


@dataclass(frozen=True)
class Verdict:
    """The outcome for the tightest limit: what the X-RateLimit-* headers report."""

    allowed: bool
    limit: int
    remaining: int
    reset: float  # when the window frees its oldest hit, seconds since the epoch

    def headers(self, now: float) -> list[tuple[str, str]]:
        return [
            ("X-RateLimit-Limit", str(self.limit)),
            ("X-RateLimit-Remaining", str(self.remaining)),
            ("X-RateLimit-Reset", str(math.ceil(self.reset))),
            ("Retry-After", str(max(1, math.ceil(self.reset - now)))),
        ]


@lru_cache(maxsize=64)
def parse(setting: str) -> tuple[RateLimitItem, ...]:
    """A setting such as "10 per minute; 100 per hour" as limits' items, parsed once."""
    return tuple(parse_many(setting))


def bucket_name(prefix: str, scope: str, identifier: str, item: RateLimitItem) -> str:
    """The name of one limit's bucket for one client or key."""
    return f"{prefix}/{scope}/{identifier}/{item.amount}/{item.get_expiry()}"


def _verdict(
    limits: list[RateLimitItem], full: int, counts: list[int], oldest: list[float], now: float
) -> Verdict:
    """The refused limit, or else the one with the fewest hits left."""
    if full:
        i = full - 1
        return Verdict(False, limits[i].amount, 0, oldest[i] + limits[i].get_expiry())
    left = [item.amount - count - 1 for item, count in zip(limits, counts, strict=True)]
    i = min(range(len(limits)), key=left.__getitem__)
    reset = (oldest[i] if counts[i] else now) + limits[i].get_expiry()
    return Verdict(True, limits[i].amount, max(0, left[i]), reset)


class MemoryWindows:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._window: dict[str, float] = {}  # each bucket's window, in seconds
        self._lock = threading.Lock()
        self._sweep_at = SWEEP_AT

    def hit(self, buckets: list[tuple[str, RateLimitItem]], now: float) -> Verdict:
        with self._lock:
            windows = []
            for name, item in buckets:
                hits = self._hits.get(name)
                if hits is None:
                    hits = self._hits[name] = deque(maxlen=item.amount)
                    self._window[name] = item.get_expiry()
                while hits and hits[0] <= now - item.get_expiry():
                    hits.popleft()
                windows.append(hits)
            counts = [len(hits) for hits in windows]
            full = next((i + 1 for i, c in enumerate(counts) if c >= buckets[i][1].amount), 0)
            if not full:
                for hits in windows:
                    hits.append(now)
            oldest = [hits[0] if hits else now for hits in windows]
            if len(self._hits) > self._sweep_at:
                self._sweep(now)
        return _verdict([item for _, item in buckets], full, counts, oldest, now)

    def _sweep(self, now: float) -> None:
        """Forget the buckets whose every hit has left its window."""
        self._hits = {
            name: hits
            for name, hits in self._hits.items()
            if hits and hits[-1] > now - self._window[name]
        }
        self._window = {name: self._window[name] for name in self._hits}
        self._sweep_at = max(SWEEP_AT, 2 * len(self._hits))


class RedisWindows:
    """Each thread sends the script over a connection of its own, made after any fork: a
    pooled client's bookkeeping would cost the listing as much as the script itself."""

    def __init__(self, url: str) -> None:
        self._pool = redis.ConnectionPool.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._sha = hashlib.sha1(_HIT_SCRIPT.encode()).hexdigest()  # noqa: S324  (Redis's name)
        self._local = threading.local()
        self._memory = MemoryWindows()
        self._down_until = 0.0
        self._numbers = itertools.count()

    def hit(self, buckets: list[tuple[str, RateLimitItem]], now: float) -> Verdict:
        if now < self._down_until:
            return self._memory.hit(buckets, now)
        member = f"{now:.6f}:{os.getpid()}:{next(self._numbers)}"
        words = [str(len(buckets))] + [name for name, _ in buckets] + [repr(now), member]
        for _, item in buckets:
            words += [str(item.amount), str(item.get_expiry())]
        try:
            answer = self._run(words)
        except redis.RedisError as error:
            log.warning("rate limits counted in memory: Redis did not answer (%s)", error)
            self._down_until = now + REDIS_RETRY_SECONDS
            return self._memory.hit(buckets, now)
        counts = [int(answer[i]) for i in range(1, len(answer), 2)]
        oldest = [float(answer[i]) for i in range(2, len(answer), 2)]
        return _verdict([item for _, item in buckets], int(answer[0]), counts, oldest, now)

    def _run(self, words: list[str]) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = self._pool.connection_class(**self._pool.connection_kwargs)
            self._local.connection, self._local.pid = connection, os.getpid()
        try:
            connection.send_packed_command([_command("EVALSHA", self._sha, *words)])
            try:
                return connection.read_response()
            except redis.exceptions.NoScriptError:  # a restarted Redis has forgotten it
                connection.send_packed_command([_command("EVAL", _HIT_SCRIPT, *words)])
                return connection.read_response()
        except (redis.RedisError, OSError) as error:
            connection.disconnect()
            if isinstance(error, redis.RedisError):
                raise
            raise redis.ConnectionError(str(error)) from error


def _command(*words: str) -> bytes:
    """A command in Redis's protocol: packing a few short strings here costs a fraction of
    what redis-py's general packer does."""
    encoded = [word.encode() for word in words]
    parts = [b"*%d\r\n" % len(encoded)]
    for word in encoded:
        parts.append(b"$%d\r\n%s\r\n" % (len(word), word))
    return b"".join(parts)


def windows_for(storage_uri: str) -> MemoryWindows | RedisWindows:
    if storage_uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisWindows(storage_uri)
    return MemoryWindows()
