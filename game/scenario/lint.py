"""Lints: things in a scenario that load and run but are probably mistakes.

`armistice validate` prints them as warnings (`file:line:col: warning: message`; `--strict` makes
them errors). Each lint is decided statically where the file itself settles it, and otherwise
by a short, seeded simulation:

- `never_happens`: an event that can never fire — no turn begins in its window, its condition
  can never hold (a constant false, a date after the end, a figure beyond its range, an event
  that never happens, an item that is never agreed), or its probability is never above 0.
- `never_reached`: an outcome whose condition can never hold, or that an outcome above it
  always takes first.
- `unreachable`: a rung of an agenda ladder beyond what either delegation may ever concede
  (its opening authority plus every approval and grant that can happen), or an item that can
  never come up for discussion.
- `unread`: a variable whose value nothing uses — no condition, scoring rule, the fighting or
  the debrief's charts, directly or through the effects that feed them.
- `unsourced`: history without a `source` — the record's dates, an outcome's history note, an
  item agreed before the start, any text that states a date.

The static part is an interval analysis of every expression: a variable ranges over its bounds
(or, if nothing ever changes it, over its starting values); the calendar bounds `day` and
`turn`; an event that can never fire is never `fired()`; an item whose two sides' authority can
never meet is never `agreed()`. Facts are refined together until nothing changes, starting from
"everything is possible", so nothing is ever reported that the rules could still do.

What the analysis cannot settle, the simulation checks: games with the historical and with
random policies, of the scenario and of each of its what-ifs, under a fixed seed. Something
that happened in none of them is reported as "in none of N simulated games": rare, perhaps, but
worth a look. A deliberate exception is marked in the file on the event, outcome, position,
item or variable: `lint: {ignore: [never_happens]}` on an event only the instructor injects,
`lint: {ignore: [rare]}` on an ending that is rare by design (`rare` silences only what the
simulation did not see, so the entry is still reported if it ever becomes impossible).

The analysis assumes a game started from the scenario's own opening, not a campaign carry-over.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import Diagnostic, ScenarioRuntimeError
from game.scenario.expr import FUNCTIONS, NEVER, _identifier
from game.scenario.loader import (
    FIGHTING_VARS,
    load_scenario_text,
    read_scenario_file,
)
from game.scenario.model import Distribution, Scenario
from game.scenario.yamlsource import Locator, load_yaml
from game.vocab import SIDES

__all__ = ["SIM_GAMES", "SIM_SEED", "effect_info", "expression_names", "lint_file",
           "lint_scenario"]

SIM_GAMES = 200  # per policy pairing: enough to find the common paths, quick to run
SIM_WHAT_IF_GAMES = 50  # per what-if and pairing
SIM_SEED = 1953
# The debrief charts these by name (game/ui/scenes/debrief.py, game/report/debrief.py), so
# players read them even where no rule does.
CHARTED_VARS = ("unc_support", "world_opinion", "unc_casualties", "com_casualties")
SIDE_NAME = {"unc": "the UN Command", "communist": "the Communist side"}

Path_ = tuple[str | int, ...]


def lint_file(path: str | Path, simulate: bool = True) -> tuple[CompiledScenario,
                                                                   list[Diagnostic]]:
    """Load a scenario (raising ScenarioError if it is invalid) and lint it."""
    text = read_scenario_file(path)  # read once: the what-ifs are simulated from this text too
    sc = load_scenario_text(text, str(path))
    _, locator = load_yaml(text, str(path))
    return sc, lint_scenario(sc, locator, simulate=simulate, text=text)


def lint_scenario(sc: CompiledScenario, locator: Locator, simulate: bool = True,
                  games: int = SIM_GAMES, text: bytes | None = None) -> list[Diagnostic]:
    """Every lint warning for a loaded scenario, sorted by position. `locator` is the one
    `yamlsource.load_yaml` returned for the same text; `text`, the file's bytes, lets the
    simulation try each what-if (without it they are read from `sc.path`)."""
    linter = _Linter(sc, locator, text)
    linter.static()
    if simulate:
        linter.simulated(games)
    linter.unread()
    linter.unsourced()
    return sorted(linter.out, key=lambda d: (d.line, d.col, d.message))


# ----------------------------------------------------------------------------------------------
# Abstract values: a number is an interval, a condition the set of truth values it can take.


@dataclass(frozen=True)
class Num:
    lo: float
    hi: float
    why: str = ""  # what bounds it, for messages

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


@dataclass(frozen=True)
class Cond:
    can_true: bool = True
    can_false: bool = True
    why: str = ""  # when only one value is possible: why
    col: int = 0  # where in the expression that was decided


UNKNOWN = Cond()
ANY = Num(-math.inf, math.inf)


def _fmt(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1e6 else f"{x:,.0f}"


def _why(*parts: Num) -> str:
    seen = list(dict.fromkeys(p.why for p in parts if p.why))
    return "; ".join(seen[:3])


def _mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b


def _span(values: Iterable[float], why: str) -> Num:
    vals = [v for v in values if not math.isnan(v)]
    return Num(min(vals), max(vals), why) if vals else ANY


@dataclass
class Facts:
    """What can ever be true of a game of the scenario, as far as the analysis knows."""

    variables: dict[str, Num]
    day: Num
    turn: Num
    turns: int
    live_events: set[str]
    repeat: dict[str, bool]
    always_agreed: dict[str, int]  # item -> rung, for items agreed before the start
    can_open: set[str]
    can_agree: set[str]
    agree_rungs: dict[str, set[int]]
    authority: dict[tuple[str, str], tuple[int, int]]  # (item, side) -> rungs it can take
    rungs: dict[str, int]
    position_ids: dict[str, list[str]]
    never_why: dict[str, str] = field(default_factory=dict)  # item -> why never agreed
    self_event: str | None = None  # the non-repeating event whose own condition is analysed
    extra: dict[str, Num] = field(default_factory=dict)

    def within(self, day: Num, turn: Num) -> Facts:
        out = Facts(**{k: getattr(self, k) for k in self.__dataclass_fields__})
        out.day, out.turn = day, turn
        return out


class _Analysis:
    """Evaluates one expression over `Facts`; raises nothing for expressions the loader
    accepted (anything unexpected is simply 'unknown')."""

    def __init__(self, facts: Facts, text: str) -> None:
        self.f = facts
        self.src = text.strip()
        self.offset = len(text) - len(text.lstrip())

    def run(self) -> Num | Cond:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(self.src, mode="eval")
            return self.interpret(tree.body)
        except (SyntaxError, RecursionError, ValueError, KeyError, IndexError, TypeError):
            return UNKNOWN

    def col(self, node: ast.AST) -> int:
        return self.offset + getattr(node, "col_offset", 0)

    def seg(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.src, node) or "?"

    def interpret(self, node: ast.AST) -> Num | Cond:
        method = getattr(self, f"_{type(node).__name__}", None)
        return method(node) if method is not None else UNKNOWN

    def num(self, node: ast.AST) -> Num:
        v = self.interpret(node)
        return v if isinstance(v, Num) else ANY

    def cond(self, node: ast.AST) -> Cond:
        v = self.interpret(node)
        return v if isinstance(v, Cond) else UNKNOWN

    # leaves ------------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> Num | Cond:
        if isinstance(node.value, bool):
            return Cond(node.value, not node.value, f"it is the constant {node.value}".lower(),
                        self.col(node))
        if isinstance(node.value, int | float):
            return Num(float(node.value), float(node.value))
        return UNKNOWN

    def _Name(self, node: ast.Name) -> Num | Cond:
        name = node.id
        if name in ("true", "True", "false", "False"):
            value = name.lower() == "true"
            return Cond(value, not value, f"it is the constant {name.lower()}", self.col(node))
        if name == "day":
            return self.f.day
        if name == "turn":
            return self.f.turn
        if name in self.f.extra:
            return self.f.extra[name]
        return self.f.variables.get(name, ANY)

    # operators ---------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> Cond:
        parts = [self.cond(v) for v in node.values]
        if isinstance(node.op, ast.And):
            for p in parts:
                if not p.can_true:
                    return Cond(False, True, p.why, p.col)
            if all(not p.can_false for p in parts):
                return Cond(True, False, parts[0].why, parts[0].col)
            return UNKNOWN
        for p in parts:
            if not p.can_false:
                return Cond(True, False, p.why, p.col)
        if all(not p.can_true for p in parts):
            return Cond(False, True, " and ".join(dict.fromkeys(p.why for p in parts)),
                        parts[0].col)
        return UNKNOWN

    def _UnaryOp(self, node: ast.UnaryOp) -> Num | Cond:
        if isinstance(node.op, ast.Not):
            c = self.cond(node.operand)
            return Cond(c.can_false, c.can_true, c.why, c.col)
        n = self.num(node.operand)
        if isinstance(node.op, ast.USub):
            return Num(-n.hi, -n.lo, n.why)
        return n

    def _BinOp(self, node: ast.BinOp) -> Num:
        a, b = self.num(node.left), self.num(node.right)
        why = _why(a, b)
        if isinstance(node.op, ast.Add):
            return Num(a.lo + b.lo, a.hi + b.hi, why)
        if isinstance(node.op, ast.Sub):
            return Num(a.lo - b.hi, a.hi - b.lo, why)
        if isinstance(node.op, ast.Mult):
            return _span([_mul(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)], why)
        if isinstance(node.op, ast.Div):
            if b.lo > 0 or b.hi < 0:
                return _span([x / y if math.isfinite(y) else 0.0
                              for x in (a.lo, a.hi) for y in (b.lo, b.hi)
                              if not (math.isinf(x) and math.isinf(y))] or [-math.inf, math.inf],
                             why)
            if b.lo == b.hi == 0:
                return Num(0.0, 0.0, why)  # x / 0 is 0 in the scenario language
            return Num(-math.inf, math.inf, why)
        if isinstance(node.op, ast.Mod):
            if b.lo > 0:
                return Num(0.0, b.hi, why)
            if b.hi < 0:
                return Num(b.lo, 0.0, why)
            return Num(min(b.lo, 0.0), max(b.hi, 0.0), why)
        return ANY

    def _Compare(self, node: ast.Compare) -> Cond:
        operands = [node.left, *node.comparators]
        values = [self.interpret(o) for o in operands]
        result = Cond(True, False)
        for i, op in enumerate(node.ops):
            a, b = values[i], values[i + 1]
            if isinstance(a, Num) and isinstance(b, Num):
                can_t, can_f = _compare(op, a, b)
                why = _why(a, b)
            elif isinstance(a, Cond) and isinstance(b, Cond) and type(op) in (ast.Eq, ast.NotEq):
                ta = {v for v, ok in ((True, a.can_true), (False, a.can_false)) if ok}
                tb = {v for v, ok in ((True, b.can_true), (False, b.can_false)) if ok}
                equal = {x == y for x in ta for y in tb}
                if isinstance(op, ast.NotEq):
                    equal = {not e for e in equal}
                can_t, can_f = True in equal, False in equal
                why = "; ".join(w for w in (a.why, b.why) if w)
            else:
                can_t, can_f, why = True, True, ""
            if not can_t:
                text = f"`{self.seg(node)}` can never hold" + (f" ({why})" if why else "")
                return Cond(False, True, text, self.col(node))
            if can_f:
                result = UNKNOWN
        if not result.can_false:
            return Cond(True, False, f"`{self.seg(node)}` always holds", self.col(node))
        return result

    def _IfExp(self, node: ast.IfExp) -> Num | Cond:
        test = self.cond(node.test)
        if not test.can_false:
            return self.interpret(node.body)
        if not test.can_true:
            return self.interpret(node.orelse)
        a, b = self.interpret(node.body), self.interpret(node.orelse)
        if isinstance(a, Num) and isinstance(b, Num):
            return Num(min(a.lo, b.lo), max(a.hi, b.hi), _why(a, b))
        if isinstance(a, Cond) and isinstance(b, Cond):
            return Cond(a.can_true or b.can_true, a.can_false or b.can_false)
        return UNKNOWN

    # functions ---------------------------------------------------------------------------
    def _Call(self, node: ast.Call) -> Num | Cond:
        if not isinstance(node.func, ast.Name):
            return UNKNOWN
        name = node.func.id
        args = node.args
        idents = [_identifier(a) for a in args]
        handler = getattr(self, f"fn_{name}", None)
        if handler is None:
            return UNKNOWN
        return handler(node, args, idents)

    def _never(self, node: ast.AST, why: str) -> Cond:
        return Cond(False, True, why, self.col(node))

    def _always(self, node: ast.AST, why: str) -> Cond:
        return Cond(True, False, why, self.col(node))

    def _item(self, ident: str | None) -> str:
        if ident is None or ident not in self.f.rungs:
            raise KeyError(ident)
        return ident

    def fn_agreed(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        item = self._item(ids[0])
        if item in self.f.always_agreed:
            return self._always(node, f"item '{item}' is agreed before the scenario starts")
        if item not in self.f.can_agree:
            return self._never(node, self._never_agreed(item))
        return UNKNOWN

    def _never_agreed(self, item: str) -> str:
        return f"item '{item}' can never be agreed ({self.f.never_why.get(item, 'see above')})"

    def fn_agreed_at(self, node: ast.Call, args: list[ast.expr],
                     ids: list[str | None]) -> Cond:
        item = self._item(ids[0])
        rung = self.f.position_ids[item].index(ids[1] or "")
        if item in self.f.always_agreed:
            if self.f.always_agreed[item] == rung:
                return self._always(node, f"item '{item}' is agreed at '{ids[1]}' before the "
                                          "scenario starts")
            return self._never(node, f"item '{item}' was agreed at another position before "
                                     "the scenario starts")
        if item not in self.f.can_agree:
            return self._never(node, self._never_agreed(item))
        if rung not in self.f.agree_rungs.get(item, set()):
            return self._never(node, f"item '{item}' can never be agreed at '{ids[1]}': it "
                                     "lies beyond what either side may concede")
        return UNKNOWN

    def fn_is_open(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        item = self._item(ids[0])
        if item in self.f.always_agreed:
            return self._never(node, f"item '{item}' is agreed before the scenario starts")
        if item not in self.f.can_open:
            return self._never(node, f"item '{item}' never comes up for discussion")
        return UNKNOWN

    fn_deadlocked = fn_is_open

    def fn_pending(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        item = self._item(ids[0])
        if item in self.f.always_agreed:
            return self._never(node, f"item '{item}' is agreed before the scenario starts")
        return UNKNOWN

    def fn_position(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        return Num(0.0, float(self.f.rungs[self._item(ids[0])] - 1))

    def fn_rung(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        item = self._item(ids[0])
        rung = float(self.f.position_ids[item].index(ids[1] or ""))
        return Num(rung, rung)

    def fn_gap(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        return Num(0.0, float(self.f.rungs[self._item(ids[0])] - 1))

    def fn_authority(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        item = self._item(ids[0])
        lo, hi = self.f.authority[(item, ids[1] or "")]
        return Num(float(lo), float(hi), f"{SIDE_NAME.get(ids[1] or '', ids[1])}'s authority "
                                         f"on '{item}' stays between rungs {lo} and {hi}")

    def fn_stalled(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        return Num(0.0, float(self.f.turns), f"the game lasts {self.f.turns} turns")

    fn_recess_turns = fn_stalled

    def fn_turns_since_agreed(self, node: ast.Call, args: list[ast.expr],
                              ids: list[str | None]) -> Num:
        item = self._item(ids[0])
        if item in self.f.always_agreed:
            return Num(self.f.turn.lo, self.f.turn.hi, "it was agreed before the start")
        if item not in self.f.can_agree:
            return Num(NEVER, NEVER, self._never_agreed(item))
        return Num(0.0, NEVER)

    def fn_all_agreed(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        never = [i for i in self.f.rungs if i not in self.f.can_agree
                 and i not in self.f.always_agreed]
        if never:
            return self._never(node, self._never_agreed(never[0]))
        if len(self.f.always_agreed) == len(self.f.rungs):
            return self._always(node, "every item is agreed before the scenario starts")
        return UNKNOWN

    def fn_agreed_count(self, node: ast.Call, args: list[ast.expr],
                        ids: list[str | None]) -> Num:
        possible = sum(1 for i in self.f.rungs if i in self.f.can_agree
                       or i in self.f.always_agreed)
        return Num(float(len(self.f.always_agreed)), float(possible),
                   f"at most {possible} of the items can ever be agreed")

    def fn_fired(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        event = ids[0] or ""
        if event == self.f.self_event:
            return self._never(node, f"event '{event}' happens at most once (it does not "
                                     "repeat), so it has not happened whenever its condition "
                                     "is checked")
        if event not in self.f.live_events:
            return self._never(node, f"event '{event}' can never happen")
        return UNKNOWN

    def fn_times_fired(self, node: ast.Call, args: list[ast.expr],
                       ids: list[str | None]) -> Num:
        event = ids[0] or ""
        if event == self.f.self_event:
            return Num(0.0, 0.0, f"event '{event}' does not repeat, so it has not happened "
                                 "whenever its condition is checked")
        if event not in self.f.live_events:
            return Num(0.0, 0.0, f"event '{event}' can never happen")
        if not self.f.repeat.get(event, True):
            return Num(0.0, 1.0, f"event '{event}' happens at most once (it does not repeat)")
        return Num(0.0, float(self.f.turns), f"the game lasts {self.f.turns} turns")

    def fn_turns_since(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        event = ids[0] or ""
        if event == self.f.self_event or event not in self.f.live_events:
            return Num(NEVER, NEVER, f"event '{event}' has never happened when this is checked")
        return Num(0.0, NEVER)

    def _nums(self, args: list[ast.expr]) -> list[Num]:
        return [self.num(a) for a in args]

    def fn_min(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        v = self._nums(args)
        return Num(min(x.lo for x in v), min(x.hi for x in v), _why(*v))

    def fn_max(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        v = self._nums(args)
        return Num(max(x.lo for x in v), max(x.hi for x in v), _why(*v))

    def fn_abs(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        (x,) = self._nums(args)
        if x.lo >= 0:
            return x
        if x.hi <= 0:
            return Num(-x.hi, -x.lo, x.why)
        return Num(0.0, max(-x.lo, x.hi), x.why)

    def fn_clip(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        x, lo, hi = self._nums(args)
        return Num(min(max(x.lo, lo.lo), hi.lo), min(max(x.hi, lo.hi), hi.hi), _why(x, lo, hi))

    def fn_uniform(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        a, b = self._nums(args)
        return Num(min(a.lo, b.lo), max(a.hi, b.hi), _why(a, b))

    def fn_normal(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Num:
        return ANY

    def fn_chance(self, node: ast.Call, args: list[ast.expr], ids: list[str | None]) -> Cond:
        (p,) = self._nums(args)
        if p.hi <= 0:
            return self._never(node, f"its chance is never above 0 ({p.why})" if p.why
                               else "its chance is never above 0")
        if p.lo >= 1:
            return self._always(node, "its chance is always 1")
        return UNKNOWN


def _compare(op: ast.cmpop, a: Num, b: Num) -> tuple[bool, bool]:
    """Whether `a op b` can be true, and whether it can be false, for a in a, b in b."""
    if isinstance(op, ast.Lt):
        return a.lo < b.hi, a.hi >= b.lo
    if isinstance(op, ast.LtE):
        return a.lo <= b.hi, a.hi > b.lo
    if isinstance(op, ast.Gt):
        return a.hi > b.lo, a.lo <= b.hi
    if isinstance(op, ast.GtE):
        return a.hi >= b.lo, a.lo < b.hi
    overlap = a.lo <= b.hi and b.lo <= a.hi
    same = a.exact and b.exact and a.lo == b.lo
    if isinstance(op, ast.Eq):
        return overlap, not same
    if isinstance(op, ast.NotEq):
        return not same, overlap
    return True, True


def expression_names(text: str) -> dict[str, set[str]]:
    """The names an expression uses, by kind: `name` (bare names: variables, turn, day),
    `call` (functions), and the kinds of function arguments (`item`, `event`, `position`,
    `side`, `posture`). Text that does not parse uses nothing."""
    out: dict[str, set[str]] = {"name": set(), "call": set()}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, ValueError):
        return out
    named: set[int] = set()  # the nodes that name an item, event, side or posture
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            out["call"].add(node.func.id)
            spec = FUNCTIONS.get(node.func.id)
            if spec is None or spec.variadic:
                continue
            for arg, kind in zip(node.args, spec.args, strict=False):
                ident = _identifier(arg)
                if kind not in ("num", "bool") and ident is not None:
                    named.add(id(arg))
                    out.setdefault(kind, set()).add(ident)
    out["name"] = {node.id for node in ast.walk(tree)
                   if isinstance(node, ast.Name) and id(node) not in named}
    return out


def expr_variables(text: str, variables: Iterable[str]) -> set[str]:
    """The variables an expression reads (an item or event given to a function is not a
    variable, even where one shares a variable's name)."""
    return expression_names(text)["name"] & set(variables)


# ----------------------------------------------------------------------------------------------
# Effects, read from the validated model (the loader has already checked every name).


@dataclass(frozen=True)
class EffectInfo:
    kind: str
    writes: tuple[str, ...] = ()  # variables written
    reads: dict[str, str] = field(default_factory=dict)  # variable written -> its value's text
    item: str | None = None
    side: str | None = None
    position: str | None = None  # grant up_to / agree at
    reveals: tuple[str, ...] = ()


def effect_info(entry: dict[str, Any]) -> EffectInfo:
    """What one (valid) effect entry does, in names."""
    (kind, args), = entry.items()
    if kind in ("add", "set", "scale"):
        return EffectInfo(kind, tuple(args), {k: str(v) for k, v in args.items()})
    if kind == "open":
        return EffectInfo(kind, item=args)
    if kind == "concede":
        return EffectInfo(kind, item=args["item"], side=args["side"])
    if kind == "grant":
        return EffectInfo(kind, item=args["item"], side=args["side"], position=args["up_to"])
    if kind == "agree":
        return EffectInfo(kind, item=args["item"], position=args["at"])
    if kind == "reveal":
        return EffectInfo(kind, reveals=tuple([args] if isinstance(args, str) else args))
    return EffectInfo(kind)


# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dead:
    """Why an event can never happen, and where to point."""

    path: Path_
    offset: int | None  # into the expression at `path`, or None for the value's start
    why: str


class _Linter:
    def __init__(self, sc: CompiledScenario, locator: Locator,
                 text: bytes | None = None) -> None:
        self.sc = sc
        self.m: Scenario = sc.model
        self.loc = locator
        self.file = sc.path
        self.text = text  # the file's bytes, for the what-ifs' simulation
        self.out: list[Diagnostic] = []
        self.dead_events: dict[str, Dead] = {}
        self.dead_outcomes: set[str] = set()
        self.unreachable: set[tuple[str, int]] = set()
        self.never_open: set[str] = set()
        days = (self.m.calendar.end - self.m.calendar.start).days
        self.turn_days = self.m.calendar.turn_days
        self.turns = sc.turns
        self.last_day = (self.turns - 1) * self.turn_days
        self.days = days

    # reporting -----------------------------------------------------------------------------
    def ignored(self, obj: Any, lint: str) -> bool:
        settings = getattr(obj, "lint", None)
        return settings is not None and lint in settings.ignore

    def warn(self, path: Path_, message: str, offset: int | None = None,
             key: bool = False) -> None:
        if offset is not None:
            line, col = self.loc.position_in_value(path, offset)
        else:
            line, col = self.loc.key(path) if key else self.loc.value(path)
        self.out.append(Diagnostic(self.file, line, col, message, "warning"))

    # the static analysis -------------------------------------------------------------------
    def facts(self, live_events: set[str], live_politics: set[int],
              live_approvals: set[tuple[str, int]], can_open: set[str],
              can_agree: set[str]) -> Facts:
        m = self.m
        writers = set(FIGHTING_VARS) | {s.front for s in m.fighting.sectors}
        grants: dict[tuple[str, str], list[int]] = {}
        conceded: set[str] = set()
        agree_at: dict[str, set[int]] = {}
        pos_ids = {it.id: [p.id for p in it.positions] for it in m.agenda.items}
        for effects in self.live_effects(live_events, live_politics):
            info = effect_info(effects)
            writers.update(info.writes)
            if info.kind == "grant" and info.item and info.side and info.position:
                grants.setdefault((info.item, info.side), []).append(
                    pos_ids[info.item].index(info.position))
            elif info.kind == "concede" and info.item:
                conceded.add(info.item)
            elif info.kind == "agree" and info.item and info.position:
                agree_at.setdefault(info.item, set()).add(pos_ids[info.item].index(info.position))
        variables = {name: self.var_range(name, name in writers)
                     for name in m.variables}
        authority: dict[tuple[str, str], tuple[int, int]] = {}
        always: dict[str, int] = {}
        rungs_ok: dict[str, set[int]] = {}
        never_why: dict[str, str] = {}
        new_agree: set[str] = set()
        for i, it in enumerate(m.agenda.items):
            ids = pos_ids[it.id]
            if it.status == "agreed" and it.agreed_at is not None:
                always[it.id] = ids.index(it.agreed_at)
            for s, side in enumerate(SIDES):
                start = int(self.sc.start_auth[s, i])
                granted = [a.up_to for k, a in enumerate(m.authorities[side].approvals)
                           if a.item == it.id and (side, k) in live_approvals]
                reach = [start, *(ids.index(g) for g in granted), *grants.get((it.id, side), [])]
                authority[(it.id, side)] = (start, max(reach)) if s == 0 else (min(reach), start)
            reach_u = authority[(it.id, "unc")][1]
            reach_c = authority[(it.id, "communist")][0]
            meet = set(range(reach_c, reach_u + 1))
            if it.id in conceded:
                meet = set(range(len(ids)))
            rungs_ok[it.id] = meet | agree_at.get(it.id, set())
            if it.id in can_open and rungs_ok[it.id]:
                new_agree.add(it.id)
            elif it.id not in can_open:
                never_why[it.id] = "it never comes up for discussion"
            else:
                never_why[it.id] = (f"the furthest {SIDE_NAME['unc']} may go is "
                                    f"'{ids[reach_u]}' and the furthest {SIDE_NAME['communist']}"
                                    f" may go is '{ids[reach_c]}'")
        return Facts(
            variables=variables,
            day=Num(0, self.last_day, f"day is at most {self.last_day}: the last turn begins on "
                                      f"{self.sc.date_of(self.turns - 1)}"),
            turn=Num(0, self.turns - 1, f"turn is at most {self.turns - 1}: the game has "
                                        f"{self.turns} turns"),
            turns=self.turns, live_events=live_events,
            repeat={e.id: e.repeat for e in m.events}, always_agreed=always,
            can_open=can_open, can_agree=can_agree & new_agree, agree_rungs=rungs_ok,
            authority=authority, rungs={it.id: len(it.positions) for it in m.agenda.items},
            position_ids=pos_ids, never_why=never_why)

    def live_effects(self, live_events: set[str],
                     live_politics: set[int]) -> Iterable[dict[str, Any]]:
        for e in self.m.events:
            if e.id in live_events:
                yield from e.effects
        for k, r in enumerate(self.m.politics):
            if k in live_politics:
                yield from r.effects

    def var_range(self, name: str, written: bool) -> Num:
        v = self.m.variables[name]
        if written:
            return Num(float(v.min), float(v.max),
                       f"{name} stays within its bounds, {_fmt(v.min)} to {_fmt(v.max)}")
        starts = [v.initial, *(w.set[name] for w in self.m.what_ifs if name in w.set)]
        lo, hi = math.inf, -math.inf
        for spec in starts:
            a, b = _initial_range(spec, float(v.min), float(v.max))
            lo, hi = min(lo, a), max(hi, b)
        what = f"is always {_fmt(lo)}" if lo == hi else f"starts between {_fmt(lo)} and " \
                                                         f"{_fmt(hi)}"
        return Num(lo, hi, f"{name} {what} and nothing changes it")

    def window(self, index: int) -> tuple[Num, Num] | None:
        """Day and turn ranges of the turns that begin inside an event's window."""
        e = self.m.events[index]
        first = 0 if e.window.start is None else (e.window.start - self.m.calendar.start).days
        last = self.days if e.window.to is None else (e.window.to - self.m.calendar.start).days
        turns = [t for t in range(self.turns) if first <= t * self.turn_days <= last]
        if not turns:
            return None
        a, b = turns[0], turns[-1]
        return (Num(a * self.turn_days, b * self.turn_days, f"in its window day runs from "
                    f"{a * self.turn_days} to {b * self.turn_days}"),
                Num(a, b, f"in its window turn runs from {a} to {b}"))

    def static(self) -> None:
        m = self.m
        live_events = {e.id for e in m.events}
        live_politics = set(range(len(m.politics)))
        live_approvals = {(side, k) for side in SIDES
                          for k in range(len(m.authorities[side].approvals))}
        can_open = {it.id for it in m.agenda.items if it.status != "agreed"}
        can_agree = {it.id for it in m.agenda.items if it.status != "agreed"}
        while True:  # shrink the live sets until they no longer change
            f = self.facts(live_events, live_politics, live_approvals, can_open, can_agree)
            dead = self.dead_events_given(f)
            events = live_events - set(dead)
            politics = {k for k in live_politics
                        if self.possible(m.politics[k].when, f).can_true}
            approvals = {(side, k) for side, k in live_approvals
                         if self.possible(m.authorities[side].approvals[k].when,
                                          self.with_asked(f, m.authorities[side]
                                                          .approvals[k].item)).can_true}
            opened_by = {effect_info(e).item for e in self.live_effects(events, politics)
                         if "open" in e}
            opens = {it.id for it in m.agenda.items if it.id in can_open and (
                it.status == "open" or it.id in opened_by
                or self.possible(it.opens_when, f).can_true)}
            state = (events, politics, approvals, opens, f.can_agree)
            if state == (live_events, live_politics, live_approvals, can_open, can_agree):
                break
            live_events, live_politics, live_approvals, can_open, can_agree = state
        self.dead_events = dead
        for e in m.events:
            if e.id in dead and not self.ignored(e, "never_happens"):
                d = dead[e.id]
                self.warn(d.path, f"event '{e.id}' can never happen: {d.why}", d.offset)
        self.outcomes_static(f)
        self.items_static(f)

    def with_asked(self, f: Facts, item: str) -> Facts:
        out = f.within(f.day, f.turn)
        out.extra = {"asked": Num(0.0, float(f.rungs.get(item, 1) - 1))}
        return out

    def possible(self, text: str, f: Facts) -> Cond:
        v = _Analysis(f, text).run()
        return v if isinstance(v, Cond) else UNKNOWN

    def dead_events_given(self, f: Facts) -> dict[str, Dead]:
        dead: dict[str, Dead] = {}
        for i, e in enumerate(self.m.events):
            path: Path_ = ("events", i)
            span = self.window(i)
            if span is None:
                where = (*path, "window") if self.loc.exists((*path, "window")) else (*path, "id")
                dead[e.id] = Dead(where, None, self.no_turn_in_window(i))
                continue
            g = f.within(*span) if e.window.start or e.window.to else f.within(f.day, f.turn)
            g.self_event = None if e.repeat else e.id
            if isinstance(e.probability, str):
                p = _Analysis(g, e.probability).run()
                if isinstance(p, Num) and p.hi <= 0:
                    dead[e.id] = Dead((*path, "probability"), None, "its probability is never "
                                      "above 0" + (f" ({p.why})" if p.why else ""))
                    continue
            elif e.probability <= 0:
                dead[e.id] = Dead((*path, "probability"), None, "its probability is 0")
                continue
            c = self.possible(e.when, g)
            if not c.can_true:
                dead[e.id] = Dead((*path, "when"), c.col, c.why or "its condition never holds")
        return dead

    def no_turn_in_window(self, index: int) -> str:
        e = self.m.events[index]
        start = self.m.calendar.start
        first = e.window.start or start
        before = [t for t in range(self.turns) if start + dt.timedelta(t * self.turn_days)
                  < first]
        after = [t for t in range(self.turns) if start + dt.timedelta(t * self.turn_days)
                 > (e.window.to or self.m.calendar.end)]
        near = []
        if before:
            near.append(str(start + dt.timedelta(before[-1] * self.turn_days)))
        if after:
            near.append(str(start + dt.timedelta(after[0] * self.turn_days)))
        return (f"no turn begins inside its window (turns begin every {self.turn_days} days "
                f"from {start}; the nearest begin on {' and '.join(near)})")

    def outcomes_static(self, f: Facts) -> None:
        last = f.within(Num(self.last_day, self.last_day, f"an at-end outcome is checked on "
                                                          f"the last turn, day {self.last_day}"),
                        Num(self.turns - 1, self.turns - 1, f"an at-end outcome is checked on "
                                                            f"the last turn, {self.turns - 1}"))
        outcomes = self.m.outcomes
        checks = [self.possible(o.when, last if o.at_end else f) for o in outcomes]
        always = [not c.can_false for c in checks]
        # On the last turn the first at-end outcome ends any game nothing else has ended.
        fallback = next(i for i, o in enumerate(outcomes) if o.at_end)
        # An outcome that holds on every turn ends every game on its first turn.
        ender = next((o.id for o, a in zip(outcomes, always, strict=True)
                      if a and not o.at_end), None) if self.turns > 1 else None
        for i, o in enumerate(outcomes):
            c = checks[i]
            above = next((outcomes[k].id for k in range(i) if always[k]
                          and (o.at_end or not outcomes[k].at_end)), None)
            message, offset = None, None
            if not c.can_true and (i != fallback or any(always)):
                message, offset = f"outcome '{o.id}' can never be reached: {c.why}", c.col
            elif above:
                message = (f"outcome '{o.id}' can never be reached: outcome '{above}' above it "
                           "always holds first")
            elif o.at_end and ender:
                message = (f"outcome '{o.id}' can never be reached: outcome '{ender}' ends every "
                           "game on its first turn")
            if message:
                self.dead_outcomes.add(o.id)
                if not self.ignored(o, "never_reached"):
                    self.warn(("outcomes", i, "when"), message, offset)

    def items_static(self, f: Facts) -> None:
        for i, it in enumerate(self.m.agenda.items):
            path: Path_ = ("agenda", "items", i)
            if it.status == "agreed":
                continue
            if it.id not in f.can_open:
                self.never_open.add(it.id)
                if not self.ignored(it, "unreachable"):
                    c = self.possible(it.opens_when, f)
                    self.warn((*path, "opens_when"), f"agenda item '{it.id}' can never come up "
                              f"for discussion: {c.why or 'its opening condition never holds'}",
                              c.col)
                continue
            reach_u = f.authority[(it.id, "unc")][1]
            reach_c = f.authority[(it.id, "communist")][0]
            ok = f.agree_rungs[it.id] | set(range(reach_u + 1)) | set(
                range(reach_c, len(it.positions)))
            for k, p in enumerate(it.positions):
                if k in ok:
                    continue
                self.unreachable.add((it.id, k))
                if self.ignored(p, "unreachable"):
                    continue
                self.warn((*path, "positions", k), f"position '{p.id}' of item '{it.id}' can "
                          f"never be reached: it lies beyond the furthest {SIDE_NAME['unc']} may "
                          f"ever go ('{it.positions[reach_u].id}') and the furthest "
                          f"{SIDE_NAME['communist']} may ever go "
                          f"('{it.positions[reach_c].id}'), counting every approval and grant")

    # the simulation --------------------------------------------------------------------------
    def simulated(self, games: int) -> None:
        try:
            runs = _simulate(self.sc, games, self.text)
        except ScenarioRuntimeError as exc:
            # A game of this scenario cannot be played through: an error at the expression
            # at fault, with the warnings found so far.
            found = sorted([*self.out, *exc.diagnostics], key=lambda d: (d.line, d.col))
            raise ScenarioRuntimeError(found) from None
        except Exception as exc:  # an engine failure must not hide the static findings
            self.out.append(Diagnostic(self.file, 1, 1, "the lints could not simulate games "
                                       f"of this scenario ({type(exc).__name__}: {exc}); only "
                                       "what the file itself settles was checked", "warning"))
            return
        if runs.games == 0:
            return
        tail = (f"in none of {runs.games:,} simulated games ({runs.describe}); it may be "
                "possible but rare")
        for i, e in enumerate(self.m.events):
            if e.id in self.dead_events or e.id in runs.fired or self.ignored(e, "rare"):
                continue
            where: Path_ = ("events", i, "when") if self.loc.exists(("events", i, "when")) else (
                "events", i, "id")
            self.warn(where, f"event '{e.id}' happened {tail}")
        for i, o in enumerate(self.m.outcomes):
            if o.id in self.dead_outcomes or o.id in runs.outcomes or self.ignored(o, "rare"):
                continue
            self.warn(("outcomes", i, "when"), f"outcome '{o.id}' was reached {tail}")
        for i, it in enumerate(self.m.agenda.items):
            if it.status == "agreed" or it.id in self.never_open:
                continue
            for k, p in enumerate(it.positions):
                if (it.id, k) in self.unreachable or k in runs.rungs.get(it.id, set()) or \
                        self.ignored(p, "rare"):
                    continue
                self.warn(("agenda", "items", i, "positions", k),
                          f"position '{p.id}' of item '{it.id}' was held or agreed {tail}")

    # unread variables --------------------------------------------------------------------------
    def unread(self) -> None:
        m = self.m
        names = list(m.variables)
        roots: set[str] = set(FIGHTING_VARS) | {s.front for s in m.fighting.sectors}
        roots |= set(CHARTED_VARS)
        for text in self.condition_texts():
            roots |= expr_variables(text, names)
        feeds: dict[str, set[str]] = {}  # variable -> the variables its value flows into
        for effects in [e.effects for e in m.events] + [r.effects for r in m.politics]:
            for entry in effects:
                info = effect_info(entry)
                for target, text in info.reads.items():
                    for source in expr_variables(text, names) - {target}:
                        feeds.setdefault(source, set()).add(target)
        matters = set(roots)
        changed = True
        while changed:
            changed = False
            for source, targets in feeds.items():
                if source not in matters and targets & matters:
                    matters.add(source)
                    changed = True
        for name, v in m.variables.items():
            if name in matters or self.ignored(v, "unread"):
                continue
            fed = sorted(feeds.get(name, set()))
            if fed:
                message = (f"variable '{name}' only feeds {', '.join(repr(t) for t in fed)}, "
                           "which nothing reads")
            else:
                message = (f"variable '{name}' is never read: no condition, effect value, "
                           "scoring rule, the fighting or the debrief uses it")
            self.warn(("variables", name), message, key=True)

    def condition_texts(self) -> Iterable[str]:
        """Every expression whose value decides something (effect values excepted)."""
        m = self.m
        for it in m.agenda.items:
            yield it.opens_when
        for e in m.events:
            yield e.when
            if isinstance(e.probability, str):
                yield e.probability
        for r in m.politics:
            yield r.when
        for side in SIDES:
            for a in m.authorities[side].approvals:
                yield a.when
            for p in getattr(m.postures, side):
                yield p.when
            for rule in getattr(m.behaviour, side):
                yield rule.when
        for w in m.what_ifs:
            for rules in w.replace_rules.values():
                for rule in rules:
                    yield rule.when
        for o in m.outcomes:
            yield o.when
        yield m.scoring.unc
        yield m.scoring.communist

    # sources -------------------------------------------------------------------------------------
    def unsourced(self) -> None:
        m = self.m
        h = m.history
        if h.source is None:
            for key in ("agreed", "armistice"):
                if getattr(h, key) and self.loc.exists(("history", key)):
                    self.warn(("history", key), f"history.{key} gives the record's dates but "
                              "history has no `source`", key=True)
        for i, o in enumerate(m.outcomes):
            if o.history_note and not o.source:
                self.warn(("outcomes", i, "history_note"), f"the history note of outcome "
                          f"'{o.id}' has no `source`", key=True)
        for i, it in enumerate(m.agenda.items):
            if it.status == "agreed" and not it.source:
                self.warn(("agenda", "items", i, "status"), f"item '{it.id}' is agreed before "
                          "the scenario starts, a historical fact, but has no `source`")
        for path, obj, keys in self.dated_texts():
            if getattr(obj, "source", None):
                continue
            for key in keys:
                value = getattr(obj, key, "")
                found = _DATE.search(value) if isinstance(value, str) else None
                if found is None:
                    continue
                self.warn((*path, key), f"this {key} states a date ('{found.group(0)}') but has "
                          "no `source` beside it", found.start())
                break

    def dated_texts(self) -> Iterable[tuple[Path_, Any, tuple[str, ...]]]:
        """The texts that present history to players, with the entry that could source them.
        (Descriptions of variables and epilogues speak of the model and of imagined futures.)"""
        m = self.m
        for i, it in enumerate(m.agenda.items):
            yield ("agenda", "items", i), it, ("title", "description")
            for k, p in enumerate(it.positions):
                yield ("agenda", "items", i, "positions", k), p, ("label", "tooltip")
        for k, pkg in enumerate(m.agenda.packages):
            yield ("agenda", "packages", k), pkg, ("label", "tooltip")
        for side in SIDES:
            for k, a in enumerate(m.authorities[side].approvals):
                yield ("authorities", side, "approvals", k), a, ("note",)
        for i, e in enumerate(m.events):
            yield ("events", i), e, ("title", "text")
        for k, r in enumerate(m.politics):
            yield ("politics", k), r, ("note",)


# A day and month, a month and year, or a year of the period: a dated claim about history.
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DATE = re.compile(rf"\b(?:\d{{1,2}} (?:{_MONTHS})\b|(?:{_MONTHS}) \d{{4}}\b|19[0-9]{{2}}\b)")


def _initial_range(spec: float | int | Distribution, lo: float, hi: float) -> tuple[float,
                                                                                   float]:
    if isinstance(spec, int | float):
        return float(spec), float(spec)
    if spec.uniform is not None:
        a, b = sorted(spec.uniform)
    elif spec.normal is not None:
        mean, sd = spec.normal
        a, b = mean - 2.45 * abs(sd), mean + 2.45 * abs(sd)  # loader.initial_value's reach
    else:
        assert spec.choice is not None
        a, b = min(spec.choice), max(spec.choice)
    return min(max(a, lo), hi), min(max(b, lo), hi)


# ----------------------------------------------------------------------------------------------
# The simulation: what happened in a few hundred seeded games.


@dataclass
class _Runs:
    games: int = 0
    describe: str = ""
    fired: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    rungs: dict[str, set[int]] = field(default_factory=dict)


class _Watching:
    """A policy that notes the positions on the table each turn, then lets another decide.

    Positions at the table are public, so the view shows them; what the last turn did is in the
    state `play_batch` returns."""

    def __init__(self, policy: Any, seen: np.ndarray) -> None:
        self.policy = policy
        self.name = policy.name
        self.seen = seen

    def reads(self) -> frozenset[int] | None:
        return self.policy.reads()

    def choose(self, view: Any, legal: Any, rng: Any) -> Any:
        _note_rungs(self.seen, view.pos, view.agreed_pos)
        return self.policy.choose(view, legal, rng)


def _note_rungs(seen: np.ndarray, pos: np.ndarray, agreed_pos: np.ndarray) -> None:
    for i in range(seen.shape[0]):
        seen[i, np.unique(pos[:, i])] = True
        done = agreed_pos[i][agreed_pos[i] >= 0]
        seen[i, np.unique(done)] = True


def _simulate(sc: CompiledScenario, games: int, text: bytes | None = None) -> _Runs:
    from game.ai.policy import make_policy
    from game.session.simulate import play_batch

    runs = _Runs()
    scenarios: list[tuple[CompiledScenario, int]] = [(sc, games)]
    if text is None and sc.model.what_ifs and not sc.what_ifs and Path(sc.path).is_file():
        text = Path(sc.path).read_bytes()
    if text is not None and sc.model.what_ifs and not sc.what_ifs:
        for w in sc.model.what_ifs:
            scenarios.append((load_scenario_text(text, sc.path, [w.id]),
                              min(games, SIM_WHAT_IF_GAMES)))
    # Random play finds the odd corners, historical play the intended paths, the mixed and
    # heuristic pairings what lies between.
    pairings = (("historical", "historical"), ("random", "random"), ("heuristic", "heuristic"),
                ("random", "historical"), ("historical", "random"))
    for variant, n in scenarios:
        seen = np.zeros((len(variant.item_ids), int(variant.rungs.max())), dtype=bool)
        for unc, com in pairings:
            policies = (_Watching(make_policy(unc, variant, 0), seen),
                        make_policy(com, variant, 1))
            state = play_batch(variant, SIM_SEED, np.arange(n, dtype=np.uint64),
                               policies)  # type: ignore[arg-type]
            _note_rungs(seen, state.pos, state.agreed_pos)
            runs.games += n
            counts = state.event_count.sum(axis=1)
            runs.fired |= {e for e, c in zip(variant.event_ids, counts, strict=True) if c}
            runs.outcomes |= {variant.outcomes[int(k)].id for k in np.unique(state.outcome)
                              if k >= 0}
        for i, item in enumerate(variant.item_ids):
            runs.rungs.setdefault(item, set()).update(int(k) for k in np.flatnonzero(seen[i]))
    whatifs = ", with and without each what-if" if len(scenarios) > 1 else ""
    runs.describe = f"historical, heuristic and random policies{whatifs}"
    return runs
