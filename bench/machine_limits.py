"""Every benchmark of the server's speed against its machine, in one run, and a summary.

    .venv/bin/python bench/machine_limits.py [--quick]

Runs in turn, each as its own process with its own output: the listing against a bare
WSGI app (listing_throughput.py), sign-ups against bare INSERT transactions
(signup_rate.py), the CSV export against COPY (export_csv.py), email delivery by two
workers to a local SMTP server (outbox_throughput.py on PostgreSQL), webhook delivery by
two workers to a local receiver (webhook_delivery.py), and the widget's bytes and
requests before its first task (widget_load.py). Each ends with `target:` and `figure:`
lines (bench/verdicts.py); they are printed again together at the end, with the machine
and its load, and the share of the machine's time the hypervisor gave to other guests
while each benchmark ran (steal, from /proc/stat): figures measured under more than a few
per cent of it are not comparable with a run on a machine of one's own.

Needs what each benchmark needs: PostgreSQL, Redis, wrk and Chromium. --quick runs each
benchmark once (its --runs or --repeat 1) for a look, not for figures. Exits 1 when a
benchmark failed one of its checks (an error answer, a lost or doubled message, a wrong
count); a target not met is reported, not an error.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.verdicts import FIGURE, TARGET  # noqa: E402

# (script, its arguments, the argument that sets how many times it repeats its runs)
BENCHMARKS = [
    ("listing_throughput.py", [], "--runs"),
    ("signup_rate.py", [], "--runs"),
    ("export_csv.py", ["--no-before"], "--runs"),
    ("outbox_throughput.py", ["--database", "postgresql"], "--repeat"),
    ("webhook_delivery.py", [], "--repeat"),
    ("widget_load.py", [], "--runs"),
]
# Above this share of stolen time, a run's figures say more about the host than the server.
STEAL_WARNING = 0.05


def cpu_times() -> list[int] | None:
    """The machine's CPU time by kind since boot, in ticks (the `cpu` line of /proc/stat:
    user, nice, system, idle, iowait, irq, softirq, steal, ...), None off Linux."""
    try:
        with open("/proc/stat") as stat:
            return [int(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_share(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of all CPU time between two readings that was stolen (guest time is part
    of user time already, so it is left out of the whole)."""
    if before is None or after is None or len(before) < 8:
        return None
    spent = [b - a for a, b in zip(before[:8], after[:8], strict=True)]
    return spent[7] / sum(spent) if sum(spent) else None


def describe_steal(share: float | None) -> str:
    if share is None:
        return "steal unknown"
    warning = " (not comparable: the host gave the time to others)" if share > STEAL_WARNING else ""
    return f"steal {100 * share:.0f}%{warning}"


def run(script: str, arguments: list[str]) -> tuple[int, list[str], float, float | None]:
    """The benchmark's exit status, its target and figure lines, its seconds and the share of
    them stolen; its output goes on to this process's as it comes."""
    started, before = time.monotonic(), cpu_times()
    gathered = []
    with subprocess.Popen(
        [sys.executable, str(HERE / script), *arguments],
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith((TARGET, FIGURE)):
                gathered.append(line.rstrip("\n"))
    seconds = time.monotonic() - started
    return process.returncode, gathered, seconds, steal_share(before, cpu_times())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    started, before = time.monotonic(), cpu_times()
    load = os.getloadavg()[0]
    outcomes = []
    for script, arguments, repeat in BENCHMARKS:
        print(f"\n=== {script} {' '.join(arguments)}", flush=True)
        outcomes.append((script, *run(script, arguments + ([repeat, "1"] if args.quick else []))))
    print(
        f"\n=== summary: {os.cpu_count()} cores, Python {platform.python_version()}, load "
        f"{load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, "
        f"{(time.monotonic() - started) / 60:.1f} minutes, "
        f"{describe_steal(steal_share(before, cpu_times()))}"
    )
    for script, status, lines, seconds, stolen in outcomes:
        checks = "checks passed" if status == 0 else f"FAILED (exit status {status})"
        print(f"{script}: {checks}, {seconds:.0f} s, {describe_steal(stolen)}")
        for line in lines:
            print("  " + line)
    return 0 if all(status == 0 for _, status, *_ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
