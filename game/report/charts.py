"""Charts as `Drawing`s, built from plain data.

Each builder takes numbers (NumPy arrays, lists, dicts), a title and axis labels and returns a
`game.report.drawing.Drawing`, written as SVG for HTML reports or as PNG by `game.ui.raster`.
Dates are plotted as day numbers (`date.toordinal()`), so any scenario's calendar works: the
date axis ticks the first of each month, labelled with the month and, under January and the
first tick, the year. Colours are Okabe and Ito's, distinct with the common forms of colour
blindness (the sides are blue and vermilion, as in the game).

Text is measured with an estimate of Noto Sans's advance widths (no font is loaded here), so
labels are spaced generously rather than packed to the pixel.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from game.report.drawing import INK, Drawing, Line, Shape

# Okabe & Ito (2008), as in game/ui/palette.py (not imported: nothing of pygame here)
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SERIES = (BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY_BLUE, BLACK)  # yellow is too pale on white
SIDE_COLOURS = {"unc": BLUE, "communist": VERMILION}
BAND = {BLUE: "#9cc3e0", ORANGE: "#f3cf80", GREEN: "#80cfb9", VERMILION: "#eaae80",
        PURPLE: "#e6bcd3", SKY_BLUE: "#aad9f4", BLACK: "#999999"}  # each colour, lightened
GRID = "#e4e4e4"
AXIS = "#4d4d4d"
MUTED = "#5c5c5c"

WIDTH, HEIGHT = 800, 420
TITLE_PX, TEXT_PX, SMALL_PX = 17, 13, 12


# measuring and formatting ----------------------------------------------------------------
def text_width(text: str, size: float = TEXT_PX, bold: bool = False) -> float:
    """Estimated width in pixels (Noto Sans averages about 0.56 em a character)."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW%")
    return (len(text) * 0.55 + wide * 0.15) * size * (1.06 if bold else 1.0)


def wrap(text: str, max_px: float, size: float = TEXT_PX, lines: int = 2) -> list[str]:
    """Break text into at most `lines` lines that fit `max_px` (the last is cut with '…')."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= max_px:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        last = out[-1]
        while last and text_width(last + "…", size) > max_px:
            last = last[:-1].rstrip()
        out[-1] = last + "…"
    return out


def format_number(value: float, step: float = 1.0) -> str:
    """A tick label: thousands separated, as many decimals as the step needs (0.25 → 2)."""
    decimals = 0
    while decimals < 6 and abs(round(step, decimals) - step) > 1e-9 * max(1.0, abs(step)):
        decimals += 1
    text = f"{value:,.{decimals}f}"
    return "0" if text.strip("-0.,") == "" else text


def share_label(share: float) -> str:
    """A share as a percentage that never rounds a rare event away: 0.04% is '<0.1%'."""
    if 0 < share < 0.001:
        return "<0.1%"
    if 0.999 < share < 1:
        return ">99.9%"
    return f"{share:.1%}"


def date_label(d: dt.date) -> str:
    """27 Nov 1951."""
    return f"{d.day} {d:%b %Y}"


def day(d: dt.date) -> float:
    """A date as a position on a date axis."""
    return float(d.toordinal())


def nice_step(raw: float) -> float:
    """The smallest round number (1, 2, 2.5, 5 × 10^k) at least `raw`."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * power >= raw * (1 - 1e-9):
            return m * power
    return 10.0 * power


# axes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tick:
    value: float
    label: str
    sub: str = ""  # a second line under the label (the year on a date axis)


@dataclass(frozen=True)
class Axis:
    lo: float
    hi: float
    ticks: tuple[Tick, ...] = ()

    def scale(self, value: float, a: float, b: float) -> float:
        """The pixel for `value` where lo maps to a and hi to b."""
        if self.hi == self.lo:
            return (a + b) / 2
        return a + (value - self.lo) / (self.hi - self.lo) * (b - a)


@dataclass(frozen=True)
class Mark:
    """A vertical line across the plot at x, labelled above it (e.g. the historical date)."""

    x: float
    label: str
    colour: str = INK
    dashed: bool = True


def number_axis(lo: float, hi: float, *, ticks: int = 6, fit: bool = True,
                percent: bool = False) -> Axis:
    """An axis over [lo, hi] with round ticks; `fit` widens the ends to the nearest ticks."""
    if hi <= lo:
        hi = lo + 1.0
    step = nice_step((hi - lo) / max(1, ticks - 1))
    if fit:
        lo, hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    first = math.ceil(lo / step - 1e-9)
    values = [k * step for k in range(first, math.floor(hi / step + 1e-9) + 1)]
    suffix = "%" if percent else ""
    return Axis(lo, hi, tuple(Tick(v, format_number(v, step) + suffix) for v in values))


