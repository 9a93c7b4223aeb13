"""Publishable keys recently checked by this process, so hot public reads skip the database.

An entry lives KEY_CACHE_SECONDS (2 s by default): that is how long another process may
keep serving a revoked key or an organization's previous content_version. A write made
through this process drops its own entry at once. Secret keys are never cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time as clock_time

from widget_server.models import Organization
from widget_server.models.organization import DEFAULT_RESPONSE_DAYS


@dataclass(frozen=True)
class OrgSnapshot:
    id: int
    slug: str
    name: str
    default_locale: str
    timezone: str
    allowed_origins: tuple[str, ...]
    content_version: int
    widget_accent: str | None = None
    widget_theme: str | None = None
    widget_layout: str | None = None
    widget_locale: str | None = None
    response_days: int = DEFAULT_RESPONSE_DAYS  # the follow-up promise told to volunteers
    working_days: tuple[int, ...] = ()
    working_from: clock_time | None = None
    working_to: clock_time | None = None

    @classmethod
    def of(cls, organization: Organization) -> OrgSnapshot:
        return cls(
            organization.id,
            organization.slug,
            organization.name,
            organization.default_locale,
            organization.timezone,
            tuple(organization.allowed_origins),
            organization.content_version,
            organization.widget_accent,
            organization.widget_theme,
            organization.widget_layout,
            organization.widget_locale,
            organization.response_days,
            tuple(organization.working_days or ()),
            organization.working_from,
            organization.working_to,
        )

    def organization(self) -> Organization:
        """A fresh transient copy per request: nothing mutable is shared between threads."""
        return Organization(
            id=self.id,
            slug=self.slug,
            name=self.name,
            default_locale=self.default_locale,
            timezone=self.timezone,
            allowed_origins=list(self.allowed_origins),
            content_version=self.content_version,
            widget_accent=self.widget_accent,
            widget_theme=self.widget_theme,
            widget_layout=self.widget_layout,
            widget_locale=self.widget_locale,
            response_days=self.response_days,
            working_days=list(self.working_days),
            working_from=self.working_from,
            working_to=self.working_to,
        )


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

    def forget_organization(self, organization_id: int) -> None:
        with self._lock:
            for token in [t for t, (_, s) in self._entries.items() if s.id == organization_id]:
                del self._entries[token]
