"""Rendered public listings, kept per process.

Entries are keyed by the organization's content_version, which every write bumps in the
database, and each request reads that version fresh with its key lookup. A process
therefore never serves a listing older than the last committed write, without any
cross-process invalidation; stale entries simply age out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class ListingCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
