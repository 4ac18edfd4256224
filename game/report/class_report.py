"""Several teams' games of one scenario side by side, as one self-contained HTML file: a table
of outcomes, scores, agreement dates against history and casualties; charts with one line per
team; and each team's key decisions turn by turn.

Used by `armistice report SAVE1 SAVE2 ...`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from game.report.page import document, esc, figure, write_text_file
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
from game.report.timeline_charts import Mark, Series, team_style, time_chart
from game.scenario.compiled import CompiledScenario
from game.scenario.model import Distribution
from game.session.session import SIDES


def class_document(games: Sequence[PlayedGame]) -> str:
    """The comparison of `games`, which must all be of one scenario (see played.load_games)."""
    if not games:
        raise ValueError("a class report needs at least one game")
    sc = games[0].sc
    body = [_header(games), _summary(games), _charts(games), _decisions(games),
            "<div class='footer'><p>Armistice class report. Each column is one team's game, "
            "replayed from its save; the History column is the scenario's record"
            + (f" ({esc(sc.model.history.source)})" if sc.model.history.source else "")
            + ".</p></div>"]
    return document(f"Class report: {sc.model.title}", body)


def write_class_report(games: Sequence[PlayedGame], path: str | Path) -> Path:
    return write_text_file(path, class_document(games))


def _swatch(k: int) -> str:
    return f"<span class='swatch' style='background:{team_style(k).colour}'></span>"


def _header(games: Sequence[PlayedGame]) -> str:
    sc = games[0].sc
    teams = ", ".join(f"{_swatch(k)}{esc(g.name)}" for k, g in enumerate(games))
    return (f"<h1>Class report: {esc(sc.model.title)}</h1>"
            f"<p class='lead'>{len(games)} games of the same scenario, side by side: {teams}."
            "</p><p class='meta'>Every game is replayed from its save and checked turn by "
            "turn. Dates in the table are the turn in which something happened.</p>")


def _summary(games: Sequence[PlayedGame]) -> str:
    sc = games[0].sc
    history = sc.model.history
    heads = "".join(f"<th class='team'>{_swatch(k)}{esc(g.name)}</th>"
                    for k, g in enumerate(games))
    rows: list[str] = []

    def row(label: str, cells: list[str], past: str = "", cls: str = "") -> None:
        attr = f" class='{cls}'" if cls else ""
        rows.append(f"<tr><th>{label}</th>" + "".join(f"<td{attr}>{c}</td>" for c in cells)
                    + f"<td{attr}>{past or '<span class=none>—</span>'}</td></tr>")

    def players(g: PlayedGame) -> str:
        return "<br>".join(
            f"{esc(side_short(g.sc, side))}: "
            + ("<b>team</b>" if g.session.is_human(s) else f"AI ({g.session.players[s].policy})")
            for s, side in enumerate(SIDES))

    row("Played by", [players(g) for g in games])
    row("What-ifs", [esc(what_ifs_text(g.sc)) for g in games])
    row("Outcome", [f"<b>{esc(g.session.outcome.title)}</b>" if g.session.outcome
                    else "still in progress" for g in games],
        f"Armistice signed {fmt_date(history.armistice)}" if history.armistice else "")
    row("Ended", [fmt_date(end_date(g.session)) for g in games])
    for s, side in enumerate(SIDES):
        scores = [float(g.session.state.score[s, 0]) for g in games]
        best = max(scores)
        row(f"Score, {esc(side_short(sc, side))}",
            [(f"<b>{v:.1f}</b>" if v == best and len(games) > 1 else f"{v:.1f}")
             for v in scores], cls="num")
    results = [item_results(g.session) for g in games]
    for i, item in enumerate(sc.model.agenda.items):
        cells = []
        for r in (rs[i] for rs in results):
            if r.before_start:
                cells.append("<span class='none'>agreed before the scenario</span>")
            elif r.date is None:
                cells.append("<span class='none'>not agreed</span>")
            else:
                diff = r.difference()
                cls = "early" if "earlier" in diff else "late" if "later" in diff else "meta"
                cells.append(f"<b>{fmt_date(r.date)}</b>"
                             + (f" <span class='{cls}'>({esc(diff)})</span>" if diff else "")
                             + f"<br><span class='src'>{esc(r.terms)}</span>")
        past = fmt_date(history.agreed.get(item.id))
        row(f"Item {item.number}: {esc(item.title)}", cells, past)
    for var, side in (("unc_casualties", "unc"), ("com_casualties", "communist")):
        row(f"Casualties, {esc(side_short(sc, side))}",
            [f"{column(g.session, var)[-1]:,.0f}" for g in games], cls="num")
    row("Front at the end, km north of the 38th parallel (average)",
        [f"{front(g.session)[-1]:+.1f}" for g in games], cls="num")
    if "unc_support" in sc.var_index:
        row(f"{esc(sc.model.variables['unc_support'].label)} at the end",
            [f"{column(g.session, 'unc_support')[-1]:.0f}"
             f"{esc(sc.model.variables['unc_support'].unit)}" for g in games], cls="num")
    for name, var in sc.model.variables.items():
        if isinstance(var.initial, Distribution) and var.owner != "public":
            row(f"{esc(var.label)} <span class='meta'>(drawn for each game; hidden)</span>",
                [f"{column(g.session, name)[0]:,.2f}" for g in games], cls="num")
    width = math.floor(66 / len(games))
    cols = ("<col style='width:22%'>" + f"<col style='width:{width}%'>" * len(games)
            + "<col style='width:12%'>")
    return ("<h2>Outcomes, side by side</h2><div class='scroll'><table class='compare'>"
            f"<colgroup>{cols}</colgroup><thead>"
            f"<tr><th></th>{heads}<th class='history'>History</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _charts(games: Sequence[PlayedGame]) -> str:
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

    charts = [
        time_chart(f"Casualties of the {unc}", lines(
            lambda g: column(g.session, "unc_casualties")), y_from_zero=True, **span),
        time_chart(f"Casualties of the {com}", lines(
            lambda g: column(g.session, "com_casualties")), y_from_zero=True, **span),
        time_chart("The front, km north of the 38th parallel (average)",
                   lines(lambda g: front(g.session)), **span),
        time_chart(f"Military pressure on the {com}", lines(
            lambda g: column(g.session, "com_pressure")), y_from_zero=True, **span),
        time_chart(f"Fortification of the {com}", lines(
            lambda g: column(g.session, "com_fortification")), y_from_zero=True, **span),
    ]
    if "unc_support" in sc.var_index:
        charts.append(time_chart(sc.model.variables["unc_support"].label, lines(
            lambda g: column(g.session, "unc_support")), **span))
    marks = [Mark(day, f"history: item {_number(sc, item)}")
             for item, day in sorted(history.agreed.items(), key=lambda kv: kv[1])
             if sc.start <= day <= span["end"] and _number(sc, item)]
    total = len(sc.model.agenda.items)
    charts.append(time_chart(f"Agenda items agreed (of {total})",
                             lines(lambda g: agreed_count(g.session), step=True),
                             marks=marks, y_from_zero=True, y_max=total,
                             y_ticks=total + 1, **span))
    figures = "".join(figure(d) for d in charts)
    return ("<h2 class='pagebreak'>The games over time</h2><p>One line per team; a dot marks "
            f"where a game ended.</p><div class='charts'>{figures}</div>")


def _number(sc: CompiledScenario, item_id: str) -> int | None:
    for item in sc.model.agenda.items:
        if item.id == item_id:
            return item.number
    return None


def _decisions(games: Sequence[PlayedGame]) -> str:
    """Turns down the side, teams across: what each team decided, and why."""
    sc = games[0].sc
    by_game = [key_decisions(g.session) for g in games]
    shorts = {side: side_short(sc, side) for side in SIDES}
    turns = sorted({d.turn for ds in by_game for d in ds})
    rows = []
    for t in turns:
        cells = []
        for ds in by_game:
            here = [d for d in ds if d.turn == t]
            cells.append("".join(_decision(d, shorts) for d in here)
                         or "<span class='none'>—</span>")
        rows.append(f"<tr><td class='date'>{fmt_date(sc.date_of(t))}</td>"
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    heads = "".join(f"<th class='team'>{_swatch(k)}{esc(g.name)}</th>"
                    for k, g in enumerate(games))
    width = math.floor(92 / max(len(games), 1))
    cols = "<col style='width:8%'>" + f"<col style='width:{width}%'>" * len(games)
    return ("<h2 class='pagebreak'>Key decisions</h2><p>The turns on which a side changed its "
            "posture or moved at the table, with the reason it gave. Sides played by the AI "
            "are shown in grey.</p><div class='scroll'><table class='decisions'>"
            f"<colgroup>{cols}</colgroup><thead><tr><th class='date'>Turn</th>{heads}</tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table></div>")


def _decision(d: Decision, shorts: dict[str, str]) -> str:
    cls = "unc" if d.side == "unc" else "com"
    who = esc(shorts[d.side])
    why = f" <span class='why'>“{esc(d.why)}”</span>" if d.why and not d.ai else ""
    text = f"<span class='{cls}'>{who}:</span> {esc('; '.join(d.phrases))}{why}"
    if d.ai:
        return f"<div class='src'>{text} (AI)</div>"
    return f"<div>{text}</div>"
