"""The charts of an `armistice simulate` run, built from its summary (the `--json` object,
also written as summary.json), so a report can draw them again from that file alone.

Turn t of the scenario begins on `calendar.start + t * turn_days`; a thing that happened in
turn t is drawn over that turn's days, and the historical date exactly where it falls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from game.files import write_atomic
from game.report.charts import (
    GREEN,
    SERIES,
    SIDE_COLOURS,
    Mark,
    StripRow,
    bar_chart,
    date_axis,
    date_label,
    date_strip,
    day,
    histogram,
    line_chart,
    number_axis,
    share_label,
    stack,
)
from game.report.drawing import Drawing
from game.vocab import SIDES

PANEL_H = 300  # one panel of a stack: legible at 1x, and a stack of six still fits a page


class Calendar:
    """Turn numbers to dates, from a summary's `calendar`."""

    def __init__(self, data: dict[str, Any]) -> None:
        cal = data["calendar"]
        self.start = dt.date.fromisoformat(cal["start"])
        self.turn_days = int(cal["turn_days"])
        self.turns = int(cal["turns"])

    def date(self, turn: float) -> dt.date:
        return self.start + dt.timedelta(days=round(turn * self.turn_days))

    @property
    def end(self) -> dt.date:
        return self.date(self.turns)

    def edges(self) -> np.ndarray:
        """The day numbers at which turns 0..turns begin (and the last one ends)."""
        return np.array([day(self.date(t)) for t in range(self.turns + 1)])


CHART_NAMES = ("outcomes", "agreement_dates", "agreement_histograms", "agreed_by_date",
               "casualties", "scores")
"""The file stem of every chart a run may have (`simulate --out` writes NAME.svg, NAME.png)."""


def simulation_charts(data: dict[str, Any]) -> dict[str, Drawing]:
    """Every chart of a run, by file stem (in CHART_NAMES; a run without agreement dates has
    no histograms)."""
    cal = Calendar(data)
    charts = {"outcomes": outcomes_chart(data), "agreement_dates": agreement_strip(data, cal)}
    panels = agreement_histograms(data, cal)
    if panels:
        charts["agreement_histograms"] = panels
    charts["agreed_by_date"] = agreed_by_date(data, cal)
    charts["casualties"] = side_histograms(data, "casualties", "Casualties",
                                           "casualties by the end of the game")
    charts["scores"] = side_histograms(data, "scores", "Scores", "score at the end of the game")
    return charts


def write_charts(data: dict[str, Any], folder: Path,
                 save_png: Callable[[Drawing, Path], None] | None) -> list[Path]:
    """Write each chart as .svg and, given a PNG writer (`game.ui.raster.save_png`), as .png."""
    written = []
    for name, drawing in simulation_charts(data).items():
        svg = folder / f"{name}.svg"
        write_atomic(svg, drawing.to_svg() + "\n")
        written.append(svg)
        if save_png is not None:
            save_png(drawing, folder / f"{name}.png")
            written.append(folder / f"{name}.png")
    return written


def _who(data: dict[str, Any]) -> str:
    pol = data["policies"]
    sides = data.get("sides", {})
    what = f"{data.get('scenario', '')} · seed {data['seed']} · " \
           f"{sides.get('unc', 'UNC')} {pol['unc']}, {sides.get('communist', 'Communist')} " \
           f"{pol['communist']}"
    if data.get("what_ifs"):
        what += " · what-if " + ", ".join(data["what_ifs"])
    return what.lstrip(" ·")


def outcomes_chart(data: dict[str, Any]) -> Drawing:
    ids = list(data["outcomes"])
    counts = [data["outcomes"][k] for k in ids]
    runs = max(1, data["runs"])
    titles = data.get("outcome_titles", {})
    return bar_chart(
        [titles.get(k, k) for k in ids], counts,
        title=f"How {data['runs']:,} games ended", subtitle=_who(data), y_label="games",
        value_labels=[f"{c:,} ({share_label(c / runs)})" for c in counts])


def _record(entry: dict[str, Any]) -> dt.date | None:
    text = entry.get("historical")
    return dt.date.fromisoformat(text) if text else None


