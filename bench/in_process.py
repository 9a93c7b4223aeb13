"""Time requests made in this process, then profile as many more with pyinstrument."""

from __future__ import annotations

import time
from collections.abc import Callable


def time_then_profile(request: Callable[[int], None], first: int, count: int, what: str) -> None:
    """Times `count` calls of request(n) from n = first, then profiles `count` more.

    CPU time is what a busy machine inflates least; the profile shows wall time.
    """
    from pyinstrument import Profiler

    cpu, start = time.process_time(), time.perf_counter()
    for n in range(first, first + count):
        request(n)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - start
    print(
        f"\n{count} {what} in process, unprofiled: {1000 * elapsed / count:.3f} ms each, "
        f"{1000 * cpu / count:.3f} ms of it this process's CPU"
    )
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for n in range(first + count, first + 2 * count):
        request(n)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
