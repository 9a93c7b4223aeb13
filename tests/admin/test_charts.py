"""The server-drawn bar chart: a round axis, bars to scale, labels that do not collide."""

from __future__ import annotations

from widget_server.admin.charts import bar_chart


def test_bars_are_to_scale_on_a_round_axis_with_every_third_label() -> None:
    chart = bar_chart([(f"w{i}", v) for i, v in enumerate([0, 3, 7, 1, 0, 0, 2, 5, 0, 0, 1, 6])])
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6, 8]
    tallest = max(chart.bars, key=lambda b: b.value)
    assert tallest.value == 7 and tallest.height == round((chart.baseline - 28) * 7 / 8, 2)
    assert [b.label for b in chart.bars if b.show_label] == ["w2", "w5", "w8", "w11"]
    assert all(b.height == 0 for b in chart.bars if b.value == 0)


def test_an_empty_chart_still_has_an_axis() -> None:
    chart = bar_chart([("a", 0), ("b", 0)])
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]
