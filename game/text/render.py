"""Plain-text pictures of a side's view: the news, the front, the gauges, the table.

Everything here reads a `View` and the log entries a side may see, never the true state, so
what the terminal prints is exactly what the side is allowed to know. Text from a scenario or a
save goes through `printable`: no control character reaches the terminal raw.
"""

from __future__ import annotations

import math
import textwrap

from game.engine.log import Entry
from game.engine.orders import Orders
from game.engine.view import View
from game.printable import printable
from game.scenario.compiled import CompiledScenario
from game.vocab import ACTION_NAMES, SIDES, STATUS_NAMES, TALKS_NAMES

WIDTH = 96


def wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(printable(text), WIDTH, initial_indent=indent,
                         subsequent_indent=indent + "  ")


def heading(sc: CompiledScenario, view: View) -> str:
    side = sc.model.sides[SIDES[view.side]]
    date = sc.date_of(view.turn)
    title = f" Turn {view.turn + 1} of {sc.turns} — {date:%d %b %Y} — {printable(side.name)} "
    return f"\n{title:=^{WIDTH}}"


def news(entries: list[Entry]) -> str:
    if not entries:
        return "News: nothing new."
    lines = ["News:"]
    for e in entries:
        text = e.text + (f" [source: {e.source}]" if e.source else "")
        lines.append(wrap(f"{e.date}: {text}"))
    return "\n".join(lines)


def _value(view: View, sc: CompiledScenario, name: str) -> str:
    row = sc.var_index[name]
    x = float(view.vars[row, 0])
    if math.isnan(x):
        return "unknown"
    unit = sc.model.variables[name].unit
    approx = "" if view.known[row] else "~"
    if abs(x) >= 1000:
        return f"{approx}{x:,.0f}{unit}"
    return f"{approx}{x:.0f}{(' ' + unit) if unit and unit != '%' else unit}"


def situation(sc: CompiledScenario, view: View) -> str:
    """The front by sector and every variable this side can see."""
    lines = [f"The front (km north of {sc.model.fighting.line}; negative is south):"]
    for sector, row in zip(sc.model.fighting.sectors, sc.sector_fronts, strict=True):
        lines.append(f"  {sector.label:<40} {_value(view, sc, sc.var_names[row])}")
    fronts = {sc.var_names[r] for r in sc.sector_fronts}
    lines.append("What you know (~ marks an intelligence estimate):")
    for name, var in sc.model.variables.items():
        if name in fronts:
            continue
        row = sc.var_index[name]
        if not (view.known[row] or view.estimated[row]):
            continue
        lines.append(f"  {var.label:<52} {_value(view, sc, name)}")
    return printable("\n".join(lines))


def table(sc: CompiledScenario, view: View) -> str:
    """The agenda: each item's status, both positions, and this side's authority."""
    me = view.side
    talks = "in recess" if view.talks[0] == 1 else "in session"
    if view.talks[0] == 1:
        caller = {0: sc.model.sides["unc"].name, 1: sc.model.sides["communist"].name,
                  2: "events"}.get(int(view.recess_by[0]), "")
        talks += f" (called by {caller}, {int(view.recess_turns[0])} turn(s))"
    lines = [f"The table — talks {talks}:"]
    for i, item in enumerate(sc.model.agenda.items):
        status = STATUS_NAMES[int(view.status[i, 0])]
        lines.append(f"  {item.number}. {item.title} [{status}]  (id: {item.id})")
        if status == "agreed":
            lines.append(f"       agreed: {item.positions[int(view.agreed_pos[i, 0])].label}")
            continue
        if status == "pending":
            continue
        mine = int(view.pos[me, i, 0])
        theirs = int(view.pos[1 - me, i, 0])
        auth = int(view.auth[me, i, 0])
        lines.append(f"       you:  [{mine}] {item.positions[mine].label}")
        lines.append(f"       they: [{theirs}] {item.positions[theirs].label}")
        lines.append(f"       your instructions allow up to [{auth}] "
                     f"{item.positions[auth].label}")
        asked = int(view.req_pos[me, i, 0])
        if asked >= 0:
            lines.append(f"       awaiting an answer on [{asked}] {item.positions[asked].label}")
    for s, who in enumerate(sc.model.sides[name].name for name in SIDES):
        k = int(view.package[s, 0])
        if k >= 0:
            lines.append(f"  {who} has a package on the table: "
                         f"{sc.model.agenda.packages[k].label} (id: {sc.package_ids[k]})")
    return printable("\n".join(lines))


def ladder(sc: CompiledScenario, item_index: int) -> str:
    item = sc.model.agenda.items[item_index]
    lines = [f"Positions on {item.title} (0 = the ideal of the "
             f"{sc.model.sides['unc'].short}, last = that of the "
             f"{sc.model.sides['communist'].short}):"]
    for k, p in enumerate(item.positions):
        lines.append(f"  [{k}] {p.id:<24} {p.label}")
        if p.tooltip:
            lines.append(wrap(p.tooltip, "       "))
    return printable("\n".join(lines))


def orders_summary(sc: CompiledScenario, side: int, orders: Orders) -> str:
    posture = sc.postures[side].models[int(orders.posture[0])]
    lines = [f"Your orders: posture {posture.id} ({posture.label})"]
    if orders.talks[0]:
        lines.append(f"  talks: {TALKS_NAMES[int(orders.talks[0])]}")
    if orders.package[0] >= 0:
        lines.append(f"  package: {sc.package_ids[int(orders.package[0])]}")
    for i, item in enumerate(sc.model.agenda.items):
        act = int(orders.action[i, 0])
        if act:
            extra = ""
            if ACTION_NAMES[act] == "offer":
                extra = " " + item.positions[int(orders.arg[i, 0])].id
            lines.append(f"  {item.id}: {ACTION_NAMES[act]}{extra}")
        if orders.request[i, 0] >= 0:
            lines.append(f"  {item.id}: ask for leave to go to "
                         f"{item.positions[int(orders.request[i, 0])].id}")
    if orders.rationale and orders.rationale[0]:
        lines.append(f"  rationale: {orders.rationale[0]}")
    return printable("\n".join(lines))
