"""One game's debrief as a self-contained HTML file, for a team to hand in or an instructor to
project: the outcome and scores; the agenda against history; charts of the war and of the
table; the game turn by turn beside the historical record; both sides' orders and reasons;
and what was hidden from whom.

The sections below gather plain values; the page is written by templates/debrief.html.j2 with
autoescape on (see render.py). A scope other than "all" shows only what its audience may see
(see audience.py).

Used by `armistice report SAVE` and by the window's debrief screen (Export).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from game.engine.log import Entry
from game.report.audience import Audience
from game.report.drawing import Drawing
from game.report.page import COMMUNIST, MUTED, SIDE_COLOURS, UNC, write_text_file
from game.report.played import (
    column,
    describe_orders,
    end_date,
    fmt_date,
    item_positions,
    item_results,
    players_text,
    recess_bands,
    series_dates,
    side_name,
    side_short,
    step_points,
    what_ifs_text,
)
from game.report.render import render
from game.report.timeline_charts import Mark, Series, time_chart
from game.scenario.compiled import CompiledScenario
from game.scenario.model import TimelineEntry
from game.session.session import Session
from game.vocab import SIDES

SECTOR_COLOURS = ("#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#444444", "#0072B2")
_REVEALED = re.compile(r"\b([a-z][a-z0-9_]*) = ")
_ESTIMATE = re.compile(r"casualties estimated at ([0-9,]+)")  # a side's guess at the enemy's

Context = dict[str, Any]


def debrief_document(session: Session, name: str | None = None, scope: str = "all") -> str:
    """The whole debrief as one HTML document (no external requests of any kind). `scope`:
    "all", or "public", "unc", "communist" for only what that audience may see (ScopeError
    for anything else)."""
    sc = session.sc
    audience = Audience(scope)
    return render(
        "debrief.html.j2",
        title=f"Debrief: {sc.model.title}" + (f" ({name})" if name else ""),
        notice=audience.notice(sc, session.over), header=_header(session, name, audience),
        outcome=_outcome(session), agenda=_agenda(session),
        war=_war_charts(session, audience), table=_table_charts(session),
        turns=_turns(session, audience), orders=_orders(session, audience),
        hidden=_hidden(session, audience), footer=_footer(session))


def write_debrief(session: Session, path: str | Path, name: str | None = None,
                  scope: str = "all") -> Path:
    """Write the debrief atomically; raises OSError (ScopeError for an unknown scope)."""
    return write_text_file(path, debrief_document(session, name, scope))


# -- sections -------------------------------------------------------------------------------
def _header(session: Session, name: str | None, audience: Audience) -> Context:
    sc = session.sc
    return {"title": sc.model.title, "name": name, "turns": len(session.turns),
            "turn_days": sc.turn_days, "start": fmt_date(sc.start),
            "end": fmt_date(end_date(session)), "players": players_text(session),
            "what_ifs": what_ifs_text(sc),
            # the seed would let anyone recompute the hidden draws
            "seed": session.seed if audience.full else None, "game": session.game_index}


def _outcome(session: Session) -> Context:
    """The outcome and both scores once the game is over (the window shows them to both
    sides then); before, only the date it has reached."""
    sc, st = session.sc, session.state
    o = session.outcome
    if o is None:
        return {"title": None, "reached": fmt_date(sc.date_of(session.turn))}
    return {"title": o.title, "end": fmt_date(end_date(session)),
            "epilogue": o.epilogue.strip(),
            "history": o.history_note.strip() if o.history_note else "",
            "scores": [("unc", side_name(sc, "unc"), f"{st.score[0, 0]:.1f}"),
                       ("com", side_name(sc, "communist"), f"{st.score[1, 0]:.1f}")],
            "note": sc.model.scoring.note}


def _agenda(session: Session) -> Context:
    """Who agreed what when: the table is public, so every audience sees all of it."""
    sc = session.sc
    reached = end_date(session)
    rows = []
    for r in item_results(session):
        diff = r.difference()
        cls = "early" if "earlier" in diff else "late" if "later" in diff else ""
        if r.history and r.date is None and not r.before_start:
            # a game that stopped (or has not yet got) short of history's date is not behind
            diff, cls = (("history agreed it; this game did not", "late") if r.history <= reached
                         else ("history agreed it later", ""))
        rows.append({"item": f"{r.item.number}. {r.item.title}", "before": r.before_start,
                     "date": fmt_date(r.date) if r.date is not None else "",
                     "terms": r.terms, "history": fmt_date(r.history), "cls": cls,
                     "diff": diff})
    return {"rows": rows, "armistice": fmt_date(sc.model.history.armistice)}


def _range(session: Session) -> tuple[dt.date, dt.date]:
    """The charts' common span: the game, stretched to the historical dates it is set beside."""
    sc = session.sc
    last = series_dates(session)[-1]
    history = [d for d in (*sc.model.history.agreed.values(), sc.model.history.armistice)
               if d is not None and sc.start <= d <= sc.model.calendar.end]
    return sc.start, max([last, *history])


