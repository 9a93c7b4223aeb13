"""Bar charts drawn as SVG on the server: no chart library, nothing to download.

Only the geometry is computed here; templates/admin/_chart.html draws it with a title, a
description and the same numbers as a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 260
_LEFT = 52  # room for the value axis labels
_BOTTOM = 40  # room for the category labels
_TOP = 28  # room for the value above the tallest bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    show_label: bool


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    baseline: float
    left: float


def _nice_max(value: int) -> int:
    """The top of the value axis: a round number at or above the largest bar (at least 4)."""
    top = max(value, 4)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top <= step * 4:
            return step * 4
    return -(-top // 10000) * 10000


def bar_chart(points: list[tuple[str, int]], label_every: int = 3) -> BarChart:
    """Bars for (label, value) pairs, left to right, on a 0-based axis with four steps."""
    top = _nice_max(max((v for _, v in points), default=0))
    baseline = HEIGHT - _BOTTOM
    plot_height = baseline - _TOP
    slot = (WIDTH - _LEFT) / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / top
        bars.append(
            Bar(
                x=round(_LEFT + index * slot + slot * 0.15, 2),
                y=round(baseline - height, 2),
                width=round(slot * 0.7, 2),
                height=round(height, 2),
                value=value,
                label=label,
                # Every third label, counted from the latest week: large enough to read on a
                # phone, where the chart is drawn at half its size, and never overlapping.
                show_label=(len(points) - 1 - index) % label_every == 0,
            )
        )
    ticks = [Tick(round(baseline - plot_height * i / 4, 2), top * i // 4) for i in range(5)]
    return BarChart(WIDTH, HEIGHT, bars, ticks, baseline, _LEFT)
