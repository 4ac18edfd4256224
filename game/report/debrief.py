"""One game's debrief as a self-contained HTML file, for a team to hand in or an instructor to
project: the outcome and scores; the agenda against history; charts of the war and of the
table; the game turn by turn beside the historical record; both sides' orders and reasons;
and what was hidden from whom.

Used by `armistice report SAVE` and by the window's debrief screen (Export).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import numpy as np

from game.engine.log import Entry
from game.report.drawing import Drawing
from game.report.page import (
    COMMUNIST,
    MUTED,
    SIDE_COLOURS,
    UNC,
    badge,
    document,
    esc,
    figure,
    write_text_file,
)
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
from game.report.timeline_charts import Mark, Series, time_chart
from game.scenario.compiled import CompiledScenario
from game.scenario.model import TimelineEntry
from game.session.session import SIDES, Session

SECTOR_COLOURS = ("#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#444444", "#0072B2")
_REVEALED = re.compile(r"\b([a-z][a-z0-9_]*) = ")
_ESTIMATE = re.compile(r"casualties estimated at ([0-9,]+)")  # a side's guess at the enemy's


def debrief_document(session: Session, name: str | None = None) -> str:
    """The whole debrief as one HTML document (no external requests of any kind)."""
    sc = session.sc
    title = f"Debrief: {sc.model.title}" + (f" ({name})" if name else "")
    body = [_header(session, name), _outcome(session), _agenda(session),
            _war_charts(session), _table_charts(session), _turns(session), _orders(session),
            _hidden(session), _footer(session)]
    return document(title, body)


def write_debrief(session: Session, path: str | Path, name: str | None = None) -> Path:
    """Write the debrief atomically; raises OSError."""
    return write_text_file(path, debrief_document(session, name))


# -- sections -------------------------------------------------------------------------------
def _header(session: Session, name: str | None) -> str:
    sc = session.sc
    who = f"{esc(name)}: " if name else ""
    return (f"<h1>Debrief: {esc(sc.model.title)}</h1>"
            f"<p class='lead'>{who}{len(session.turns)} turns of {sc.turn_days} days, "
            f"{fmt_date(sc.start)} to {fmt_date(end_date(session))}.</p>"
            f"<p class='meta'>{esc(players_text(session))}. What-ifs: "
            f"{esc(what_ifs_text(sc))}. Seed {session.seed}, game {session.game_index}.</p>")


def _outcome(session: Session) -> str:
    sc, st = session.sc, session.state
    o = session.outcome
    if o is None:
        return (f"<div class='outcome'><h2>The game is still in progress</h2><p>It has reached "
                f"{fmt_date(sc.date_of(session.turn))}; the outcome and the scores come when "
                "it ends.</p></div>")
    history = (f"<p><b>What really happened:</b> {esc(o.history_note.strip())}</p>"
               if o.history_note else "")
    note = sc.model.scoring.note
    return (f"<div class='outcome'><h2>{esc(o.title)}</h2>"
            f"<p>{fmt_date(end_date(session))}. {esc(o.epilogue.strip())}</p>{history}"
            f"<p><b>Scores:</b> <span class='unc'>{esc(side_name(sc, 'unc'))} "
            f"{st.score[0, 0]:.1f}</span> · <span class='com'>"
            f"{esc(side_name(sc, 'communist'))} {st.score[1, 0]:.1f}</span>"
            + (f" <span class='meta'>({esc(note)})</span>" if note else "") + "</p></div>")


def _agenda(session: Session) -> str:
    sc = session.sc
    rows = []
    for r in item_results(session):
        if r.before_start:
            played = f"agreed before this scenario began: {esc(r.terms)}"
        elif r.date is not None:
            played = f"<b>{fmt_date(r.date)}</b>: {esc(r.terms)}"
        else:
            played = "<span class='none'>not agreed</span>"
        diff = r.difference()
        cls = "early" if "earlier" in diff else "late" if "later" in diff else ""
        history = fmt_date(r.history) if r.history else "<span class='none'>—</span>"
        if r.history and r.date is None and not r.before_start:
            diff = "history agreed it; this game did not"
            cls = "late"
        rows.append(f"<tr><td>{r.item.number}. {esc(r.item.title)}</td><td>{played}</td>"
                    f"<td class='date'>{history}</td><td class='{cls}'>{esc(diff)}</td></tr>")
    armistice = sc.model.history.armistice
    note = (f"<p class='meta'>The armistice was signed on {fmt_date(armistice)}.</p>"
            if armistice else "")
    return ("<h2>The agenda: this game beside history</h2><table><thead><tr><th>Item</th>"
            "<th>This game</th><th class='date'>History</th><th>Against history</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>" + note)


def _range(session: Session) -> tuple[dt.date, dt.date]:
    """The charts' common span: the game, stretched to the historical dates it is set beside."""
    sc = session.sc
    last = series_dates(session)[-1]
    history = [d for d in (*sc.model.history.agreed.values(), sc.model.history.armistice)
               if d is not None and sc.start <= d <= sc.model.calendar.end]
    return sc.start, max([last, *history])