def _war_charts(session: Session, audience: Audience) -> list[tuple[Drawing, str]]:
    """Charts of true values over time, each line only for an audience that knew it."""
    sc = session.sc
    dates = series_dates(session)
    start, end = _range(session)
    bands = recess_bands(session)
    marks = ([Mark(sc.model.history.armistice, "history: armistice")]
             if sc.model.history.armistice else [])

    def chart(title: str, series: list[Series | None], zero: bool = True) -> Drawing | None:
        shown = [x for x in series if x is not None]
        if not shown:
            return None
        return time_chart(title, shown, start=start, end=end, bands=bands,
                          band_label="talks in recess", marks=marks, y_from_zero=zero)

    def s(var: str, label: str, colour: str, dashed: bool = False, width: float = 2.2,
          marker: str = "") -> Series | None:
        if not audience.sees_var(sc, var):
            return None
        return Series(label, dates, list(column(session, var)), colour, dashed=dashed,
                      width=width, marker=marker)

    sectors = [s(sc.var_names[row], sector.label.split(" (")[0],
                 SECTOR_COLOURS[k % len(SECTOR_COLOURS)], marker=("", "circle", "square")[k % 3])
               for k, (sector, row) in enumerate(zip(sc.model.fighting.sectors,
                                                     sc.sector_fronts, strict=True))]
    unc, com = side_short(sc, "unc"), side_short(sc, "communist")
    pressure = [s("com_pressure", f"pressure on the {com}", COMMUNIST),
                s("unc_pressure", f"pressure on the {unc}", UNC)]
    caption = ""
    if "com_resolve" in sc.var_index and audience.sees_var(sc, "com_resolve"):
        pressure.insert(1, s("com_resolve", f"{com} resolve (hidden)", COMMUNIST,
                             dashed=True, width=1.6))
        caption = (f"Resolve is the pressure the {com} leadership would bear before it bent "
                   f"at the table; only the {com} knew it.")
    charts = [
        (chart("Casualties since the talks began (true figures)",
               [s("unc_casualties", unc, UNC),
                s("com_casualties", com, COMMUNIST, dashed=True)]), ""),
        (chart("The front, km north of the 38th parallel", sectors, zero=False), ""),
        (chart("Military pressure", pressure), caption),
        (chart("Fortification: how deeply each side is dug in",
               [s("unc_fortification", unc, UNC),
                s("com_fortification", com, COMMUNIST, dashed=True)]), ""),
    ]
    opinion = [s(v, sc.model.variables[v].label, c, dashed=k == 1) for k, (v, c) in
               enumerate((("unc_support", UNC), ("world_opinion", "#009E73")))
               if v in sc.var_index]
    if opinion:
        charts.append((chart("Opinion at home and abroad", opinion, zero=False), ""))
    return [(d, c) for d, c in charts if d is not None]


