"""`armistice graph`: a scenario's structure as a picture an author can check at a glance.

What is drawn, from the scenario file alone (no game is played):

- each agenda item's ladder of positions, from the UN Command's ideal to the Communist side's,
  with where each side opens, how far its delegation may go on its own, and how far its
  government (approvals) or events (grants) can ever let it go;
- the events, what they change (variables, items, the talks) and when they can happen;
- the outcomes, with their conditions and what those conditions read;
- the historical path: the events that really happened (`historical: true`), the position each
  item was really agreed at and when (`history.agreed_at` and `history.agreed`, or the item's
  own `agreed_at` for items settled before the start), and the ending the record reached.

`graph_model` collects that once; `to_mermaid` writes it as a Mermaid flowchart (pastes into any
Markdown that renders Mermaid, GitHub's included); `to_drawing` lays it out in three columns
(events → agenda, talks and variables → outcomes) as a `Drawing`, which `to_svg()` writes as
SVG and `game.ui.raster.save_png` as PNG. Nothing here imports pygame.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from game.files import WriteError
from game.report.drawing import Drawing
from game.report.page import write_text_file
from game.scenario.compiled import CompiledScenario
from game.scenario.lint import effect_info, expression_names
from game.scenario.model import Scenario
from game.vocab import SIDES

__all__ = ["FORMATS", "GraphError", "ScenarioGraph", "graph_model", "layout", "to_drawing",
           "to_mermaid", "write_graph"]

FORMATS = ("mermaid", "svg", "png")
Format = Literal["mermaid", "svg", "png"]

UNC = "#0072B2"  # Okabe-Ito blue and vermilion: the two sides, safe for colour blindness
COMMUNIST = "#D55E00"
SIDE_COLOUR = {"unc": UNC, "communist": COMMUNIST}
SIDE_SHORT = {"unc": "UNC", "communist": "Communist"}
HISTORY_FILL = "#fff1b8"  # the historical path: pale gold boxes with a dark gold border
HISTORY_INK = "#8a5a00"
INK = "#1a1a1a"
MUTED = "#5c5c5c"
PANEL = "#f4f4f4"
LINE = "#9a9a9a"

# Functions whose result depends on the talks being in session or in recess.
_TALKS_CALLS = {"recess", "recessed_by", "recess_turns"}
# Functions that read every agenda item at once.
_ALL_ITEMS_CALLS = {"all_agreed", "agreed_count"}


class GraphError(Exception):
    """The graph could not be written (an unwritable path, an unknown format)."""


# ----------------------------------------------------------------------------------------------
# The model: what the graph shows, in plain data.


@dataclass
class Rung:
    id: str
    label: str
    marks: dict[str, list[str]] = field(default_factory=dict)  # side -> "opens", "authority"...
    history: str | None = None  # "agreed 27 Nov 1951" on the historical path


@dataclass
class ItemNode:
    id: str
    number: int
    title: str
    status: str  # a short line: open at the start, when it opens, or agreed before the start
    rungs: list[Rung]
    history_date: dt.date | None = None  # agreed on this date in the record
    history_rung: int | None = None


@dataclass
class Change:
    target: str  # "var:NAME", "item:ID", "rung:ITEM:POS" or "talks"
    text: str  # e.g. "kaesong_tension +40"


@dataclass
class EventNode:
    id: str
    title: str
    window: str  # "5 Aug 1951 to 30 Sep 1951", or "" for the whole game
    condition: str  # shortened; "" when it is just `true`
    historical: bool
    changes: list[Change]

    @property
    def when(self) -> str:
        return "; ".join(p for p in (self.window, f"when {self.condition}"
                                     if self.condition else "") if p)


@dataclass
class OutcomeNode:
    id: str
    title: str
    when: str
    kind: str  # "armistice", "at the end", or ""
    reads: list[str]  # targets, as in Change.target
    history: str | None = None  # "the record's ending (27 Jul 1953)"


@dataclass
class ScenarioGraph:
    title: str
    calendar: str
    items: list[ItemNode]
    events: list[EventNode]
    variables: dict[str, str]  # name -> label: those events change or outcomes read
    talks: bool  # whether a "talks" node is needed
    outcomes: list[OutcomeNode]
    path: list[tuple[dt.date, str, str]]  # the record in date order: (date, target, text)


def _date(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return f"{value:+g}"
    return f"+ ({_short(str(value), 40)})"


def graph_model(sc: CompiledScenario) -> ScenarioGraph:
    """Everything the graph shows, from the scenario file."""
    m: Scenario = sc.model
    cal = m.calendar
    items = [_item(m, i) for i in range(len(m.agenda.items))]
    events = [_event(m, i) for i in range(len(m.events))]
    variables: dict[str, str] = {}
    talks = False
    for e in events:
        for c in e.changes:
            if c.target.startswith("var:"):
                name = c.target[4:]
                variables[name] = m.variables[name].label
            talks |= c.target == "talks"
    ending = _historical_ending(m)
    outcomes = []
    for o in m.outcomes:
        names = expression_names(o.when)
        reads = [f"item:{i}" for i in sorted(names.get("item", set()))]
        if names["call"] & _ALL_ITEMS_CALLS:
            reads = [f"item:{it.id}" for it in m.agenda.items]
        if names["call"] & _TALKS_CALLS:
            reads.append("talks")
            talks = True
        for name in sorted(names["name"] & set(m.variables)):
            reads.append(f"var:{name}")
            variables.setdefault(name, m.variables[name].label)
        kind = "armistice" if o.armistice else "at the end" if o.at_end else ""
        history_text = None
        if ending is not None and ending[0] == o.id:
            history_text = f"the record's ending ({_date(ending[1])})"
        outcomes.append(OutcomeNode(o.id, o.title, _short(o.when, 120), kind, reads,
                                    history_text))
    path: list[tuple[dt.date, str, str]] = []
    for it in items:
        if it.history_date is not None and cal.start <= it.history_date <= cal.end:
            target = (f"rung:{it.id}:{it.rungs[it.history_rung].id}"
                      if it.history_rung is not None else f"item:{it.id}")
            path.append((it.history_date, target, f"item {it.number} agreed"))
    path.sort(key=lambda p: p[0])
    if ending is not None:
        path.append((ending[1], f"outcome:{ending[0]}", "the ending"))
    ordered = {name: variables[name] for name in m.variables if name in variables}
    return ScenarioGraph(
        title=m.title, calendar=f"{_date(cal.start)} to {_date(cal.end)}, turns of "
                                f"{cal.turn_days} days",
        items=items, events=events, variables=ordered, talks=talks, outcomes=outcomes,
        path=path)


def _historical_ending(m: Scenario) -> tuple[str, dt.date] | None:
    """The outcome the record reached within the scenario's calendar, and its date."""
    real = m.history.armistice
    if real is not None and m.calendar.start <= real <= m.calendar.end:
        hit = next((o for o in m.outcomes if o.armistice), None)
        return (hit.id, real) if hit else None
    if real is None and not m.history.agreed and not m.history.timeline:
        return None  # no record at all
    fallback = next(o for o in m.outcomes if o.at_end)
    return fallback.id, m.calendar.end