def _war_charts(session: Session) -> str:
    sc = session.sc
    dates = series_dates(session)
    start, end = _range(session)
    bands = recess_bands(session)
    marks = ([Mark(sc.model.history.armistice, "history: armistice")]
             if sc.model.history.armistice else [])

    def chart(title: str, series: list[Series], zero: bool = True) -> Drawing:
        return time_chart(title, series, start=start, end=end, bands=bands,
                          band_label="talks in recess", marks=marks, y_from_zero=zero)

    def s(var: str, label: str, colour: str, dashed: bool = False, width: float = 2.2,
          marker: str = "") -> Series:
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
    if "com_resolve" in sc.var_index:
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
    figures = "".join(figure(d, esc(c)) for d, c in charts)
    return f"<h2>The war over time</h2><div class='charts'>{figures}</div>"


def _table_charts(session: Session) -> str:
    sc = session.sc
    unc, com = side_short(sc, "unc"), side_short(sc, "communist")
    start, end = _range(session)
    bands = recess_bands(session)
    parts = []
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
        ladder = "".join(f"<li>{esc(label)}</li>" for label in labels)
        parts.append(figure(chart, f"The positions, from the {esc(unc)}'s ideal (top) to the "
                                   f"{esc(com)}'s (bottom):<ol class='ladder'>{ladder}</ol>"))
    if not parts:
        return ""
    return ("<h2>The table over time</h2><p>Each side's position on each agenda item, from "
            "the day it came up; the lines meet where the item was agreed.</p>"
            f"<div class='charts'>{''.join(parts)}</div>")


def _turns(session: Session) -> str:
    sc = session.sc
    entries = session.news(None)
    timeline = sorted(sc.model.history.timeline, key=lambda e: e.date)
    rows = []
    before = [e for e in timeline if e.date < sc.start]
    if before:
        rows.append(_turn_row(sc, "Before the game", "", "", before))
    series = session.series
    for record in session.turns:
        t = record.turn
        a, b = sc.date_of(t), sc.date_of(t + 1)
        table = [_entry(session, e) for e in entries if e.turn == t and e.kind != "fighting"]
        front = _front(session, t, [e for e in entries if e.turn == t and e.kind == "fighting"
                                    and e.visibility != "debrief"], series)
        history = [e for e in timeline if a <= e.date < b]
        rows.append(_turn_row(sc, fmt_date(a), "".join(table), front, history))
    after = [e for e in timeline if e.date >= sc.date_of(len(session.turns))]
    if after:
        rows.append(_turn_row(sc, "After this game ended", "", "", after))
    return ("<h2 class='pagebreak'>Turn by turn, beside history</h2><p>What happened in this "
            "game at the table and at the front, with who saw it at the time, beside what "
            "happened in the same weeks in history.</p><div class='scroll'><table class='long'>"
            "<colgroup><col style='width:8%'><col style='width:37%'><col style='width:24%'>"
            "<col style='width:31%'></colgroup><thead><tr>"
            "<th class='date'>Turn</th><th>At the table (this game)</th>"
            "<th>At the front (this game)</th><th>History</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _turn_row(sc: CompiledScenario, date: str, table: str, front: str,
              history: list[TimelineEntry]) -> str:
    hist = "".join(f"<li><b>{fmt_date(e.date)}</b> {_tag(sc, e.side)}{esc(e.text)} "
                   f"<span class='src'>[{esc(e.source)}]</span></li>" for e in history)
    return (f"<tr><td class='date'>{esc(date)}</td>"
            f"<td>{_list(table)}</td><td>{front}</td>"
            f"<td>{_list(hist)}</td></tr>")