def _agenda_rows(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each item, and the armistice where any game reached one, as (label, summary entry)."""
    rows = [(e.get("title", k), e) for k, e in data["items"].items()]
    if any(data.get("armistice", {}).get("by_turn", [])):
        arm = dict(data["armistice"], agreed_share=data.get("armistice_rate", 0.0),
                   verb="signed")
        rows.append(("The armistice signed", arm))
    return rows


def _open_rows(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """The rows not settled before the start, each with its colour (the same in every chart)."""
    rows = [(label, e) for label, e in _agenda_rows(data) if not e.get("agreed_before_start")]
    return [(label, e, SERIES[i % len(SERIES)]) for i, (label, e) in enumerate(rows)]


def agreement_strip(data: dict[str, Any], cal: Calendar) -> Drawing:
    """Each item's agreement date over the games that agreed it: 10–90% band, median, record."""
    rows = []
    for label, e in _agenda_rows(data):
        record = _record(e)
        rec = dict(record=day(record), record_label=date_label(record)) if record else {}
        if e.get("agreed_before_start"):
            rows.append(StripRow(label, empty="agreed before the scenario starts",
                                 note="before the start"))
            continue
        share = e.get("agreed_share", 0.0)
        if "p50" not in e:
            rows.append(StripRow(label, empty="never agreed in these games",
                                 note="0% agreed", **rec))
            continue
        t10, t50, t90 = (_turn_of(cal, e[q]) for q in ("p10", "p50", "p90"))
        note = f"{share_label(share)} {e.get('verb', 'agreed')}"
        rows.append(StripRow(label, lo=day(cal.date(t10)), hi=day(cal.date(t90 + 1)),
                             mid=day(cal.date(t50 + 0.5)), note=note, **rec))
    return date_strip(rows, title="When each item was agreed",
                      subtitle=f"{_who(data)} · {data['runs']:,} games", start=cal.start,
                      end=cal.end, x_label="date (each band covers whole turns of "
                                           f"{cal.turn_days} days)")


def _turn_of(cal: Calendar, iso: str) -> int:
    return (dt.date.fromisoformat(iso) - cal.start).days // cal.turn_days


def agreement_histograms(data: dict[str, Any], cal: Calendar) -> Drawing | None:
    """One panel per item agreed in any game: the share of games agreeing it in each turn, on
    the scenario's calendar, with the historical date marked."""
    edges = cal.edges()
    axis = date_axis(cal.start, cal.end)
    panels = []
    for label, e, colour in _open_rows(data):
        counts = e.get("by_turn")
        if not counts or not any(counts):
            continue
        record = _record(e)
        marks = [Mark(day(record), f"record: {date_label(record)}")] if record and \
            cal.start <= record <= cal.end else []
        note = f"{e.get('verb', 'agreed')} in {share_label(e.get('agreed_share', 0.0))} of games"
        if record and not marks:
            note += f"; the record, {date_label(record)}, lies outside the calendar"
        panels.append(histogram(edges, counts[:len(edges) - 1], title=label, subtitle=note,
                                x_label="", y_label="share of games", x_axis=axis,
                                marks=marks, colour=colour, percent_of=max(1, data["runs"]),
                                height=PANEL_H))
    if not panels:
        return None
    return stack(panels, title=f"When each item was agreed: {data['runs']:,} games, by turn")


def agreed_by_date(data: dict[str, Any], cal: Calendar) -> Drawing:
    """The share of games in which each item had been agreed, turn by turn (a timeline)."""
    runs = max(1, data["runs"])
    x = cal.edges()
    series, colours = {}, []
    for label, e, colour in _open_rows(data):
        colours.append(colour)
        counts = np.asarray(e.get("by_turn") or [0] * cal.turns, dtype=float)[:cal.turns]
        # agreed during turn t: counted from the end of turn t
        series[label] = 100.0 * np.concatenate([[0.0], np.cumsum(counts)]) / runs
    return line_chart(x, series, title="Share of games with each item agreed, by date",
                      subtitle=_who(data), x_label="date", y_label="games (%)",
                      x_axis=date_axis(cal.start, cal.end),
                      y_axis=number_axis(0, 100, ticks=6, percent=True), colours=colours,
                      step=True)


def side_histograms(data: dict[str, Any], key: str, title: str, x_label: str) -> Drawing:
    """Two panels, one per side, each on its own axis (the sides' figures differ in scale)."""
    sides = data.get("sides", {})
    panels = []
    for side in SIDES:
        e = data[key].get(side, {})
        h = e.get("histogram")
        if not h:
            continue
        whole = key == "casualties"
        fmt = (lambda v: f"{v:,.0f}") if whole else (lambda v: f"{v:,.1f}")
        sub = (f"median {fmt(e['p50'])} · 10–90%: {fmt(e['p10'])} to {fmt(e['p90'])} · "
               f"mean {fmt(e['mean'])}")
        colour = SIDE_COLOURS[side]
        panels.append(histogram(h["edges"], h["counts"],
                                title=f"{title}: {sides.get(side, side)}", subtitle=sub,
                                x_label=x_label, y_label="share of games",
                                marks=[Mark(e["p50"], f"median {fmt(e['p50'])}")],
                                colour=colour, percent_of=max(1, data["runs"]),
                                height=PANEL_H + 20))
    if not panels:
        return histogram([0, 1], [0], title=title, x_label=x_label, colour=GREEN)
    return stack(panels, title=f"{title} over {data['runs']:,} games")