def _item(m: Scenario, i: int) -> ItemNode:
    it = m.agenda.items[i]
    ids = [p.id for p in it.positions]
    rungs = [Rung(p.id, p.label) for p in it.positions]

    def mark(pos: str, side: str, text: str) -> None:
        rungs[ids.index(pos)].marks.setdefault(side, []).append(text)

    for side in SIDES:
        mark(getattr(it.start, side), side, "opens")
        mark(getattr(it.authority, side), side, "authority")
        auth = ids.index(getattr(it.authority, side))
        further = [ids.index(a.up_to) for a in m.authorities[side].approvals if a.item == it.id]
        further += [ids.index(info.position) for e in m.events for info in map(
            effect_info, e.effects) if info.kind == "grant" and info.item == it.id
            and info.side == side and info.position]
        beyond = [r for r in further if (r > auth if side == "unc" else r < auth)]
        if beyond:
            far = max(beyond) if side == "unc" else min(beyond)
            mark(ids[far], side, "furthest with leave")
    status = {"open": "open at the start", "agreed": "agreed before the start"}.get(
        it.status, f"opens when {_short(it.opens_when, 60)}")
    node = ItemNode(it.id, it.number, it.title, status, rungs)
    real = m.history.agreed.get(it.id)
    at = it.agreed_at if it.status == "agreed" else m.history.agreed_at.get(it.id)
    if at is not None and at in ids:
        node.history_rung = ids.index(at)
        when = f"agreed {_date(real)}" if real else "agreed"
        rungs[node.history_rung].history = when + (" (before the start)"
                                                   if it.status == "agreed" else "")
    node.history_date = real
    return node