def _table_charts(session: Session) -> Context:
    """Each side's position on each item over time (positions at the table are public)."""
    sc = session.sc
    unc, com = side_short(sc, "unc"), side_short(sc, "communist")
    start, end = _range(session)
    bands = recess_bands(session)
    charts = []
    for i, (item, result) in enumerate(zip(sc.model.agenda.items, item_results(session),
                                           strict=True)):
        if result.before_start:
            continue
        unc_pos, com_pos = item_positions(session, i)
        marks = [Mark(result.history, f"history: agreed {fmt_date(result.history)}")
                 ] if result.history else []
        labels = [p.label for p in item.positions]
        days, unc_steps = step_points(session, list(unc_pos))
        com_steps = step_points(session, list(com_pos))[1]
        chart = time_chart(f"Item {item.number}: {item.title}",
                           [Series(f"{unc} position", days, unc_steps, UNC, step=True),
                            Series(f"{com} position", days, com_steps, COMMUNIST,
                                   step=True, dashed=True)],
                           start=start, end=end, categories=labels, marks=marks,
                           bands=bands, band_label="talks in recess",
                           height=112 + 30 * len(labels))
        charts.append((chart, labels))
    return {"charts": charts, "unc": unc, "com": com}


def _turns(session: Session, audience: Audience) -> list[Context]:
    sc = session.sc
    entries = [e for e in session.news(None) if audience.sees_entry(e)]
    timeline = sorted(sc.model.history.timeline, key=lambda e: e.date)
    rows = []
    before = [e for e in timeline if e.date < sc.start]
    if before:
        rows.append(_turn_row(sc, "Before the game", [], None, before))
    series = session.series
    for record in session.turns:
        t = record.turn
        a, b = sc.date_of(t), sc.date_of(t + 1)
        table = [_entry(session, e) for e in entries if e.turn == t and e.kind != "fighting"]
        front = _front(session, t, [e for e in entries if e.turn == t and e.kind == "fighting"
                                    and e.visibility != "debrief"], series, audience)
        history = [e for e in timeline if a <= e.date < b]
        rows.append(_turn_row(sc, fmt_date(a), table, front, history))
    after = [e for e in timeline if e.date >= sc.date_of(len(session.turns))]
    if after:
        rows.append(_turn_row(sc, "After this game ended" if session.over
                              else "Still ahead of this game", [], None, after))
    return rows


def _turn_row(sc: CompiledScenario, date: str, table: list[Context], front: Context | None,
              history: list[TimelineEntry]) -> Context:
    return {"date": date, "table": table, "front": front,
            "history": [{"date": fmt_date(e.date), "tag": _tag(sc, e.side), "text": e.text,
                         "source": e.source} for e in history]}


def _tag(sc: CompiledScenario, side: str) -> Context | None:
    """A side's short name in its colour, before what it did ("both": no tag)."""
    if side not in SIDES:
        return None
    return {"cls": "unc" if side == "unc" else "com", "short": side_short(sc, side)}


def _badge(sc: CompiledScenario, visibility: str) -> Context:
    """Who saw a log entry: the debrief's answer to 'what was hidden'."""
    words = {"public": "both sides", "debrief": "nobody until now",
             **{side: f"{side_short(sc, side)} only" for side in SIDES}}
    return {"visibility": visibility, "word": words.get(visibility, visibility)}


def _entry(session: Session, e: Entry) -> Context:
    text = e.text
    if text.startswith("Revealed:"):
        text = _REVEALED.sub(lambda m: _label(session, m.group(1)) + " = ", text)
    return {"badge": _badge(session.sc, e.visibility), "text": text, "source": e.source}


def _label(session: Session, var: str) -> str:
    model = session.sc.model.variables.get(var)
    return model.label if model else var