def _list(items: str) -> str:
    return f"<ul class='entries'>{items}</ul>" if items else "<span class='none'>—</span>"


def _tag(sc: CompiledScenario, side: str) -> str:
    """A side's short name in its colour, before what it did ("both": no tag)."""
    if side not in SIDES:
        return ""
    cls = "unc" if side == "unc" else "com"
    return f"<span class='{cls}'>{esc(side_short(sc, side))}:</span> "


def _shorts(sc: CompiledScenario) -> dict[str, str]:
    return {side: side_short(sc, side) for side in SIDES}


def _entry(session: Session, e: Entry) -> str:
    text = e.text
    if text.startswith("Revealed:"):
        text = _REVEALED.sub(lambda m: _label(session, m.group(1)) + " = ", text)
    source = f" <span class='src'>[{esc(e.source)}]</span>" if e.source else ""
    return f"<li>{badge(e.visibility, _shorts(session.sc))}{esc(text)}{source}</li>"


def _label(session: Session, var: str) -> str:
    model = session.sc.model.variables.get(var)
    return model.label if model else var


def _front(session: Session, t: int, seen: list[Entry], series: list[np.ndarray]) -> str:
    sc = session.sc
    record = session.turns[t]
    parts = []
    for side in SIDES:
        postures = {p.id: p.label for p in getattr(sc.model.postures, side)}
        posture = record.orders[side].get("posture", "")
        parts.append(f"{_tag(sc, side)}{esc(postures.get(posture, posture))}")
    now, then = series[t + 1], series[t]
    idx = sc.var_index
    unc, com = (esc(side_short(sc, side)) for side in SIDES)
    losses = (f"Casualties: {unc} {now[idx['unc_losses']]:,.0f}, {com} "
              f"{now[idx['com_losses']]:,.0f}")
    moves = [f"{sec.label.split(' (')[0].split()[0].lower()} {now[row] - then[row]:+.1f}"
             for sec, row in zip(sc.model.fighting.sectors, sc.sector_fronts, strict=True)
             if abs(now[row] - then[row]) >= 0.05]
    ground = f"Front: {', '.join(moves)} km" if moves else "The front does not move"
    return (f"{'<br>'.join(parts)}<br>{losses}. {ground}."
            + "".join(_belief(e, _shorts(sc)) for e in seen))


def _belief(e: Entry, shorts: dict[str, str]) -> str:
    """What a side was told of the other's losses: an estimate beside the truth above."""
    found = _ESTIMATE.search(e.text)
    if found is None:
        return f"<div class='src'>{badge(e.visibility, shorts)}{esc(e.text)}</div>"
    return (f"<div class='src'>{badge(e.visibility, shorts)}thought the enemy's casualties "
            f"were {esc(found.group(1))}</div>")