def _event(m: Scenario, i: int) -> EventNode:
    e = m.events[i]
    changes: list[Change] = []
    for entry in e.effects:
        info = effect_info(entry)
        if info.kind == "add":
            changes += [Change(f"var:{v}", f"{v} {_number(x)}") for v, x in entry["add"].items()]
        elif info.kind == "set":
            changes += [Change(f"var:{v}", f"{v} = {_short(str(x), 40)}")
                        for v, x in entry["set"].items()]
        elif info.kind == "scale":
            changes += [Change(f"var:{v}", f"{v} × {_short(str(x), 40)}")
                        for v, x in entry["scale"].items()]
        elif info.kind == "open":
            changes.append(Change(f"item:{info.item}", f"opens {info.item}"))
        elif info.kind == "concede":
            steps = entry["concede"].get("steps", 1)
            changes.append(Change(f"item:{info.item}", f"{SIDE_SHORT[info.side or 'unc']} "
                                                       f"concedes {steps} on {info.item}"))
        elif info.kind == "grant":
            changes.append(Change(f"rung:{info.item}:{info.position}",
                                  f"{SIDE_SHORT[info.side or 'unc']} may go to {info.position}"))
        elif info.kind == "agree":
            changes.append(Change(f"rung:{info.item}:{info.position}",
                                  f"{info.item} agreed at {info.position}"))
        elif info.kind == "recess":
            changes.append(Change("talks", f"recess ({entry['recess']})"))
        elif info.kind == "resume":
            changes.append(Change("talks", "talks resume"))
        elif info.kind == "reveal":
            changes.append(Change("", "reveals " + ", ".join(info.reveals)))
    window = ""
    if e.window.start or e.window.to:
        a = _date(e.window.start) if e.window.start else "the start"
        b = _date(e.window.to) if e.window.to else "the end"
        window = f"{a} to {b}"
    cond = "" if e.when.strip() == "true" else _short(e.when, 70)
    return EventNode(e.id, e.title, window, cond, e.historical, changes)


# ----------------------------------------------------------------------------------------------
# Mermaid


_MERMAID_ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;",
                    "|": "#124;", ";": "#59;", "{": "#123;", "}": "#125;", "[": "#91;",
                    "]": "#93;"}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ESCAPES)) + "]")


def mermaid_text(text: str) -> str:
    """Text made safe inside a quoted Mermaid label: quotes, markup and Mermaid's own
    delimiters become entity codes, and line breaks become spaces."""
    flat = " ".join(text.split())
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ESCAPES[m.group(0)], flat)


