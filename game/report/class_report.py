"""Several teams' games of one scenario side by side, as one self-contained HTML file: a table
of outcomes, scores, agreement dates against history and casualties; charts with one line per
team; and each team's key decisions turn by turn.

The functions below gather plain values; the page is written by templates/class_report.html.j2
with autoescape on (see render.py). A scope other than "all" shows only what its audience may
see (see audience.py).

Used by `armistice report SAVE1 SAVE2 ...`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.report.audience import Audience
from game.report.drawing import Drawing
from game.report.page import write_text_file
from game.report.played import (
    Decision,
    PlayedGame,
    agreed_count,
    column,
    end_date,
    fmt_date,
    front,
    item_results,
    key_decisions,
    series_dates,
    side_short,
    step_points,
    what_ifs_text,
)
from game.report.render import render
from game.report.timeline_charts import Mark, Series, team_style, time_chart
from game.scenario.compiled import CompiledScenario
from game.scenario.model import Distribution
from game.vocab import SIDES

Context = dict[str, Any]


def class_document(games: Sequence[PlayedGame], scope: str = "all") -> str:
    """The comparison of `games`, which must all be of one version of one scenario (see
    played.load_games). `scope` as for the debrief: "all", "public", "unc" or "communist"."""
    if not games:
        raise ValueError("a class report needs at least one game")
    audience = Audience(scope)
    sc = games[0].sc
    teams = [{"name": g.name, "colour": team_style(k).colour} for k, g in enumerate(games)]
    return render("class_report.html.j2", title=f"Class report: {sc.model.title}",
                  heading=sc.model.title, teams=teams,
                  notice=audience.notice(sc, all(g.session.over for g in games)),
                  summary=_summary(games, audience), charts=_charts(games, audience),
                  decisions=_decisions(games, audience), source=sc.model.history.source)


def write_class_report(games: Sequence[PlayedGame], path: str | Path,
                       scope: str = "all") -> Path:
    return write_text_file(path, class_document(games, scope))


def _summary(games: Sequence[PlayedGame], audience: Audience) -> Context:
    """The rows of the side-by-side table: each a label, one cell per game and history's.
    A cell is a dict of plain values that the template's `cell` macro lays out by `kind`."""
    sc = games[0].sc
    history = sc.model.history
    rows: list[Context] = []

    def row(label: str, cells: list[Context], past: str = "", cls: str = "",
            note: str = "") -> None:
        rows.append({"label": label, "note": note, "cells": cells, "past": past, "cls": cls})

    def text(value: str, strong: bool = False) -> Context:
        return {"kind": "text", "text": value, "strong": strong}

    row("Played by", [{"kind": "players", "players": [
        (side_short(g.sc, side),
         None if g.session.is_human(s) else str(g.session.players[s].policy))
        for s, side in enumerate(SIDES)]} for g in games])
    row("What-ifs", [text(what_ifs_text(g.sc)) for g in games])
    row("Outcome", [text(g.session.outcome.title, strong=True) if g.session.outcome
                    else text("still in progress") for g in games],
        f"Armistice signed {fmt_date(history.armistice)}" if history.armistice else "")
    row("Ended", [text(fmt_date(end_date(g.session))) for g in games])
    for s, side in enumerate(SIDES):
        # scores are shown to both sides when a game ends; before, only to the instructor
        shown = [audience.full or g.session.over for g in games]
        scores = [float(g.session.state.score[s, 0]) for g in games]
        best = max((v for v, ok in zip(scores, shown, strict=True) if ok), default=None)
        row(f"Score, {side_short(sc, side)}",
            [text(f"{v:.1f}", strong=v == best and len(games) > 1) if ok
             else text("not yet") for v, ok in zip(scores, shown, strict=True)], cls="num")
    results = [item_results(g.session) for g in games]
    for i, item in enumerate(sc.model.agenda.items):
        cells = []
        for r in (rs[i] for rs in results):
            if r.before_start:
                cells.append({"kind": "none", "text": "agreed before the scenario"})
            elif r.date is None:
                cells.append({"kind": "none", "text": "not agreed"})
            else:
                diff = r.difference()
                cls = "early" if "earlier" in diff else "late" if "later" in diff else "meta"
                cells.append({"kind": "agreed", "date": fmt_date(r.date), "diff": diff,
                              "cls": cls, "terms": r.terms})
        row(f"Item {item.number}: {item.title}", cells, fmt_date(history.agreed.get(item.id)))
    for var, side in (("unc_casualties", "unc"), ("com_casualties", "communist")):
        if audience.sees_var(sc, var):
            row(f"Casualties, {side_short(sc, side)}",
                [text(f"{column(g.session, var)[-1]:,.0f}") for g in games], cls="num")
    row("Front at the end, km north of the 38th parallel (average)",
        [text(f"{front(g.session)[-1]:+.1f}") for g in games], cls="num")
    if "unc_support" in sc.var_index and audience.sees_var(sc, "unc_support"):
        support = sc.model.variables["unc_support"]
        row(f"{support.label} at the end",
            [text(f"{column(g.session, 'unc_support')[-1]:.0f}{support.unit}")
             for g in games], cls="num")
    for name, var in sc.model.variables.items():
        if (isinstance(var.initial, Distribution) and var.owner != "public"
                and audience.sees_owner(var.owner)):
            row(var.label, [text(f"{column(g.session, name)[0]:,.2f}") for g in games],
                cls="num", note="(drawn for each game; hidden)")
    return {"rows": rows, "width": math.floor(66 / len(games))}


