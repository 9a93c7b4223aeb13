"""Publishable keys recently checked by this process, so hot public reads skip the database.

An entry lives KEY_CACHE_SECONDS (2 s by default): that is how long another process may
keep serving a revoked key or an organization's previous content_version. A write made
through this process drops its own entry at once, or, when the write changed only what
the organization object now holds (a sign-up's new content_version), refreshes it.
Secret keys are never cached.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import inspect as sa_inspect

from widget_server.models import Organization

# Every column the mapper knows, so a column added to the model is never left out.
SNAPSHOT_COLUMNS: tuple[str, ...] = tuple(c.key for c in sa_inspect(Organization).column_attrs)


@dataclass(frozen=True)
class OrgSnapshot:
    """An organization's column values as read once, shared by this process's threads."""

    id: int
    values: Mapping[str, Any]

    @classmethod
    def of(cls, organization: Organization) -> OrgSnapshot:
        values = {key: copy.deepcopy(getattr(organization, key)) for key in SNAPSHOT_COLUMNS}
        return cls(organization.id, MappingProxyType(values))

    def with_content_version(self, version: int) -> OrgSnapshot:
        """This snapshot after a write that changed the content version alone."""
        return OrgSnapshot(self.id, MappingProxyType({**self.values, "content_version": version}))

    def organization(self) -> Organization:
        """A fresh transient copy per request: nothing mutable is shared between threads."""
        return Organization(**{key: _copy(value) for key, value in self.values.items()})


def _copy(value: Any) -> Any:
    # JSON columns hold lists and dicts; the other values are immutable.
    return copy.deepcopy(value) if isinstance(value, list | dict) else value


class KeyCache:
    def __init__(
        self, ttl_seconds: float, size: int = 10000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._size = size
        self._clock = clock
        self._entries: dict[str, tuple[float, OrgSnapshot]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> OrgSnapshot | None:
        if self._ttl <= 0:
            return None
        entry = self._entries.get(token)
        if entry is None or entry[0] < self._clock():
            return None
        return entry[1]

    def put(self, token: str, snapshot: OrgSnapshot) -> None:
        if self._ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.clear()
            self._entries[token] = (self._clock() + self._ttl, snapshot)

    def refresh_content_version(self, token: str, organization_id: int, version: int) -> None:
        """Give the token's entry the organization's new content version; the entry keeps
        its expiry (a revoked key is still dropped within the cache time, however busy it
        is), and the organization's other keys are forgotten."""
        with self._lock:
            entry = self._entries.get(token)
            for other in [t for t, (_, s) in self._entries.items() if s.id == organization_id]:
                del self._entries[other]
            if entry is not None and entry[1].id == organization_id:
                self._entries[token] = (entry[0], entry[1].with_content_version(version))

    def forget_organization(self, organization_id: int) -> None:
        with self._lock:
            for token in [t for t, (_, s) in self._entries.items() if s.id == organization_id]:
                del self._entries[token]
