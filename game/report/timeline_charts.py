"""Charts against the calendar of a game, for the debrief and the class report.

Each chart is a `Drawing` (written as inline SVG): lines or steps over dates, with months on the
x axis, optional shaded spans (recesses) and dated marks (when history agreed an item), and
optionally named categories on the y axis (an agenda item's ladder of positions). The axes,
text measure and colours are those of `game.report.charts`, so the reports and `simulate`'s
charts look alike; what is added here is what a game's own timeline needs (steps per series,
dashes and markers that survive black-and-white printing, recess bands, a ladder axis, and
series of different lengths, one per team).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.report.charts import (
    AXIS,
    GRID,
    MUTED,
    SERIES,
    date_axis,
    number_axis,
    text_width,
    wrap,
)
from game.report.drawing import Drawing

BAND = "#ececec"
TEAM_COLOURS = SERIES
LADDER_PX = 190  # the widest a position's name may be on a ladder axis

XScale = Callable[[dt.date], float]
YScale = Callable[[float], float]


@dataclass(frozen=True)
class Series:
    label: str
    dates: Sequence[dt.date]
    values: Sequence[float]  # NaN breaks the line
    colour: str
    dashed: bool = False
    step: bool = False  # hold each value until the next date (positions, counts)
    marker: str = ""  # "", "circle" or "square": tells lines apart in black-and-white print
    width: float = 2.2


@dataclass(frozen=True)
class Mark:
    """A dated vertical line, e.g. the day history agreed an item."""

    date: dt.date
    label: str
    colour: str = MUTED


@dataclass(frozen=True)
class Style:
    colour: str
    dashed: bool
    marker: str


def team_style(k: int) -> Style:
    """The k-th team's line: distinct in colour and, printed in grey, in dash and marker too."""
    return Style(TEAM_COLOURS[k % len(TEAM_COLOURS)], k % 2 == 1,
                 ("", "", "circle", "circle", "square", "square")[k % 6])


def time_chart(title: str, series: Sequence[Series], *, start: dt.date, end: dt.date,
               categories: Sequence[str] | None = None, marks: Sequence[Mark] = (),
               bands: Sequence[tuple[dt.date, dt.date]] = (), band_label: str = "",
               width: int = 640, height: int = 270, y_from_zero: bool = False,
               y_max: float | None = None, y_ticks: int = 5) -> Drawing:
    """Lines (or steps) of `series` over [start, end].

    With `categories` the values are indices into it (drawn as named rows, first at the top).
    `y_max` keeps the axis up to a known ceiling (e.g. the number of agenda items), and
    `y_ticks` asks for about that many ticks (one per whole number for a small count).
    """
    if end <= start:
        end = start + dt.timedelta(days=1)
    d = Drawing(width, height, title=title)
    d.text(4, 18, title, size=15, bold=True)
    legend_bottom = _legend(d, series, 4, 24, width - 8)
    if categories is not None:
        labels = [wrap(c, LADDER_PX, 13, lines=1)[0] for c in categories]
        lo, hi = -0.5, len(categories) - 0.5
        ticks = [(float(k), labels[k]) for k in range(len(categories))]
    else:
        values = [v for s in series for v in s.values if not math.isnan(v)]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        if y_from_zero:
            lo = min(lo, 0.0)
        if y_max is not None:
            hi = max(hi, y_max)
        if hi - lo < 1e-9:
            lo, hi = lo - max(abs(lo) * 0.1, 1.0), hi + max(abs(hi) * 0.1, 1.0)
        axis = number_axis(lo, hi, ticks=y_ticks)
        lo, hi = axis.lo, axis.hi
        ticks = [(tick.value, tick.label) for tick in axis.ticks]
    left = 14 + max((text_width(label, 13) for _, label in ticks), default=20)
    top, bottom, right = legend_bottom + 19, height - 46, width - 14
    span = (end - start).days

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - start).days / span

    def y(value: float) -> float:
        if categories is not None:  # the first category (the UN Command's ideal) on top
            return top + (bottom - top) * (value - lo) / (hi - lo)
        return bottom - (bottom - top) * (value - lo) / (hi - lo)

    for a, b in bands:
        a, b = max(a, start), min(b, end)
        if b > a:
            d.rect(x(a), top, x(b) - x(a), bottom - top, fill=BAND)
    if band_label and any(min(b, end) > max(a, start) for a, b in bands):
        d.text(right, top - 5, f"shaded: {band_label}", size=12, fill=MUTED, anchor="end")
    for value, label in ticks:
        d.line([(left, y(value)), (right, y(value))], stroke=GRID)
        d.text(left - 6, y(value) + 4.5, label, size=13, fill=MUTED, anchor="end")
    last_end = -math.inf
    for tick in date_axis(start, end, right - left).ticks:
        tx = left + (right - left) * (tick.value - start.toordinal()) / span
        w = max(text_width(tick.label, 13), text_width(tick.sub, 13))
        if tx - w / 2 < last_end + 6:
            continue  # no room for this label: keep the axis readable
        last_end = tx + w / 2
        d.line([(tx, bottom), (tx, bottom + 4)], stroke=AXIS)
        d.text(tx, bottom + 19, tick.label, size=13, fill=MUTED, anchor="middle")
        if tick.sub:
            d.text(tx, bottom + 35, tick.sub, size=13, fill=MUTED, anchor="middle")
    d.line([(left, top), (left, bottom), (right, bottom)], stroke=AXIS)
    for mark in marks:
        if start <= mark.date <= end:
            mx = x(mark.date)
            d.line([(mx, top), (mx, bottom)], stroke=mark.colour, width=1.2, dashed=True)
    for s in series:
        for run in _runs(s, x, y):
            d.line(run, stroke=s.colour, width=s.width, dashed=s.dashed)
        _markers(d, s, x, y)
    for k, mark in enumerate(m for m in marks if start <= m.date <= end):
        # labels last, on white, so that no line runs through them
        mx, my = x(mark.date), top + 13 + 15 * (k % 3)
        w = text_width(mark.label, 12)
        near_right = mx > right - w - 8
        lx = mx - 4 - w if near_right else mx + 4
        d.rect(lx - 2, my - 11, w + 4, 14, fill="#ffffff")
        d.text(lx, my, mark.label, size=12, fill=mark.colour)
    return d