class _Ids:
    """Mermaid node ids: letters, digits and underscores only, unique, and never a keyword
    (`end`, `subgraph`...) nor starting with `o` or `x`, which Mermaid would read as an arrow
    head after `--`."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, key: str, prefix: str) -> str:
        if key in self.taken:
            return self.taken[key]
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", key.split(":", 1)[-1])
        out, n = base, 1
        while out in self.used:
            n += 1
            out = f"{base}_{n}"
        self.taken[key] = out
        self.used.add(out)
        return out


def _label(*lines: str) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines if line) + '"'


def to_mermaid(g: ScenarioGraph) -> str:
    """The graph as a Mermaid flowchart (left to right: events, agenda and variables,
    outcomes); the historical path in gold with thick arrows."""
    ids = _Ids()
    out = [f"%% {mermaid_text(g.title)}: {mermaid_text(g.calendar)}",
           "%% Generated by `armistice graph`. Gold: the historical record.",
           "flowchart LR"]
    history_nodes: list[str] = []
    edges: list[str] = []
    path_edges: list[int] = []
    links = [0]  # Mermaid numbers every link in the order written, for linkStyle

    def edge(a: str, b: str, arrow: str = "-->", label: str = "", path: bool = False,
             into: list[str] = edges, indent: str = "  ") -> None:
        text = f'|"{mermaid_text(label)}"|' if label else ""
        if path:
            path_edges.append(links[0])
        links[0] += 1
        into.append(f"{indent}{a} {arrow}{text} {b}")

    def node_of(target: str) -> str | None:
        if target.startswith("var:"):
            return ids(target, "var_")
        if target.startswith("item:"):
            return ids(target, "item_")
        if target.startswith("rung:"):
            return ids(target, "rung_")
        if target.startswith("outcome:"):
            return ids(target, "ending_")
        if target == "talks":
            return ids("talks", "state_")
        return None

    out.append('  subgraph events_box["Events"]')
    out.append("    direction TB")
    for e in g.events:
        nid = ids(f"event:{e.id}", "event_")
        tag = " (history)" if e.historical else ""
        effects = "; ".join(c.text for c in e.changes)
        # conditions stay out of the Mermaid labels: Mermaid wraps them into tall columns
        out.append(f"    {nid}({_label(e.title + tag, e.window, effects)})")
        if e.historical:
            history_nodes.append(nid)
    out.append("  end")

    out.append('  subgraph agenda_box["The agenda: each ladder from the UN Command\'s ideal '
               '(left) to the Communist side\'s (right)"]')
    out.append("    direction TB")
    for it in g.items:
        sid = ids(f"item:{it.id}", "item_")
        unplaced = (f"History: agreed {_date(it.history_date)}"
                    if it.history_date and it.history_rung is None else "")
        out.append(f"    subgraph {sid}[{_label(f'{it.number}. {it.title}', it.status, unplaced)}]")
        out.append("      direction LR")
        rung_ids = []
        for r in it.rungs:
            rid = ids(f"rung:{it.id}:{r.id}", "rung_")
            rung_ids.append(rid)
            marks = [f"{SIDE_SHORT[s]}: {', '.join(r.marks[s])}" for s in SIDES if s in r.marks]
            history = f"History: {r.history}" if r.history else ""
            out.append(f"      {rid}[{_label(r.label, *marks, history)}]")
            if r.history:
                history_nodes.append(rid)
        for a, b in itertools.pairwise(rung_ids):
            edge(a, b, "---", into=out, indent="      ")
        out.append("    end")
    out.append("  end")

    if g.variables or g.talks:
        out.append('  subgraph state_box["Talks and variables"]')
        out.append("    direction TB")
        if g.talks:
            out.append(f"    {ids('talks', 'state_')}[{_label('The talks: session or recess')}]")
        for name, label in g.variables.items():
            out.append(f"    {ids('var:' + name, 'var_')}[{_label(label, name)}]")
        out.append("  end")

    out.append('  subgraph endings_box["Outcomes"]')
    out.append("    direction TB")
    for o in g.outcomes:
        nid = ids(f"outcome:{o.id}", "ending_")
        kind = f" ({o.kind})" if o.kind else ""
        history = f"History: {o.history}" if o.history else ""
        out.append(f"    {nid}{{{{{_label(o.title + kind, 'when ' + o.when, history)}}}}}")
        if o.history:
            history_nodes.append(nid)
    out.append("  end")

    for e in g.events:
        src = ids(f"event:{e.id}", "event_")
        done: set[str] = set()
        for c in e.changes:
            dst = node_of(c.target)
            if dst is None or dst in done:
                continue
            done.add(dst)
            edge(src, dst)
    for o in g.outcomes:
        dst = ids(f"outcome:{o.id}", "ending_")
        for target in dict.fromkeys(o.reads):
            src = node_of(target)
            if src is not None:
                edge(src, dst, "-.->")
    previous = "record_start"
    if g.path:
        out.append(f"  {previous}((\"{mermaid_text('The record')}\"))")
        history_nodes.append(previous)
    for when, target, text in g.path:
        dst = node_of(target)
        if dst is None:
            continue
        edge(previous, dst, "==>", f"{_date(when)}: {text}", path=True)
        previous = dst
    out.extend(edges)
    out.append("  classDef history fill:#fff1b8,stroke:#8a5a00,stroke-width:3px,color:#1a1a1a")
    out.append("  classDef plain fill:#ffffff,stroke:#9a9a9a,color:#1a1a1a")
    if history_nodes:
        out.append(f"  class {','.join(dict.fromkeys(history_nodes))} history")
    if path_edges:
        out.append(f"  linkStyle {','.join(map(str, path_edges))} "
                   "stroke:#8a5a00,stroke-width:3px")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# Layout for SVG and PNG: three columns, boxes stacked, edges between neighbouring columns only,
# so no line crosses a box.

# Glyph widths in ems, rounded up from DejaVu Sans (what browsers pick for the SVG), which is
# wider than the Noto Sans the PNG uses: a line measured with these fits in either.
_NARROW = set("fijlrt.,:;'!|()[] ")
_WIDE = set("mwMW@%")
MARGIN = 24
GUTTER = 150  # between columns, where the edges run
EVENT_W = 300
ITEM_W = 430
VAR_W = 300
OUTCOME_W = 300
GAP = 12
PAD = 8
TITLE = 15.0  # font sizes
BODY = 12.5
SMALL = 11.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of a line's width in pixels (no font is loaded here)."""
    ems = sum(0.36 if c in _NARROW else 0.95 if c in _WIDE else 0.74 if c.isupper()
              else 0.62 for c in text)
    return ems * size * (1.08 if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to an estimated pixel width; a word longer than a line is cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while text_width(word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size, bold) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


@dataclass
class TextLine:
    text: str
    size: float
    colour: str = INK
    bold: bool = False


@dataclass
class Box:
    kind: str  # "event", "item", "rung", "talks", "variable", "outcome"
    key: str  # the target key edges use ("event:ID", "item:ID", "rung:ITEM:POS", ...)
    x: float
    y: float
    w: float
    h: float
    lines: list[TextLine]
    history: bool = False

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class Edge:
    source: str
    target: str
    style: str = "change"  # "change" (an event's effect), "read" (a condition), "record"
    history: bool = False  # drawn in gold: a historical event's effect, or the record


@dataclass
class Layout:
    width: float
    height: float
    boxes: list[Box]
    edges: list[Edge]
    header: list[TextLine]
    columns: tuple[float, ...]  # the right edge of each column


def _lines(width: float, *parts: tuple[str, float, str, bool]) -> list[TextLine]:
    out: list[TextLine] = []
    for text, size, colour, bold in parts:
        if text:
            out += [TextLine(t, size, colour, bold)
                    for t in wrap(text, width - 2 * PAD, size, bold)]
    return out


def _height(lines: list[TextLine]) -> float:
    return 2 * PAD + sum(line.size * 1.3 for line in lines)


def layout(g: ScenarioGraph) -> Layout:
    """Place every box: the middle column first (ladders, talks, variables), then events and
    outcomes each beside the middle of what they connect to, in order, never overlapping."""
    top = MARGIN + 74
    x_events = MARGIN
    x_middle = x_events + EVENT_W + GUTTER
    x_outcomes = x_middle + ITEM_W + GUTTER
    boxes: list[Box] = []
    y = top
    if g.talks:
        lines = _lines(VAR_W, ("The talks: in session or in recess", BODY, INK, True))
        boxes.append(Box("talks", "talks", x_middle, y, VAR_W, _height(lines), lines))
        y += _height(lines) + GAP
    for name, label in g.variables.items():
        lines = _lines(VAR_W, (label, BODY, INK, True), (name, SMALL, MUTED, False))
        boxes.append(Box("variable", f"var:{name}", x_middle, y, VAR_W, _height(lines), lines))
        y += _height(lines) + GAP
    y += GAP
    for it in g.items:
        unplaced = (f"History: agreed {_date(it.history_date)}; history.agreed_at names no "
                    "position" if it.history_date and it.history_rung is None else "")
        head = _lines(ITEM_W, (f"{it.number}. {it.title}", TITLE, INK, True),
                      (it.status, SMALL, MUTED, False), (unplaced, SMALL, HISTORY_INK, True))
        head_h = _height(head)
        item_box = Box("item", f"item:{it.id}", x_middle, y, ITEM_W, 0, head)
        boxes.append(item_box)
        ry = y + head_h
        for r in it.rungs:
            parts: list[tuple[str, float, str, bool]] = [(r.label, BODY, INK, False)]
            for s in SIDES:
                if s in r.marks:
                    parts.append((f"{SIDE_SHORT[s]}: {', '.join(r.marks[s])}", SMALL,
                                  SIDE_COLOUR[s], False))
            if r.history:
                parts.append((f"History: {r.history}", SMALL, HISTORY_INK, True))
            lines = _lines(ITEM_W - 2 * PAD, *parts)
            h = _height(lines)
            boxes.append(Box("rung", f"rung:{it.id}:{r.id}", x_middle + PAD, ry,
                             ITEM_W - 2 * PAD, h, lines, history=r.history is not None))
            ry += h + 4
        item_box.h = ry - y + PAD - 4
        y = item_box.bottom + GAP * 2
    middle_bottom = y

    edges: list[Edge] = []
    by_key = {b.key: b for b in boxes}
    placed: list[tuple[float, int, Box]] = []
    for k, e in enumerate(g.events):
        tag = " (history)" if e.historical else ""
        effects = "; ".join(c.text for c in e.changes)
        lines = _lines(EVENT_W, (e.title + tag, BODY, HISTORY_INK if e.historical else INK,
                                 True),
                       (e.when, SMALL, MUTED, False), (effects, SMALL, INK, False))
        box = Box("event", f"event:{e.id}", x_events, 0, EVENT_W, _height(lines), lines,
                  history=e.historical)
        targets = [by_key[t] for t in dict.fromkeys(c.target for c in e.changes)
                   if t in by_key]
        edges += [Edge(box.key, t.key, "change", e.historical) for t in targets]
        # beside what it changes; events that change nothing drawn go last, in file order
        centre = _mean_anchor(targets) if targets else math.inf
        placed.append((centre, k, box))
    placed.sort(key=lambda p: (p[0], p[1]))
    _stack([b for _, _, b in placed], [c for c, _, _ in placed], top)
    boxes += [b for _, _, b in placed]

    outcome_boxes, outcome_wanted = [], []
    for o in g.outcomes:
        kind = f" ({o.kind})" if o.kind else ""
        lines = _lines(OUTCOME_W, (o.title + kind, BODY, INK, True),
                       (f"when {o.when}", SMALL, MUTED, False),
                       (f"History: {o.history}" if o.history else "", SMALL, HISTORY_INK,
                        True))
        box = Box("outcome", f"outcome:{o.id}", x_outcomes, 0, OUTCOME_W, _height(lines),
                  lines, history=o.history is not None)
        sources = [by_key[t] for t in dict.fromkeys(o.reads) if t in by_key]
        edges += [Edge(src.key, box.key, "read") for src in sources]
        outcome_boxes.append(box)
        outcome_wanted.append(_mean_anchor(sources) if sources else math.inf)
    _stack(outcome_boxes, outcome_wanted, top)  # in the file's order, the order they are tried
    boxes += outcome_boxes
    for (_, target, _), (_, nxt, _) in itertools.pairwise(g.path):
        if target in by_key and (nxt in by_key or nxt.startswith("outcome:")):
            edges.append(Edge(target, nxt, "record", True))

    header = [TextLine(g.title, 20, INK, True),
              TextLine(f"{g.calendar}. Gold: the historical record. Each ladder runs from the "
                       "UN Command's ideal (top) to the Communist side's (bottom).", SMALL,
                       MUTED)]
    bottom = max([middle_bottom, *(b.bottom for b in boxes)]) + MARGIN
    width = x_outcomes + OUTCOME_W + MARGIN
    columns = (x_events + EVENT_W, x_middle + ITEM_W, x_outcomes + OUTCOME_W)
    return Layout(width, bottom, boxes, edges, header, columns)


def _anchor(box: Box) -> float:
    """Where edges meet a box: the middle of its first lines (a ladder's title)."""
    return box.y + min(box.h, 40) / 2


def _mean_anchor(boxes: list[Box]) -> float:
    return sum(_anchor(b) for b in boxes) / len(boxes)


def _stack(boxes: list[Box], wanted: list[float], top: float) -> None:
    """Put each box's anchor as near its wanted height as it can go below the one before
    (an infinite wish: straight below)."""
    y = top
    for box, centre in zip(boxes, wanted, strict=True):
        want = centre - min(box.h, 40) / 2 if math.isfinite(centre) else y
        box.y = max(y, want)
        y = box.bottom + GAP


def to_drawing(g: ScenarioGraph) -> Drawing:
    """The graph laid out as a `Drawing`."""
    lay = layout(g)
    d = Drawing(int(lay.width), int(lay.height), title=f"{g.title}: structure")
    y = MARGIN + 20
    for line in lay.header:
        d.text(MARGIN, y, line.text, line.size, line.colour, bold=line.bold)
        y += line.size * 1.5
    by_key = {b.key: b for b in lay.boxes}
    # Edges under the boxes, the historical ones last so they stay visible.
    for e in sorted(lay.edges, key=lambda e: (e.history, e.style == "record")):
        a, b = by_key.get(e.source), by_key.get(e.target)
        if a is None or b is None:
            continue
        y1, y2 = _anchor(a), _anchor(b)
        colour = HISTORY_INK if e.history else LINE
        width = 3.0 if e.style == "record" else 1.5 if e.history else 1.2
        # Leave and enter each box level, at its column's edge, so that the slanted part
        # stays in the gutter between the columns.
        x1 = next(c for c in lay.columns if c >= a.right - 0.5)
        if b.right <= x1 + 0.5:  # one agreement to the next, down the gutter beside the agenda
            d.line([(a.right, y1), (x1 + 8, y1), (x1 + 8, y2), (b.right + 2, y2)],
                   stroke=colour, width=width, arrow=True)
            continue
        x2 = b.x - 2
        d.line([(a.right, y1), (x1 + 14, y1), (x2 - 14, y2), (x2, y2)], stroke=colour,
               width=width, dashed=e.style == "read", arrow=True)
    for box in lay.boxes:
        if box.kind == "item":
            d.rect(box.x, box.y, box.w, box.h, fill=PANEL, stroke=LINE, radius=6)
        elif box.history:
            d.rect(box.x, box.y, box.w, box.h, fill=HISTORY_FILL, stroke=HISTORY_INK, width=2.5,
                   radius=4)
        else:
            d.rect(box.x, box.y, box.w, box.h, fill="#ffffff", stroke=LINE,
                   radius=10 if box.kind == "outcome" else 4)
        ty = box.y + PAD
        for line in box.lines:
            ty += line.size * 1.3
            d.text(box.x + PAD, ty - line.size * 0.3, line.text, line.size, line.colour,
                   bold=line.bold)
    return d


# ----------------------------------------------------------------------------------------------


def write_graph(sc: CompiledScenario, fmt: str, path: Path | None,
                png_writer: Callable[[Drawing, Path], None] | None = None) -> str | None:
    """Write the graph in `fmt` to `path`; with no path, return the Mermaid or SVG text.
    A PNG is written by `png_writer` (`game.ui.raster.save_png`: pygame lives in game.ui).
    Raises GraphError for an unknown format or a file that cannot be written."""
    if fmt not in FORMATS:
        raise GraphError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    if path is not None and not path.parent.is_dir():
        raise GraphError(f"cannot write {path}: there is no folder {path.parent}")
    g = graph_model(sc)
    if fmt == "png":
        if path is None or png_writer is None:
            raise GraphError("a PNG needs a file to go to and a PNG writer")
        try:
            png_writer(to_drawing(g), path)
        except WriteError as exc:  # one line naming the file already
            raise GraphError(str(exc)) from None
        except (OSError, RuntimeError) as exc:  # pygame.error is a RuntimeError
            raise GraphError(f"cannot write {path}: {exc}") from None
        return None
    text = to_mermaid(g) if fmt == "mermaid" else to_drawing(g).to_svg() + "\n"
    if path is None:
        return text
    try:
        write_text_file(path, text)
    except WriteError as exc:
        raise GraphError(str(exc)) from None
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    return None
