"""A clock that tests move instead of waiting for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Clock:
    """Seconds, as time.monotonic gives them, moved by the test (the key cache takes one)."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now