def _orders(session: Session) -> str:
    sc = session.sc
    rows = []
    for record in session.turns:
        cells = []
        for side in SIDES:
            orders = record.orders[side]
            if side == "unc" and record.inject:  # the instructor's injections, told once
                orders = {**orders, "inject": record.inject}
            phrases = describe_orders(sc, side, orders)
            why = str(orders.get("rationale", "")).strip()
            reason = (f"<div class='why'>“{esc(why)}”</div>" if why
                      else "<div class='none'>no reason given</div>")
            cells.append(f"<td>{esc('; '.join(phrases))}{reason}</td>")
        rows.append(f"<tr><td class='date'>{fmt_date(sc.date_of(record.turn))}</td>"
                    + "".join(cells) + "</tr>")
    heads = "".join(
        f"<th style='color:{SIDE_COLOURS[side]}'>{esc(side_name(sc, side))} "
        f"<span class='meta'>({'a team' if session.is_human(s) else 'AI'})</span></th>"
        for s, side in enumerate(SIDES))
    return ("<h2 class='pagebreak'>Both sides' orders and reasons</h2><p>Every turn's orders "
            "as given, in secret, with the reason typed with them (or the AI's own "
            "explanation).</p><table><thead><tr><th class='date'>Turn</th>" + heads
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _hidden(session: Session) -> str:
    sc = session.sc
    entries = session.news(None)
    revealed: dict[str, list[str]] = {}
    for e in entries:
        if e.text.startswith("Revealed:"):
            for var in _REVEALED.findall(e.text):
                who = (f"to the {side_short(sc, e.visibility)}" if e.visibility in SIDES
                       else "to both sides")
                revealed.setdefault(var, []).append(f"{fmt_date(dt.date.fromisoformat(e.date))}"
                                                    f" {who}")
    rows = []
    first, last = session.series[0], session.series[-1]
    for name, var in sc.model.variables.items():
        if var.owner == "public":
            continue
        row = sc.var_index[name]
        seen = "; ".join(revealed.get(name, [])) or "<span class='none'>never</span>"
        other = ""
        if var.owner in ("unc", "communist") and var.intel_noise is not None:
            other = " <span class='meta'>(the other side had estimates)</span>"
        owner = ("neither side" if var.owner == "hidden"
                 else f"the {esc(side_short(sc, var.owner))} only")
        rows.append(f"<tr><td>{esc(var.label)}</td><td>{owner}{other}</td>"
                    f"<td class='num'>{_value(first[row], var.max - var.min)}</td>"
                    f"<td class='num'>{_value(last[row], var.max - var.min)}</td>"
                    f"<td>{seen}</td></tr>")
    counts = Counter(e.visibility for e in entries)
    total = sum(counts.values())
    summary = (f"<p>Of the game's {total} news items, {counts['public']} were seen by both "
               f"sides, <span class='unc'>{counts['unc']}</span> by the "
               f"{esc(side_short(sc, 'unc'))} only, <span class='com'>{counts['communist']}"
               f"</span> by the {esc(side_short(sc, 'communist'))} only, "
               f"and {counts['debrief']} by nobody until this debrief (the true casualty "
               "figures behind each side's estimates). The turn-by-turn table marks each "
               "one.</p>")
    return ("<h2>What was hidden, and what was revealed</h2>" + summary
            + "<table><thead><tr><th>Figure</th><th>Known to</th><th class='num'>At the "
            "start</th><th class='num'>At the end</th><th>Revealed during the game</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def _value(v: float, span: float) -> str:
    """Counts and 0-100 gauges as whole numbers, fractions (0 to 1) with two decimals."""
    return f"{v:,.0f}" if span > 10 and (abs(v) >= 100 or v == int(v)) else f"{v:,.2f}"


def _footer(session: Session) -> str:
    sc = session.sc
    source = sc.model.history.source
    return ("<div class='footer'><p>Armistice debrief. The historical record is the "
            "scenario's"
            + (f": {esc(source)}" if source else "") + f". Colours: "
            f"<span class='swatch' style='background:{UNC}'></span>"
            f"{esc(side_name(sc, 'unc'))}, "
            f"<span class='swatch' style='background:{COMMUNIST}'></span>"
            f"{esc(side_name(sc, 'communist'))}; "
            f"<span style='color:{MUTED}'>dashed upright lines mark dates in history</span>."
            "</p></div>")
