"""Chart builders: bars in proportion to the data, real dates on date axes, marks where the
record is, legends that do not squeeze the plot, valid SVG."""

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from game.report.charts import (
    BLUE,
    SERIES,
    Mark,
    StripRow,
    bar_chart,
    date_axis,
    date_label,
    date_strip,
    day,
    format_number,
    histogram,
    line_chart,
    number_axis,
    share_label,
    stack,
    wrap,
)
from game.report.drawing import Circle, Drawing, Line, Rect, Text


def _bars(d: Drawing, colour: str | None = None) -> list[Rect]:
    return [s for s in d.shapes if isinstance(s, Rect) and s.fill and s.fill != "#ffffff"
            and (colour is None or s.fill == colour)]


def _texts(d: Drawing) -> list[Text]:
    return [s for s in d.shapes if isinstance(s, Text)]


def test_bar_chart_has_one_bar_per_nonzero_value_in_proportion():
    counts = [300, 0, 1200, 600]
    d = bar_chart(["armistice", "collapse", "stalemate", "other"], counts, title="Outcomes",
                  y_label="games", value_labels=[f"{c:,}" for c in counts])
    bars = _bars(d)
    assert len(bars) == 3
    assert [b.fill for b in bars] == [SERIES[0], SERIES[2], SERIES[3]]
    bottoms = {round(b.y + b.h, 6) for b in bars}
    assert len(bottoms) == 1  # all stand on the same axis
    heights = [b.h for b in bars]
    assert heights[1] / heights[0] == pytest.approx(4.0)
    assert heights[2] / heights[0] == pytest.approx(2.0)
    labels = [t.text for t in _texts(d)]
    assert {"1,200", "0", "armistice", "collapse", "Outcomes", "games"} <= set(labels)
    assert bars[0].x < bars[1].x < bars[2].x  # in the order given


def test_a_rare_category_still_shows():
    d = bar_chart(["common", "rare"], [1_000_000, 3], title="t")
    assert len(_bars(d)) == 2 and min(b.h for b in _bars(d)) >= 2


def test_histogram_bars_cover_their_bins_in_proportion_and_as_percent():
    edges = np.array([0.0, 10.0, 20.0, 30.0, 40.0])
    counts = np.array([5, 20, 0, 10])
    d = histogram(edges, counts, title="Casualties", x_label="casualties", colour=BLUE,
                  percent_of=100)
    bars = _bars(d, BLUE)
    assert len(bars) == 3  # the empty bin draws nothing
    assert bars[1].h / bars[0].h == pytest.approx(4.0)
    assert bars[2].h / bars[0].h == pytest.approx(2.0)
    # equal bins are equally wide, and the second starts where the first ends
    assert bars[0].w == pytest.approx(bars[1].w)
    assert bars[1].x == pytest.approx(bars[0].x + bars[0].w + 1.0)
    y_labels = [t.text for t in _texts(d) if t.anchor == "end"]
    assert y_labels and all(s.endswith("%") for s in y_labels)
    assert "20%" in y_labels  # 20 of 100 games is the tallest bar


def test_date_axis_ticks_are_first_of_the_month_with_the_year_under_january():
    axis = date_axis(dt.date(1951, 7, 10), dt.date(1952, 5, 5), width_px=680)
    months = [(t.label, t.sub) for t in axis.ticks]
    assert months[0] == ("Aug", "1951")
    assert ("Jan", "1952") in months
    assert [m for m, _ in months] == ["Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
                                      "Apr", "May"]
    # each tick sits on the day it names
    year = 1951
    for t in axis.ticks:
        year = int(t.sub) if t.sub else year
        named = dt.datetime.strptime(f"1 {t.label} {year}", "%d %b %Y").date()
        assert t.value == named.toordinal()


def test_a_long_or_narrow_date_axis_thins_its_ticks():
    axis = date_axis(dt.date(1950, 6, 25), dt.date(1953, 7, 27), width_px=400)
    values = [dt.date.fromordinal(int(t.value)) for t in axis.ticks]
    steps = {(b.year - a.year) * 12 + b.month - a.month for a, b in itertools.pairwise(values)}
    assert len(steps) == 1 and steps.pop() > 1


def test_histogram_on_a_date_axis_labels_real_dates_and_marks_the_record():
    start = dt.date(1951, 7, 10)
    edges = [day(start + dt.timedelta(days=15 * t)) for t in range(21)]
    counts = [0] * 20
    counts[9] = 70
    counts[10] = 30
    record = dt.date(1951, 11, 27)
    d = histogram(edges, counts, title="Demarcation", x_label="", x_axis=date_axis(
        start, start + dt.timedelta(days=300)), marks=[Mark(day(record),
                                                             f"record: {date_label(record)}")])
    texts = {t.text: t for t in _texts(d)}
    assert "record: 27 Nov 1951" in texts
    assert {"Aug", "Nov", "Jan", "1951", "1952"} <= set(texts)
    # the record line stands inside the bar of the turn it falls in (the one from 22 Nov)
    mark = next(s for s in d.shapes if isinstance(s, Line) and s.dashed)
    bar = _bars(d, BLUE)[0]
    assert bar.x <= mark.points[0][0] <= bar.x + bar.w
    # and the "Nov" tick is left of it, the "Dec" tick right of it
    assert texts["Nov"].x < mark.points[0][0] < texts["Dec"].x


