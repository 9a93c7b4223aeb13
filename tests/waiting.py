"""Waiting for something to happen: poll its condition until a deadline, never sleep a
fixed time and hope (a busy machine makes every fixed wait too short)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEADLINE_SECONDS = 30.0


def wait_until(
    condition: Callable[[], T], *, timeout: float = DEADLINE_SECONDS, interval: float = 0.02
) -> T:
    """condition()'s first truthy value; AssertionError if none came before the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {condition}")
        time.sleep(interval)


def sleep_until(moment: float) -> None:
    """Let a documented span of time pass (time.monotonic() reaches moment), for a test of a
    promise made in time, such as "a change shows everywhere within 2 s": never to wait for
    something to happen."""
    while (left := moment - time.monotonic()) > 0:
        time.sleep(left)