def _charts(games: Sequence[PlayedGame], audience: Audience) -> list[Drawing]:
    sc = games[0].sc
    history = sc.model.history
    ends = [series_dates(g.session)[-1] for g in games]
    past = [d for d in (*history.agreed.values(), history.armistice)
            if d is not None and sc.start <= d <= sc.model.calendar.end]
    span = {"start": sc.start, "end": max([*ends, *past])}
    unc, com = side_short(sc, "unc"), side_short(sc, "communist")

    def lines(values: Callable[[PlayedGame], np.ndarray], step: bool = False) -> list[Series]:
        out = []
        for k, g in enumerate(games):
            dates, points = series_dates(g.session), [float(v) for v in values(g)]
            if step:
                dates, points = step_points(g.session, points)
            style = team_style(k)
            out.append(Series(g.name, dates, points, style.colour, dashed=style.dashed,
                              step=step, marker=style.marker))
        return out

    def of(var: str, title: str, zero: bool = True) -> list[Drawing]:
        """The chart of one variable, for an audience that knew its true value."""
        if var not in sc.var_index or not audience.sees_var(sc, var):
            return []
        return [time_chart(title, lines(lambda g: column(g.session, var)),
                           y_from_zero=zero, **span)]

    charts = [
        *of("unc_casualties", f"Casualties of the {unc}"),
        *of("com_casualties", f"Casualties of the {com}"),
        time_chart("The front, km north of the 38th parallel (average)",
                   lines(lambda g: front(g.session)), **span),
        *of("com_pressure", f"Military pressure on the {com}"),
        *of("com_fortification", f"Fortification of the {com}"),
    ]
    if "unc_support" in sc.var_index:
        charts += of("unc_support", sc.model.variables["unc_support"].label, zero=False)
    marks = [Mark(day, f"history: item {_number(sc, item)}")
             for item, day in sorted(history.agreed.items(), key=lambda kv: kv[1])
             if sc.start <= day <= span["end"] and _number(sc, item)]
    total = len(sc.model.agenda.items)
    charts.append(time_chart(f"Agenda items agreed (of {total})",
                             lines(lambda g: agreed_count(g.session), step=True),
                             marks=marks, y_from_zero=True, y_max=total,
                             y_ticks=total + 1, **span))
    return charts


def _number(sc: CompiledScenario, item_id: str) -> int | None:
    for item in sc.model.agenda.items:
        if item.id == item_id:
            return item.number
    return None


def _decisions(games: Sequence[PlayedGame], audience: Audience) -> Context:
    """Turns down the side, teams across: what each team decided, and why (the sides the
    audience may read)."""
    sc = games[0].sc
    by_game = [[d for d in key_decisions(g.session) if audience.sees_orders(d.side)]
               for g in games]
    shorts = {side: side_short(sc, side) for side in SIDES}
    turns = sorted({d.turn for ds in by_game for d in ds})
    rows = [{"date": fmt_date(sc.date_of(t)),
             "cells": [[_decision(d, shorts) for d in ds if d.turn == t] for ds in by_game]}
            for t in turns]
    return {"rows": rows, "width": math.floor(92 / max(len(games), 1)),
            "sides": [shorts[side] for side in SIDES if audience.sees_orders(side)]}


def _decision(d: Decision, shorts: dict[str, str]) -> Context:
    return {"cls": "unc" if d.side == "unc" else "com", "who": shorts[d.side],
            "what": "; ".join(d.phrases), "why": d.why if d.why and not d.ai else "",
            "ai": d.ai}