def test_number_axis_and_labels():
    axis = number_axis(81_293, 134_982, ticks=6)
    assert axis.lo == 80_000 and axis.hi == 140_000  # widened to round ticks
    assert [t.label for t in axis.ticks] == ["80,000", "100,000", "120,000", "140,000"]
    assert [t.label for t in number_axis(-4.6, 2.6, ticks=5).ticks] == ["-6", "-4", "-2", "0",
                                                                        "2", "4"]
    assert format_number(0.25, 0.25) == "0.25" and format_number(-0.0, 0.5) == "0"
    assert [share_label(x) for x in (0, 0.0004, 0.5, 0.9996, 1)] == \
        ["0.0%", "<0.1%", "50.0%", ">99.9%", "100.0%"]


def test_wrap_keeps_lines_within_width():
    lines = wrap("Military demarcation line and demilitarized zone", 150, 13)
    assert 1 < len(lines) <= 2
    assert " ".join(lines).replace("…", "").startswith("Military demarcation")


def test_line_chart_draws_each_series_and_a_legend_that_fits():
    x = np.arange(5.0)
    short = line_chart(x, {"a": [0, 1, 2, 3, 4], "b": [4, 3, 2, 1, 0]}, title="t",
                       x_label="turn", y_label="v")
    lines = [s for s in short.shapes if isinstance(s, Line) and s.stroke in SERIES[:2]]
    series = [ln for ln in lines if len(ln.points) == 5]
    assert len(series) == 2
    # "a" rises: its first point is lower on the page than its last
    assert series[0].points[0][1] > series[0].points[-1][1]
    names = {t.text: t for t in _texts(short)}
    assert names["a"].x > series[0].points[-1][0]  # a short legend sits beside the plot
    long = {f"{k}. Arrangements for the cease-fire and its supervision": x for k in range(4)}
    d = line_chart(x, long, title="t", x_label="turn", y_label="v")
    legend = [t for t in _texts(d) if t.text.endswith("supervision")]
    plot_right = max(p[0] for s in d.shapes if isinstance(s, Line) for p in s.points
                     if s.stroke in SERIES and len(s.points) == 5)
    assert plot_right > 0.9 * d.width  # long names go under the plot, not beside it
    x_title = next(t for t in _texts(d) if t.text == "turn")
    assert len(legend) == 4 and all(t.y > x_title.y for t in legend)


def test_step_line_is_flat_between_points():
    d = line_chart([0, 1, 2], {"s": [0, 10, 20]}, title="t", x_label="", y_label="",
                   step=True)
    line = next(s for s in d.shapes if isinstance(s, Line) and s.stroke == SERIES[0]
                and len(s.points) == 5)
    assert line.points[1][1] == line.points[0][1]  # held flat to the next x, then up


def test_date_strip_band_dot_and_record():
    start, end = dt.date(1951, 7, 10), dt.date(1952, 5, 5)
    rows = [StripRow("Demarcation", lo=day(dt.date(1951, 11, 7)), mid=day(dt.date(1951, 11, 29)),
                     hi=day(dt.date(1952, 1, 21)), record=day(dt.date(1951, 11, 27)),
                     record_label="27 Nov 1951", note="86% agreed"),
            StripRow("Prisoners", empty="never agreed", record=day(dt.date(1953, 6, 8)),
                     record_label="8 Jun 1953")]
    d = date_strip(rows, title="When", start=start, end=end)
    band = next(s for s in _bars(d) if s.h == 16)
    dot = next(s for s in d.shapes if isinstance(s, Circle) and s.r == 6 and s.stroke)
    assert band.x < dot.x < band.x + band.w
    texts = [t.text for t in _texts(d)]
    assert "86% agreed" in texts and "never agreed" in texts
    assert any("8 Jun 1953" in t and "→" in t for t in texts)  # beyond the calendar's end


def test_stack_moves_panels_down_and_keeps_their_shapes():
    a = bar_chart(["x"], [1], title="A", height=200)
    b = bar_chart(["y"], [2], title="B", height=300)
    s = stack([a, b], title="Both")
    assert s.height == 40 + 200 + 300 and s.width == 800
    title_b = next(t for t in _texts(s) if t.text == "B")
    assert title_b.y == pytest.approx(40 + 200 + 26)
    assert len(s.shapes) >= len(a.shapes) + len(b.shapes)


def test_every_chart_is_valid_svg():
    charts = [
        bar_chart(["a & b", "<c>"], [1, 2], title="x"),
        histogram([0, 1, 2], [3, 4], title="h", x_label="x"),
        line_chart([0, 1], {"s": [0, 1]}, title="l", x_label="x", y_label="y"),
        date_strip([StripRow("r", lo=day(dt.date(1952, 1, 1)), hi=day(dt.date(1952, 2, 1)))],
                   title="d", start=dt.date(1951, 7, 10), end=dt.date(1952, 5, 5)),
    ]
    for d in charts:
        root = ET.fromstring(d.to_svg())
        assert root.get("width") == str(d.width)
