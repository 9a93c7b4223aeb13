"""Time requests made in this process, then profile as many more with pyinstrument."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

BATCHES = 10


def time_then_profile(request: Callable[[int], None], first: int, count: int, what: str) -> None:
    """Times `count` calls of request(n) from n = first, then profiles `count` more.

    CPU time is what a busy machine inflates least, and the best of ten batches least of
    all: other jobs only ever add to it. The profile shows wall time.
    """
    from pyinstrument import Profiler

    size = max(1, count // BATCHES)
    cpu_each, wall_each = [], []
    for start_n in range(first, first + count, size):
        cpu, start = time.process_time(), time.perf_counter()
        batch = range(start_n, min(start_n + size, first + count))
        for n in batch:
            request(n)
        cpu_each.append((time.process_time() - cpu) / len(batch))
        wall_each.append((time.perf_counter() - start) / len(batch))
    print(
        f"\n{count} {what} in process, unprofiled, in batches of {size}: "
        f"{1000 * statistics.median(wall_each):.3f} ms each (median), this process's CPU "
        f"{1000 * min(cpu_each):.3f} ms (best batch), {1000 * statistics.median(cpu_each):.3f} ms "
        "(median)"
    )
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for n in range(first + count, first + 2 * count):
        request(n)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