def _legend(d: Drawing, series: Sequence[Series], x0: float, y0: float, width: float) -> float:
    """Swatches and labels in rows under the title; returns the y below the last row."""
    x, y = x0, y0 + 14
    labelled = [s for s in series if s.label]
    for s in labelled:
        w = 34 + text_width(s.label, 13)
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + 19
        d.line([(x, y - 4), (x + 22, y - 4)], stroke=s.colour, width=s.width, dashed=s.dashed)
        if s.marker:
            _marker(d, s.marker, x + 11, y - 4, s.colour)
        d.text(x + 27, y, s.label, size=13)
        x += w + 8
    return y if labelled else y0


def _runs(s: Series, x: XScale, y: YScale) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for k, (day, value) in enumerate(zip(s.dates, s.values, strict=True)):
        if math.isnan(value):
            if len(run) > 1:
                runs.append(run)
            run = []
            continue
        if s.step and run:
            run.append((x(day), run[-1][1]))
        run.append((x(day), y(value)))
        if s.step and k == len(s.values) - 1 and len(run) == 1:
            run.append((x(day) + 3, y(value)))  # a lone value still shows as a stub
    if len(run) > 1:
        runs.append(run)
    return runs


def _markers(d: Drawing, s: Series, x: XScale, y: YScale) -> None:
    """A marker every few points, and always a dot at the last point, where a game ended."""
    points = [(day, v) for day, v in zip(s.dates, s.values, strict=True) if not math.isnan(v)]
    if not points:
        return
    if s.marker:
        every = max(1, len(points) // 8)
        for day, v in points[::every]:
            _marker(d, s.marker, x(day), y(v), s.colour)
    day, v = points[-1]
    d.circle(x(day), y(v), 3.2, fill=s.colour, stroke="#ffffff", width=1)


def _marker(d: Drawing, kind: str, cx: float, cy: float, colour: str) -> None:
    if kind == "square":
        d.rect(cx - 3.5, cy - 3.5, 7, 7, fill="#ffffff", stroke=colour, width=1.6)
    else:
        d.circle(cx, cy, 3.6, fill="#ffffff", stroke=colour, width=1.6)

