"""The effect vocabulary: what events and politics rules can do to a game.

Each effect is one class here, whose docstring is its documentation (the authoring guide is
generated from them). An effect is written in YAML as a one-key mapping, e.g.
``- add: {unc_support: -2, com_pressure: "0.5 * com_losses / 1000"}``. Parsing checks every name
and compiles every expression when the scenario loads; applying works on a batch of games under
a mask (the games in which the event happened), so it costs the same for one game or many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np

from game.scenario.diagnostics import did_you_mean
from game.scenario.expr import (
    ExprError,
    ExprOverflow,
    Names,
    overflow_message,
)
from game.scenario.expr import compile_expr as _compile
from game.vocab import AGREED, DEADLOCKED, OPEN, PENDING, SIDE_INDEX


class EffectError(Exception):
    """A problem in an effect; `path` leads from the effect entry to the offending value, and
    `col` is a column inside an expression there."""

    def __init__(self, message: str, path: tuple[str | int, ...] = (), col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.col = col


@dataclass(frozen=True)
class Bounds:
    lo: np.ndarray
    hi: np.ndarray


class Context(Protocol):
    """What an effect works on (the engine's `EffectContext`): the batch's state (the arrays
    it changes, and the expression context its values are computed in) and a way to report."""

    state: Any

    def reveal(self, mask: np.ndarray, rows: list[tuple[str, int]]) -> None:
        """Put the true values of `rows` (name, variable row) in the news of games `mask`."""


Apply = Callable[[Context, np.ndarray], None]


class Effect:
    """Base class: `name` is the YAML key; `parse` returns a function (state, mask) -> None."""

    name: ClassVar[str]
    example: ClassVar[str]

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        raise NotImplementedError


def _expr(value: Any, names: Names, path: tuple[str | int, ...]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise EffectError("expected a number or an expression in quotes", path)
    if isinstance(value, int | float):
        v = float(value)
        return lambda ctx: v
    try:
        return _compile(value, names, "num").fn
    except ExprError as exc:
        raise EffectError(exc.message, path, exc.col) from None


def _variables(args: Any, names: Names, what: str) -> list[tuple[str, int, Any]]:
    if not isinstance(args, dict) or not args:
        raise EffectError(f"{what} takes a mapping of variable names to values, e.g. "
                          f"{{unc_support: -2}}")
    out = []
    for key, value in args.items():
        if key not in names.variables:
            raise EffectError(f"unknown variable '{key}'{did_you_mean(str(key), names.variables)}",
                              (key,))
        out.append((key, names.variables[key], _expr(value, names, (key,))))
    return out


def _each(pairs: list[tuple[str, int, Any]], bounds: Bounds,
          combine: Callable[[np.ndarray, Any], np.ndarray]) -> Apply:
    """Apply `combine(old, value)` to each variable, kept within its bounds; an overflow is
    reported at the variable's value (`ExprOverflow.path`)."""

    def run(ctx: Context, mask: np.ndarray) -> None:
        for key, row, fn in pairs:
            try:
                _store(ctx.state, row, combine(ctx.state.vars[row], fn(ctx.state)), mask,
                       bounds)
            except ExprOverflow as exc:
                raise ExprOverflow(exc.message, exc.col, (key, *exc.path)) from None
            except FloatingPointError as exc:
                raise ExprOverflow(overflow_message("this effect", exc), None, (key,)) from None
    return run


def _lookup(value: Any, table: dict[str, int], what: str, path: tuple[str | int, ...]) -> int:
    if not isinstance(value, str) or value not in table:
        hint = did_you_mean(str(value), table) if isinstance(value, str) else ""
        raise EffectError(f"unknown {what} '{value}'{hint}", path)
    return table[value]


def _fields(args: Any, required: set[str], optional: set[str], example: str) -> dict[str, Any]:
    if not isinstance(args, dict):
        raise EffectError(f"expected a mapping, e.g. {example}")
    for key in args:
        if key not in required | optional:
            raise EffectError(f"unknown key '{key}'{did_you_mean(str(key), required | optional)}",
                              (key,))
    missing = sorted(required - set(args))
    if missing:
        raise EffectError(f"missing key '{missing[0]}' (e.g. {example})")
    return args


def _store(ctx: Any, row: int, values: Any, mask: np.ndarray, bounds: Bounds) -> None:
    new = np.minimum(np.maximum(values, bounds.lo[row]), bounds.hi[row])
    ctx.vars[row] = np.where(mask, new, ctx.vars[row])


class Add(Effect):
    """Add to variables: `add: {unc_support: -2, com_losses: "normal(800, 200)"}`.

    Each value is a number or a quoted number expression (which may use the random functions);
    the result is kept within the variable's bounds."""

    name = "add"
    example = "add: {unc_support: -2}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        pairs = _variables(args, names, "add")
        return _each(pairs, bounds, lambda old, value: old + value)


class Set(Effect):
    """Set variables: `set: {stalin_alive: 0}`. Values are numbers or quoted number
    expressions; the result is kept within the variable's bounds."""

    name = "set"
    example = "set: {stalin_alive: 0}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        pairs = _variables(args, names, "set")
        return _each(pairs, bounds, lambda old, value: value)


class Scale(Effect):
    """Multiply variables: `scale: {com_pressure: 0.5}` halves the pressure the `communist`
    side feels. Values are numbers or quoted number expressions; the result is kept within the
    variable's bounds."""

    name = "scale"
    example = "scale: {com_pressure: 0.5}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        pairs = _variables(args, names, "scale")
        return _each(pairs, bounds, lambda old, value: old * value)


_RECESS_BY = {"unc": 0, "communist": 1, "event": 2}


class Recess(Effect):
    """Suspend the talks: `recess: communist`. The value says who called it: `unc`,
    `communist` or `event`.

    A side can end only a recess it called itself (or one an event called); items freeze while
    the talks are in recess. A recess already under way keeps its caller."""

    name = "recess"
    example = "recess: communist"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        by = _lookup(args, _RECESS_BY, "recess caller (unc, communist or event)", ())

        def run(ctx: Context, mask: np.ndarray) -> None:
            starting = mask & (ctx.state.talks == 0)
            ctx.state.talks = np.where(mask, 1, ctx.state.talks).astype(np.int8)
            ctx.state.recess_by = np.where(starting, by, ctx.state.recess_by).astype(np.int8)
            ctx.state.recess_turns = np.where(starting, 0, ctx.state.recess_turns).astype(np.int16)
        return run


class Resume(Effect):
    """End a recess: `resume: true`. The talks are back in session; moves are possible with
    the next turn's orders."""

    name = "resume"
    example = "resume: true"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        if args is not True:
            raise EffectError("write `resume: true`")

        def run(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.talks = np.where(mask, 0, ctx.state.talks).astype(np.int8)
            ctx.state.recess_by = np.where(mask, -1, ctx.state.recess_by).astype(np.int8)
            ctx.state.recess_turns = np.where(mask, 0, ctx.state.recess_turns).astype(np.int16)
        return run


class Open(Effect):
    """Bring a pending agenda item up for discussion now: `open: prisoners`."""

    name = "open"
    example = "open: prisoners"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        item = _lookup(args, names.items, "agenda item", ())

        def run(ctx: Context, mask: np.ndarray) -> None:
            hit = mask & (ctx.state.status[item] == PENDING)
            ctx.state.status[item] = np.where(hit, OPEN, ctx.state.status[item])
        return run


class Concede(Effect):
    """Move a side's position on an item toward the other side's:
    `concede: {item: demarcation, side: communist, steps: 1}`.

    `steps` is 1 to 20 (default 1); the position never moves past the other side's. This is
    the side's government moving, so it is not limited by the delegation's authority: use it
    for what the record shows a government decided outside the talks. It resets the item's
    stall counter, and a deadlocked item becomes open again. An agreed item does not move."""

    name = "concede"
    example = "concede: {item: demarcation, side: communist, steps: 1}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        a = _fields(args, {"item", "side"}, {"steps"}, cls.example)
        item = _lookup(a["item"], names.items, "agenda item", ("item",))
        side = _lookup(a["side"], SIDE_INDEX, "side", ("side",))
        steps = a.get("steps", 1)
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 20:
            raise EffectError("steps must be a whole number from 1 to 20", ("steps",))
        delta = steps if side == 0 else -steps

        def run(ctx: Context, mask: np.ndarray) -> None:
            live = mask & (ctx.state.status[item] != AGREED)
            moved = ctx.state.pos[side, item] + delta
            # never past the other side's position: meeting it is enough
            other = ctx.state.pos[1 - side, item]
            moved = np.minimum(moved, other) if side == 0 else np.maximum(moved, other)
            ctx.state.pos[side, item] = np.where(live, moved, ctx.state.pos[side, item])
            ctx.state.stall[item] = np.where(live, 0, ctx.state.stall[item])
            ctx.state.status[item] = np.where(live & (ctx.state.status[item] == DEADLOCKED), OPEN,
                                        ctx.state.status[item])
        return run


class Grant(Effect):
    """Give a delegation authority to go as far as a position without asking:
    `grant: {item: airfields, side: unc, up_to: no_restriction}`. Authority never shrinks: a
    grant short of what the delegation already has changes nothing."""

    name = "grant"
    example = "grant: {item: airfields, side: unc, up_to: no_restriction}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        a = _fields(args, {"item", "side", "up_to"}, set(), cls.example)
        item_id = a["item"]
        item = _lookup(item_id, names.items, "agenda item", ("item",))
        side = _lookup(a["side"], SIDE_INDEX, "side", ("side",))
        rung = _lookup(a["up_to"], names.positions[item_id], "position", ("up_to",))
        further = np.maximum if side == 0 else np.minimum

        def run(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.auth[side, item] = np.where(mask, further(ctx.state.auth[side, item], rung),
                                            ctx.state.auth[side, item])
        return run


class Agree(Effect):
    """Settle an item at a position outright: `agree: {item: recommendations, at: conference}`.
    An item already agreed keeps its agreement."""

    name = "agree"
    example = "agree: {item: recommendations, at: conference}"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        a = _fields(args, {"item", "at"}, set(), cls.example)
        item_id = a["item"]
        item = _lookup(item_id, names.items, "agenda item", ("item",))
        rung = _lookup(a["at"], names.positions[item_id], "position", ("at",))

        def run(ctx: Context, mask: np.ndarray) -> None:
            hit = mask & (ctx.state.status[item] != AGREED)
            ctx.state.status[item] = np.where(hit, AGREED, ctx.state.status[item])
            ctx.state.agreed_pos[item] = np.where(hit, rung, ctx.state.agreed_pos[item])
            ctx.state.agreed_turn[item] = np.where(hit, ctx.state.turn, ctx.state.agreed_turn[item])
            for s in (0, 1):
                ctx.state.pos[s, item] = np.where(hit, rung, ctx.state.pos[s, item])
        return run


class Reveal(Effect):
    """Put the true value of variables in the news: `reveal: [com_fortification]` (an
    intelligence windfall, a published report).

    The entry goes to whoever reads the event's news (its `visibility`). It does not change
    what the sides' views show later, and the AI does not read the news."""

    name = "reveal"
    example = "reveal: [com_fortification]"

    @classmethod
    def parse(cls, args: Any, names: Names, bounds: Bounds) -> Apply:
        if isinstance(args, str):
            args = [args]
        if not isinstance(args, list) or not args:
            raise EffectError(f"expected a list of variable names, e.g. {cls.example}")
        rows = [(v, _lookup(v, names.variables, "variable", (i,))) for i, v in enumerate(args)]

        def run(ctx: Context, mask: np.ndarray) -> None:
            ctx.reveal(mask, rows)
        return run


EFFECTS: dict[str, type[Effect]] = {
    cls.name: cls for cls in (Add, Set, Scale, Recess, Resume, Open, Concede, Grant, Agree, Reveal)
}


def parse_effect(entry: Any, names: Names, bounds: Bounds) -> Apply:
    """Parse one YAML effect entry (a one-key mapping) into a function (state, mask) -> None."""
    if not isinstance(entry, dict) or len(entry) != 1:
        raise EffectError("an effect is a mapping with exactly one key, e.g. "
                          "`add: {unc_support: -2}`")
    (name, args), = entry.items()
    cls = EFFECTS.get(name)
    if cls is None:
        raise EffectError(f"unknown effect '{name}'{did_you_mean(str(name), EFFECTS)}; effects "
                          f"are: {', '.join(EFFECTS)}")
    try:
        return cls.parse(args, names, bounds)
    except EffectError as exc:
        raise EffectError(exc.message, (name, *exc.path), exc.col) from None
