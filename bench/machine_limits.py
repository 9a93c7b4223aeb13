"""Every benchmark of the server's speed against its machine, in one run, and a summary.

    .venv/bin/python bench/machine_limits.py [--quick]

Runs in turn, each as its own process with its own output: the listing against a bare
WSGI app (listing_throughput.py), sign-ups against bare INSERT transactions
(signup_rate.py), the CSV export against COPY (export_csv.py), email delivery by two
workers to a local SMTP server (outbox_throughput.py on PostgreSQL), webhook delivery by
two workers to a local receiver (webhook_delivery.py), and the widget's bytes and
requests before its first task (widget_load.py). Each ends with `target:` and `figure:`
lines (bench/verdicts.py); they are printed again together at the end, with the machine
and its load.

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


def run(script: str, arguments: list[str]) -> tuple[int, list[str], float]:
    """The benchmark's exit status, its target and figure lines, and its seconds; its
    output goes on to this process's as it comes."""
    started = time.monotonic()
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
    return process.returncode, gathered, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    load = os.getloadavg()[0]
    outcomes = []
    for script, arguments, repeat in BENCHMARKS:
        print(f"\n=== {script} {' '.join(arguments)}", flush=True)
        outcomes.append((script, *run(script, arguments + ([repeat, "1"] if args.quick else []))))
    print(
        f"\n=== summary: {os.cpu_count()} cores, Python {platform.python_version()}, load "
        f"{load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end, "
        f"{(time.monotonic() - started) / 60:.1f} minutes"
    )
    for script, status, lines, seconds in outcomes:
        checks = "checks passed" if status == 0 else f"FAILED (exit status {status})"
        print(f"{script}: {checks}, {seconds:.0f} s")
        for line in lines:
            print("  " + line)
    return 0 if all(status == 0 for _, status, _, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