def date_axis(start: dt.date, end: dt.date, width_px: float = WIDTH - 120) -> Axis:
    """A date axis from `start` to `end` (day numbers) with a tick on the first of each month,
    or of every 2nd, 3rd, 6th or 12th month when months would be too close to label."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    px_per_month = width_px / max(1.0, (end - start).days / 30.44)
    step = next((s for s in (1, 2, 3, 6, 12) if s * px_per_month >= 40), 12)
    ticks = []
    y, m = start.year, start.month
    first = True
    for _ in range(months + 1):
        d = dt.date(y, m, 1)
        if start <= d <= end and (m - 1) % step == 0:
            if step == 12:
                ticks.append(Tick(day(d), str(y)))
            else:
                ticks.append(Tick(day(d), f"{d:%b}", str(y) if first or m == 1 else ""))
            first = False
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return Axis(day(start), day(end), tuple(ticks))


# the plot frame ---------------------------------------------------------------------------
@dataclass
class _Plot:
    d: Drawing
    left: float
    top: float
    right: float
    bottom: float
    x: Axis
    y: Axis
    header: list[tuple[float, float]]  # occupied spans of the row above the plot

    def px(self, v: float) -> float:
        return self.x.scale(v, self.left, self.right)

    def py(self, v: float) -> float:
        return self.y.scale(v, self.bottom, self.top)

    def mark(self, m: Mark) -> None:
        x = self.px(m.x)
        if not self.left - 0.5 <= x <= self.right + 0.5:
            return
        self.d.line([(x, self.top - 4), (x, self.bottom)], stroke=m.colour, width=2,
                    dashed=m.dashed)
        self.label_above(x, m.label, m.colour)

    def label_above(self, x: float, text: str, colour: str = INK) -> None:
        """A label in the row above the plot, near x, clear of what is already there."""
        w = text_width(text, SMALL_PX)
        a = min(max(x - w / 2, self.left), self.right - w)
        for lo, hi in sorted(self.header):
            if a < hi + 8 and a + w > lo - 8:
                a = hi + 8 if x >= (lo + hi) / 2 or hi + 8 + w <= self.right else lo - 8 - w
        self.header.append((a, a + w))
        self.d.text(a, self.top - 10, text, size=SMALL_PX, fill=colour)


def _frame(width: int, height: int, title: str, subtitle: str, x: Axis, y: Axis,
           x_label: str, y_label: str, right_pad: float = 28, below: float = 0) -> _Plot:
    d = Drawing(width, height, title=title)
    d.text(16, 26, title, size=TITLE_PX, bold=True)
    top = 46
    if subtitle:
        d.text(16, 46, subtitle, size=TEXT_PX, fill=MUTED)
        top = 66
    top += 30  # the row of the y label and the marks' labels
    widest = max((text_width(t.label, SMALL_PX) for t in y.ticks), default=20)
    left = max(56.0, widest + 22)
    subs = any(t.sub for t in x.ticks)
    ticks_h = 35 if subs else 19
    bottom = height - 14 - ticks_h - (24 if x_label else 0) - below
    right = width - right_pad
    p = _Plot(d, left, top, right, bottom, x, y, [])
    for t in y.ticks:
        yy = p.py(t.value)
        d.line([(left, yy), (right, yy)], stroke=GRID)
        d.text(left - 8, yy + 4, t.label, size=SMALL_PX, fill=MUTED, anchor="end")
    if y_label:
        d.text(left, top - 10, y_label, size=SMALL_PX, fill=MUTED)
        p.header.append((left, left + text_width(y_label, SMALL_PX)))
    d.line([(left, bottom), (right, bottom)], stroke=AXIS)
    last_end = -math.inf
    for t in x.ticks:
        xx = p.px(t.value)
        w = max(text_width(t.label, SMALL_PX), text_width(t.sub, SMALL_PX))
        if xx - w / 2 < last_end + 6:
            continue  # no room for this label: keep the axis readable
        last_end = xx + w / 2
        d.line([(xx, bottom), (xx, bottom + 5)], stroke=AXIS)
        d.text(xx, bottom + 19, t.label, size=SMALL_PX, fill=INK, anchor="middle")
        if t.sub:
            d.text(xx, bottom + 35, t.sub, size=SMALL_PX, fill=MUTED, anchor="middle")
    if x_label:
        d.text((left + right) / 2, bottom + ticks_h + 24, x_label, size=TEXT_PX, fill=MUTED,
               anchor="middle")
    return p


# builders --------------------------------------------------------------------------------
def bar_chart(labels: Sequence[str], values: Sequence[float] | np.ndarray, *, title: str,
              y_label: str = "", subtitle: str = "", value_labels: Sequence[str] | None = None,
              colours: Sequence[str] | None = None, width: int = WIDTH,
              height: int = HEIGHT) -> Drawing:
    """One bar per category, heights from zero in proportion to the values, each bar labelled
    with its value (or `value_labels`) above and its category (wrapped) below."""
    vals = np.asarray(values, dtype=float)
    n = len(labels)
    y = number_axis(0.0, float(vals.max()) if n and vals.max() > 0 else 1.0, ticks=5)
    x = Axis(0.0, float(max(n, 1)))
    p = _frame(width, height, title, subtitle, x, y, "", y_label, below=20)  # 2-line labels
    slot = (p.right - p.left) / max(n, 1)
    bar_w = min(slot * 0.6, 160)
    for i, (label, v) in enumerate(zip(labels, vals, strict=True)):
        cx = p.left + slot * (i + 0.5)
        top = p.py(v)
        colour = colours[i % len(colours)] if colours else SERIES[i % len(SERIES)]
        if v > 0:  # at least 2 px: a rare outcome stays visible
            top = min(top, p.bottom - 2)
            p.d.rect(cx - bar_w / 2, top, bar_w, p.bottom - top, fill=colour)
        text = value_labels[i] if value_labels else format_number(v)
        p.d.text(cx, top - 7, text, size=TEXT_PX, anchor="middle", bold=True)
        for j, line in enumerate(wrap(label, slot - 12, TEXT_PX)):
            p.d.text(cx, p.bottom + 20 + 17 * j, line, size=TEXT_PX, anchor="middle")
    return p.d


def histogram(edges: Sequence[float] | np.ndarray, counts: Sequence[float] | np.ndarray, *,
              title: str, x_label: str, y_label: str = "games", subtitle: str = "",
              x_axis: Axis | None = None, marks: Sequence[Mark] = (), colour: str = BLUE,
              percent_of: int | None = None, width: int = WIDTH,
              height: int = HEIGHT) -> Drawing:
    """Bars over bins [edges[i], edges[i+1]) with heights in proportion to the counts (shown as
    a percentage of `percent_of` games when given). Marks are drawn over the bars."""
    e = np.asarray(edges, dtype=float)
    c = np.asarray(counts, dtype=float)
    if percent_of:
        c = 100.0 * c / percent_of
    y = number_axis(0.0, float(c.max()) if c.size and c.max() > 0 else 1.0, ticks=5,
                    percent=bool(percent_of))
    if x_axis is None:
        room = (width - 110) / (text_width(format_number(float(e[-1])), SMALL_PX) + 28)
        x_axis = number_axis(float(e[0]), float(e[-1]), ticks=max(3, min(9, int(room))))
    p = _frame(width, height, title, subtitle, x_axis, y, x_label, y_label)
    for lo, hi, v in zip(e[:-1], e[1:], c, strict=True):
        if v <= 0:
            continue
        a, b = p.px(lo), p.px(hi)
        gap = 0.5 if b - a > 3 else 0.0  # a hairline between bars where there is room
        p.d.rect(a + gap, p.py(v), max(1.0, b - a - 2 * gap), p.bottom - p.py(v), fill=colour)
    for m in marks:
        p.mark(m)
    return p.d


def line_chart(x: Sequence[float] | np.ndarray, series: Mapping[str, Sequence[float] | np.ndarray],
               *, title: str, x_label: str, y_label: str, subtitle: str = "",
               x_axis: Axis | None = None, y_axis: Axis | None = None,
               marks: Sequence[Mark] = (), colours: Sequence[str] | None = None,
               step: bool = False, width: int = WIDTH, height: int = HEIGHT) -> Drawing:
    """Series over a common x (turns, dates as day numbers, …), each a line in its own colour,
    named in a legend on the right. `step` draws each value flat until the next x."""
    xs = np.asarray(x, dtype=float)
    ys = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    if y_axis is None:
        allv = np.concatenate([v[np.isfinite(v)] for v in ys.values()] or [np.zeros(1)])
        y_axis = number_axis(min(0.0, float(allv.min(initial=0.0))),
                             float(allv.max(initial=1.0)), ticks=6)
    legend_w = max((text_width(k, SMALL_PX) for k in ys), default=0) + 44
    beside = legend_w <= 0.3 * width  # else under the plot, so long names do not squeeze it
    rows = _legend_rows(list(ys), width - 32) if not beside else []
    if x_axis is None:
        x_axis = number_axis(float(xs.min(initial=0.0)), float(xs.max(initial=1.0)), ticks=8)
    p = _frame(width, height, title, subtitle, x_axis, y_axis, x_label, y_label,
               right_pad=legend_w + 16 if beside else 28, below=22 * len(rows))
    for i, (name, v) in enumerate(ys.items()):
        colour = colours[i % len(colours)] if colours else SERIES[i % len(SERIES)]
        pts: list[tuple[float, float]] = []
        for j, (xx, yy) in enumerate(zip(xs, v, strict=True)):
            if not math.isfinite(yy):
                continue
            if step and pts and j:
                pts.append((p.px(xx), pts[-1][1]))
            pts.append((p.px(xx), p.py(yy)))
        if len(pts) >= 2:  # earlier series wider, so one hidden under a later one still shows
            p.d.line(pts, stroke=colour, width=2.0 + 3.0 * (len(ys) - 1 - i) / max(1, len(ys) - 1))
        if beside:
            lx, ly = p.right + 14, p.top + 8 + 22 * i
        else:
            row = next(r for r, names in enumerate(rows) if name in names)
            lx = 16 + sum(_legend_w(n) for n in rows[row][:rows[row].index(name)])
            ly = height - 22 * (len(rows) - row) + 4
        p.d.line([(lx, ly - 4), (lx + 22, ly - 4)], stroke=colour, width=3)
        p.d.text(lx + 28, ly, name, size=SMALL_PX)
    for m in marks:
        p.mark(m)
    return p.d


def _legend_w(name: str) -> float:
    return 28 + text_width(name, SMALL_PX) + 22


def _legend_rows(names: list[str], max_px: float) -> list[list[str]]:
    """Legend entries laid out left to right, in as many rows as they need."""
    rows: list[list[str]] = [[]]
    for name in names:
        if rows[-1] and sum(map(_legend_w, rows[-1])) + _legend_w(name) > max_px:
            rows.append([])
        rows[-1].append(name)
    return rows if rows[0] else []


@dataclass(frozen=True)
class StripRow:
    """One row of a date strip: a band from lo to hi, a dot at mid, and the record (all day
    numbers, None where there is nothing to show), with a note at the right end."""

    label: str
    lo: float | None = None
    mid: float | None = None
    hi: float | None = None
    record: float | None = None
    record_label: str = ""
    note: str = ""
    empty: str = ""  # said in the band's place when there is no band


def date_strip(rows: Sequence[StripRow], *, title: str, start: dt.date, end: dt.date,
               subtitle: str = "", x_label: str = "", band_label: str = "10–90% of games",
               mid_label: str = "median", record_label: str = "the record",
               colour: str = BLUE, width: int = WIDTH, row_h: int = 48) -> Drawing:
    """Rows on one date axis: each a band (e.g. the 10th to 90th percentile of a date), a dot
    (the median) and a black line (the historical date), with a legend above."""
    label_w = min(250.0, max((text_width(r.label, TEXT_PX) for r in rows), default=80) + 8)
    note_w = max((text_width(r.note, SMALL_PX) for r in rows), default=0) + 24
    left, right = 24 + label_w, width - max(note_w, 40)
    axis = date_axis(start, end, right - left)
    top = (66 if subtitle else 46) + 34
    height = int(top + row_h * len(rows) + 52 + (26 if x_label else 0))
    d = Drawing(width, height, title=title)
    d.text(16, 26, title, size=TITLE_PX, bold=True)
    if subtitle:
        d.text(16, 46, subtitle, size=TEXT_PX, fill=MUTED)
    _strip_legend(d, left, top - 14, colour, band_label, mid_label, record_label)
    bottom = top + row_h * len(rows)

    def px(v: float) -> float:
        return axis.scale(v, left, right)

    for t in axis.ticks:
        d.line([(px(t.value), top), (px(t.value), bottom)], stroke=GRID)
    for i, r in enumerate(rows):
        cy = top + row_h * (i + 0.5)
        lines = wrap(r.label, label_w, TEXT_PX)
        for j, line in enumerate(lines):
            d.text(16, cy + 5 - 8 * (len(lines) - 1) + 16 * j, line, size=TEXT_PX)
        if i:
            d.line([(16, top + row_h * i), (width - 16, top + row_h * i)], stroke=GRID)
        if r.lo is not None and r.hi is not None:
            a, b = px(max(r.lo, axis.lo)), px(min(r.hi, axis.hi))
            d.rect(a, cy - 8, max(3.0, b - a), 16, fill=BAND.get(colour, SKY_BLUE))
        elif r.empty:
            d.text(left + 8, cy + 4, r.empty, size=SMALL_PX, fill=MUTED)
        if r.mid is not None:
            d.circle(px(r.mid), cy, 6, fill=colour, stroke="#ffffff", width=1.5)
        if r.record is not None:
            if axis.lo <= r.record <= axis.hi:
                d.line([(px(r.record), cy - 14), (px(r.record), cy + 14)], stroke=BLACK,
                       width=3)
            elif r.record_label:  # off the calendar: say when, at the edge it lies beyond
                if r.record > axis.hi:
                    d.text(right - 4, cy - 13, f"{record_label}: {r.record_label} →",
                           size=SMALL_PX, fill=MUTED, anchor="end")
                else:
                    d.text(left + 4, cy - 13, f"← {record_label}: {r.record_label}",
                           size=SMALL_PX, fill=MUTED)
        if r.note:
            d.text(width - 16, cy + 4, r.note, size=SMALL_PX, fill=MUTED, anchor="end")
    d.line([(left, bottom), (right, bottom)], stroke=AXIS)
    last_end = -math.inf
    for t in axis.ticks:
        xx = px(t.value)
        w = max(text_width(t.label, SMALL_PX), text_width(t.sub, SMALL_PX))
        if xx - w / 2 < last_end + 6:
            continue
        last_end = xx + w / 2
        d.line([(xx, bottom), (xx, bottom + 5)], stroke=AXIS)
        d.text(xx, bottom + 19, t.label, size=SMALL_PX, anchor="middle")
        if t.sub:
            d.text(xx, bottom + 35, t.sub, size=SMALL_PX, fill=MUTED, anchor="middle")
    if x_label:
        d.text((left + right) / 2, bottom + 62, x_label, size=TEXT_PX, fill=MUTED,
               anchor="middle")
    return d


def _strip_legend(d: Drawing, x: float, y: float, colour: str, band: str, mid: str,
                  record: str) -> None:
    d.rect(x, y - 6, 22, 12, fill=BAND.get(colour, SKY_BLUE))
    x += 28
    d.text(x, y + 4, band, size=SMALL_PX, fill=MUTED)
    x += text_width(band, SMALL_PX) + 20
    d.circle(x + 6, y, 6, fill=colour)
    d.text(x + 16, y + 4, mid, size=SMALL_PX, fill=MUTED)
    x += 16 + text_width(mid, SMALL_PX) + 20
    d.line([(x + 2, y - 8), (x + 2, y + 8)], stroke=BLACK, width=3)
    d.text(x + 10, y + 4, record, size=SMALL_PX, fill=MUTED)


def stack(drawings: Sequence[Drawing], *, title: str = "", gap: int = 0) -> Drawing:
    """Drawings one under another (small multiples), with an optional overall title."""
    head = 40 if title else 0
    width = max((p.width for p in drawings), default=WIDTH)
    height = head + sum(p.height for p in drawings) + gap * max(0, len(drawings) - 1)
    out = Drawing(width, height, title=title or (drawings[0].title if drawings else ""))
    if title:
        out.text(16, 28, title, size=TITLE_PX + 2, bold=True)
    y = float(head)
    for i, p in enumerate(drawings):
        if i:
            out.line([(16, y - gap / 2), (width - 16, y - gap / 2)], stroke=GRID)
        out.shapes.extend(_moved(s, 0.0, y) for s in p.shapes)
        y += p.height + gap
    return out


def _moved(s: Shape, dx: float, dy: float) -> Shape:
    if isinstance(s, Line):
        return replace(s, points=tuple((x + dx, y + dy) for x, y in s.points))
    return replace(s, x=s.x + dx, y=s.y + dy)  # Rect, Circle and Text all sit at (x, y)