def _front(session: Session, t: int, seen: list[Entry], series: list[np.ndarray],
           audience: Audience) -> Context:
    """A turn at the front: the postures, the true losses and the moves of the line, as far
    as the audience knew them; and what each side was told of the other's losses."""
    sc = session.sc
    record = session.turns[t]
    postures = []
    for side in SIDES:
        if audience.sees_orders(side):
            names = {p.id: p.label for p in getattr(sc.model.postures, side)}
            posture = record.orders[side].get("posture", "")
            postures.append({"tag": _tag(sc, side), "posture": names.get(posture, posture)})
    now, then = series[t + 1], series[t]
    idx = sc.var_index
    losses = [f"{side_short(sc, side)} {now[idx[var]]:,.0f}"
              for side, var in (("unc", "unc_losses"), ("communist", "com_losses"))
              if audience.sees_var(sc, var)]
    moves = [f"{sec.label.split(' (')[0].split()[0].lower()} {now[row] - then[row]:+.1f}"
             for sec, row in zip(sc.model.fighting.sectors, sc.sector_fronts, strict=True)
             if abs(now[row] - then[row]) >= 0.05
             and audience.sees_owner(sc.model.variables[sc.var_names[row]].owner)]
    beliefs = []
    for e in seen:
        found = _ESTIMATE.search(e.text)
        beliefs.append({"badge": _badge(sc, e.visibility), "text": e.text,
                        "estimate": found.group(1) if found else None})
    return {"postures": postures,
            "losses": f"Casualties: {', '.join(losses)}. " if losses else "",
            "ground": f"Front: {', '.join(moves)} km" if moves else "The front does not move",
            "beliefs": beliefs}


def _orders(session: Session, audience: Audience) -> Context | None:
    """Each side's orders and reasons, for the audiences that may read them."""
    sc = session.sc
    sides = [(s, side) for s, side in enumerate(SIDES) if audience.sees_orders(side)]
    if not sides:
        return None
    rows = []
    for record in session.turns:
        cells = []
        for _, side in sides:
            orders = record.orders[side]
            if side == "unc" and record.inject:  # the instructor's injections, told once
                orders = {**orders, "inject": record.inject}
            cells.append({"phrases": "; ".join(describe_orders(sc, side, orders)),
                          "why": str(orders.get("rationale", "")).strip()})
        rows.append({"date": fmt_date(sc.date_of(record.turn)), "cells": cells})
    heads = [{"colour": SIDE_COLOURS[side], "name": side_name(sc, side),
              "who": "a team" if session.is_human(s) else "AI"} for s, side in sides]
    return {"both": len(sides) == 2, "heads": heads, "rows": rows}


def _hidden(session: Session, audience: Audience) -> Context | None:
    """What was hidden from whom, with the true values (everything); for one side, only its
    own figures; for the public, nothing."""
    if audience.side is None and not audience.full:
        return None
    sc = session.sc
    entries = [e for e in session.news(None) if audience.sees_entry(e)]
    revealed: dict[str, list[str]] = {}
    for e in entries:
        if e.text.startswith("Revealed:"):
            for var in _REVEALED.findall(e.text):
                who = (f"to the {side_short(sc, e.visibility)}" if e.visibility in SIDES
                       else "to both sides")
                revealed.setdefault(var, []).append(
                    f"{fmt_date(dt.date.fromisoformat(e.date))} {who}")
    rows = []
    first, last = session.series[0], session.series[-1]
    for name, var in sc.model.variables.items():
        if var.owner == "public" or not audience.sees_owner(var.owner):
            continue
        row = sc.var_index[name]
        rows.append({"label": var.label,
                     "owner": ("neither side" if var.owner == "hidden"
                               else f"the {side_short(sc, var.owner)} only"),
                     "estimated": var.owner in SIDES and var.intel_noise is not None,
                     "first": _value(first[row], var.max - var.min),
                     "last": _value(last[row], var.max - var.min),
                     "seen": "; ".join(revealed.get(name, []))})
    counts = Counter(e.visibility for e in entries)
    return {"full": audience.full, "rows": rows, "total": sum(counts.values()),
            "counts": counts, "side": side_short(sc, audience.side) if audience.side else "",
            "unc": side_short(sc, "unc"), "com": side_short(sc, "communist")}


def _value(v: float, span: float) -> str:
    """Counts and 0-100 gauges as whole numbers, fractions (0 to 1) with two decimals."""
    return f"{v:,.0f}" if span > 10 and (abs(v) >= 100 or v == int(v)) else f"{v:,.2f}"


def _footer(session: Session) -> Context:
    sc = session.sc
    return {"source": sc.model.history.source,
            "sides": [(UNC, side_name(sc, "unc")), (COMMUNIST, side_name(sc, "communist"))],
            "muted": MUTED}
