"""The lines each benchmark ends with, in one shape that bench/machine_limits.py gathers:
a target of issue "close to the machine" with the figure measured and whether it is met,
or a figure given beside them (a limit, a ceiling, a floor)."""

from __future__ import annotations

TARGET = "target: "
FIGURE = "figure: "


def target(what: str, measured: str, goal: str, met: bool) -> None:
    print(f"{TARGET}{what}: {measured}; goal {goal}: {'met' if met else 'NOT MET'}", flush=True)


def figure(what: str, measured: str) -> None:
    print(f"{FIGURE}{what}: {measured}", flush=True)
