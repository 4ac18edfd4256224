"""The scenario expression language, compiled to NumPy functions over a batch of games.

Authors write short conditions such as ``front_west > 5 and not agreed(demarcation)``. The text
is parsed with :mod:`ast` and every node is checked against a whitelist: boolean logic,
comparisons, arithmetic, literals, the scenario's own names and the functions in `FUNCTIONS`.
Anything else — attribute access, subscripts, lambdas, comprehensions, ``**``, unknown names —
is an error with its column. The checked tree is turned into nested closures that evaluate over
the arrays of a batch, so one compiled condition serves one game or a hundred thousand. Nothing
is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from game.scenario.diagnostics import did_you_mean
from game.vocab import AGREED, DEADLOCKED, OPEN, PENDING, SIDE_INDEX

Kind = Literal["num", "bool"]
MAX_NODES = 400
MAX_DEPTH = 40
NEVER = 9999.0  # "turns since" something that has not happened


class ExprError(Exception):
    """A problem in an expression, at `col` (0-based offset into the expression text)."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


class ExprOverflow(ArithmeticError):
    """Arithmetic in an expression overflowed while a game was played (a result beyond the
    float range, or undefined): `col` is the operator's offset in the expression text, `path`
    (filled in by effects) leads from an effect entry to the expression."""

    def __init__(self, message: str, col: int | None = 0,
                 path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.path = path


MAX_CONSTANT = 1e12  # the largest number a scenario may write (yamlsource.MAX_NUMBER)
ERRSTATE = {"over": "raise", "invalid": "raise", "divide": "raise"}
"""NumPy's floating-point error handling while a scenario is evaluated: an overflow raises
(and becomes a diagnostic at the expression) instead of printing NumPy's warning."""


def overflow_message(op: str, exc: BaseException) -> str:
    what = "an undefined result" if "invalid" in str(exc) else "a number too large to compute"
    return (f"arithmetic overflow while playing: '{op}' gives {what}; keep the numbers in "
            "this expression smaller")


class Context(Protocol):
    """What a compiled expression reads: the engine's `State` (truth) or a side's `View`."""

    turn: int
    day: int
    vars: np.ndarray  # (variables, N) float64
    status: np.ndarray  # (items, N) int8
    pos: np.ndarray  # (2, items, N) int16
    auth: np.ndarray  # (2, items, N) int16
    stall: np.ndarray  # (items, N)
    agreed_turn: np.ndarray  # (items, N)
    agreed_pos: np.ndarray  # (items, N)
    req_pos: np.ndarray  # (2, items, N)
    talks: np.ndarray  # (N,)
    recess_by: np.ndarray  # (N,)
    recess_turns: np.ndarray  # (N,)
    event_count: np.ndarray  # (events, N)
    event_last: np.ndarray  # (events, N)
    posture: np.ndarray  # (2, N)

    def uniform(self, site: int) -> np.ndarray: ...
    def normal(self, site: int) -> np.ndarray: ...


@dataclass
class Names:
    """The names an expression may use, and where it may use them.

    `visible` limits which variables can be read (a side's view); `side` is the side whose view
    it is, which also hides the other side's authority, requests and posture, and the events it
    does not see. `random` allows the drawing functions (never in an AI's rules, whose only
    randomness is the rule's own probability).
    """

    variables: dict[str, int]
    items: dict[str, int]
    positions: dict[str, dict[str, int]]
    events: dict[str, int]
    event_visibility: dict[str, str]
    postures: dict[str, dict[str, int]]
    side: str | None = None
    visible: set[str] | None = None
    random: bool = False
    extra: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    next_site: list[int] = field(default_factory=lambda: [1000])

    def new_site(self) -> int:
        self.next_site[0] += 1
        return self.next_site[0]


@dataclass(frozen=True)
class Compiled:
    """A checked, compiled expression."""

    text: str
    kind: Kind
    fn: Callable[[Any], Any]
    reads: frozenset[str]
    constant: Any = None
    arithmetic: bool = False  # whether evaluating it can overflow (it computes, not compares)
    locate: Callable[[ExprOverflow], BaseException] | None = None  # set by the loader

    def __call__(self, ctx: Any) -> Any:
        return self._guarded(ctx) if self.arithmetic else self.fn(ctx)

    def _guarded(self, ctx: Any) -> Any:
        try:
            with np.errstate(**ERRSTATE):  # only where it can matter: it costs ~2 µs
                return self.fn(ctx)
        except ExprOverflow as exc:
            if self.locate is None:
                raise
            raise self.locate(exc) from None

    def mask(self, ctx: Any, n: int) -> np.ndarray:
        """Evaluate a condition to a boolean array of length n."""
        out = self._guarded(ctx) if self.arithmetic else self.fn(ctx)
        if np.ndim(out) == 0:
            return np.full(n, bool(out))
        return out

    def values(self, ctx: Any, n: int) -> np.ndarray:
        """Evaluate a number to a float array of length n."""
        out = self._guarded(ctx) if self.arithmetic else self.fn(ctx)
        if np.ndim(out) == 0:
            return np.full(n, float(out))
        return out.astype(np.float64, copy=False)


Node = tuple[Kind, Callable[[Any], Any], Any]  # (kind, fn, constant value or None)

_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
    ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal,
}
_COMPARE_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
                   ast.NotEq: "!="}


def _divide(a: Any, b: Any) -> Any:
    """Division where x / 0 is 0, so a scenario can never produce inf or NaN."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return float(np.divide(float(a), float(b))) if b != 0 else 0.0  # NumPy's: errstate
    a_arr, b_arr = np.broadcast_arrays(np.asarray(a, dtype=np.float64),
                                       np.asarray(b, dtype=np.float64))
    return np.divide(a_arr, b_arr, out=np.zeros(a_arr.shape), where=b_arr != 0)


def _modulo(a: Any, b: Any) -> Any:
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return float(a) % float(b) if b != 0 else 0.0
    a_arr, b_arr = np.broadcast_arrays(np.asarray(a, dtype=np.float64),
                                       np.asarray(b, dtype=np.float64))
    return np.mod(a_arr, b_arr, out=np.zeros(a_arr.shape), where=b_arr != 0)


_ARITH: dict[type, tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Add: ("+", np.add), ast.Sub: ("-", np.subtract), ast.Mult: ("*", np.multiply),
    ast.Div: ("/", _divide), ast.Mod: ("%", _modulo),
}


@dataclass(frozen=True)
class Function:
    """A function authors may call. `args` names each parameter's kind; `params`, where given,
    the names the authoring guide shows for number parameters."""

    name: str
    args: tuple[str, ...]
    returns: Kind
    doc: str
    variadic: bool = False
    params: tuple[str, ...] = ()


FUNCTIONS: dict[str, Function] = {f.name: f for f in [
    Function("agreed", ("item",), "bool", "The item has been agreed."),
    Function("agreed_at", ("item", "position"), "bool",
             "The item has been agreed at this position."),
    Function("is_open", ("item",), "bool", "The item is under discussion (open or deadlocked)."),
    Function("deadlocked", ("item",), "bool", "The item is deadlocked."),
    Function("pending", ("item",), "bool", "The item has not come up yet."),
    Function("position", ("item", "side"), "num",
             "The side's current position on the item, as a rung number (0 = the UN Command's "
             "ideal)."),
    Function("rung", ("item", "position"), "num", "The rung number of a named position."),
    Function("gap", ("item",), "num",
             "How many rungs still separate the two sides on the item (0 once they meet)."),
    Function("authority", ("item", "side"), "num",
             "The furthest rung the side's delegation may go to without asking. A side's own "
             "rules can read only its own authority."),
    Function("requested", ("item", "side"), "bool",
             "The side's delegation is waiting for an answer on this item."),
    Function("stalled", ("item",), "num", "Turns since either side last moved on the item."),
    Function("turns_since_agreed", ("item",), "num",
             f"Turns since the item was agreed ({NEVER:g} if it has not been)."),
    Function("all_agreed", (), "bool", "Every agenda item has been agreed."),
    Function("agreed_count", (), "num", "How many agenda items have been agreed."),
    Function("recess", (), "bool", "The talks are in recess."),
    Function("recessed_by", ("side",), "bool", "The talks are in a recess this side called."),
    Function("recess_turns", (), "num", "Turns the current recess has lasted (0 in session)."),
    Function("fired", ("event",), "bool", "The event has happened at least once."),
    Function("times_fired", ("event",), "num", "How many times the event has happened."),
    Function("turns_since", ("event",), "num",
             f"Turns since the event last happened ({NEVER:g} if never)."),
    Function("posture", ("side", "posture"), "bool",
             "The side's military posture this turn is this one. A side's rules can read only "
             "its own posture."),
    Function("min", ("num", "num"), "num", "The smallest of its arguments (two or more).",
             variadic=True),
    Function("max", ("num", "num"), "num", "The largest of its arguments (two or more).",
             variadic=True),
    Function("abs", ("num",), "num", "Absolute value.", params=("x",)),
    Function("clip", ("num", "num", "num"), "num", "`x` kept between `low` and `high`.",
             params=("x", "low", "high")),
    Function("uniform", ("num", "num"), "num",
             "A random number between the two bounds, drawn afresh each time. Random "
             "functions are allowed only where the engine draws: effect values, an event's "
             "`when` and `probability`, a politics rule's `when`.", params=("low", "high")),
    Function("normal", ("num", "num"), "num",
             "A random number around a mean with a standard deviation. Random (see "
             "`uniform`).", params=("mean", "sd")),
    Function("chance", ("num",), "bool",
             "True with the given probability (0 to 1), drawn afresh each time. Random (see "
             "`uniform`).", params=("p",)),
]}

NAMES_DOC: dict[str, str] = {
    "turn": "The turn number, from 0.",
    "day": "Days since the scenario's start, at the start of the turn.",
    "true": "True (`True` also works).", "false": "False (`False` also works).",
    # These two exist only where the loader supplies them (Names.extra).
    "asked": "Only in an approval's `when`: the rung the delegation asked for.",
    "settlement": "Only in `scoring`: the sum of the side's `value` for every agreed item at its "
                  "agreed position.",
}
_RANDOM = {"uniform", "normal", "chance"}


def compile_expr(text: str, names: Names, kind: Kind) -> Compiled:
    """Check and compile `text` as an expression of the given kind, or raise ExprError."""
    if not isinstance(text, str):
        raise ExprError("expected an expression in quotes")
    if len(text) > 2000:
        raise ExprError("expression is longer than 2000 characters")
    try:
        with warnings.catch_warnings():  # Python's own warnings are not for authors
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = max((exc.offset or 1) - 1, 0) + (len(text) - len(text.lstrip()))
        raise ExprError(f"not a valid expression: {exc.msg}", col) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError("expression is too deeply nested") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"expression is too long ({count} parts; the limit is {MAX_NODES})")
    offset = len(text) - len(text.lstrip())
    builder = _Builder(names, offset, text)
    node_kind, fn, const = builder.build(tree.body, 0)
    if node_kind != kind:
        want = "a condition (true or false)" if kind == "bool" else "a number"
        got = "a condition" if node_kind == "bool" else "a number"
        raise ExprError(f"expected {want}, but this is {got}", offset)
    return Compiled(text, kind, fn, frozenset(builder.reads), const, builder.arithmetic)


class _Builder:
    def __init__(self, names: Names, offset: int, text: str | None = None) -> None:
        self.names = names
        self.text = text
        self.offset = offset
        self.reads: set[str] = set()
        self.arithmetic = False

    def fail(self, node: ast.AST, message: str) -> ExprError:
        return ExprError(message, self.offset + getattr(node, "col_offset", 0))

    def build(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(node, "expression is too deeply nested")
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, _forbidden(node))
        return method(node, depth + 1)

    # literals and names -------------------------------------------------------------------
    def _Constant(self, node: ast.Constant, depth: int) -> Node:
        value = node.value
        if isinstance(value, bool):
            return "bool", lambda ctx, v=value: v, value
        if isinstance(value, int | float):
            try:
                fval = float(value)
            except OverflowError:
                raise self.fail(node, "number is too large") from None
            if not np.isfinite(fval) or abs(fval) > MAX_CONSTANT:
                raise self.fail(node, "number is too large: numbers in a scenario are at "
                                      "most 1e12 either way")
            return "num", lambda ctx, v=fval: v, fval
        if isinstance(value, str):
            raise self.fail(node, f"text '{value}' is only allowed as a name inside a function "
                                  "call, e.g. agreed(demarcation)")
        raise self.fail(node, f"{type(value).__name__} values are not allowed")

    def _Name(self, node: ast.Name, depth: int) -> Node:
        name = node.id
        if name in ("true", "True"):
            return "bool", lambda ctx: True, True
        if name in ("false", "False"):
            return "bool", lambda ctx: False, False
        if name == "turn":
            return "num", lambda ctx: float(ctx.turn), None
        if name == "day":
            return "num", lambda ctx: float(ctx.day), None
        if name in self.names.extra:
            return "num", self.names.extra[name], None
        if name in self.names.variables:
            if self.names.visible is not None and name not in self.names.visible:
                raise self.fail(node, f"'{name}' is not visible to the {self.names.side} side, "
                                      "so its rules cannot read it")
            row = self.names.variables[name]
            self.reads.add(name)
            return "num", lambda ctx, r=row: ctx.vars[r], None
        for label, table in (("an agenda item", self.names.items),
                             ("an event", self.names.events)):
            if name in table:
                raise self.fail(node, f"'{name}' is {label}; use it inside a function, e.g. "
                                      f"{'agreed' if table is self.names.items else 'fired'}"
                                      f"({name})")
        known = [*self.names.variables, *self.names.extra, "turn", "day", "true", "false"]
        raise self.fail(node, f"unknown name '{name}'{did_you_mean(name, known)}")

    # operators ----------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        parts = [self._expect(v, "bool", depth, "and/or") for v in node.values]
        op = np.logical_and if isinstance(node.op, ast.And) else np.logical_or

        def run(ctx: Any, fns=tuple(p[1] for p in parts), op=op) -> Any:
            out = fns[0](ctx)
            for f in fns[1:]:
                out = op(out, f(ctx))
            return out

        return "bool", run, None

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        if isinstance(node.op, ast.Not):
            _, fn, _ = self._expect(node.operand, "bool", depth, "not")
            return "bool", lambda ctx, f=fn: np.logical_not(f(ctx)), None
        if isinstance(node.op, ast.USub | ast.UAdd):
            _, fn, const = self._expect(node.operand, "num", depth, "a sign")
            if isinstance(node.op, ast.UAdd):
                return "num", fn, const
            if const is not None:
                return "num", lambda ctx, v=-const: v, -const
            return "num", lambda ctx, f=fn: np.negative(f(ctx)), None
        raise self.fail(node, "the ~ operator is not allowed")

    def _BinOp(self, node: ast.BinOp, depth: int) -> Node:
        entry = _ARITH.get(type(node.op))
        if entry is None:
            sym = {ast.Pow: "**", ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|",
                   ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
                   ast.MatMult: "@"}.get(type(node.op), "this operator")
            raise self.fail(node, f"the {sym} operator is not allowed (use + - * / %)")
        sym, op = entry
        _, left, lconst = self._expect(node.left, "num", depth, sym)
        _, right, rconst = self._expect(node.right, "num", depth, sym)
        col = self._operator_col(node, sym)
        if lconst is not None and rconst is not None:  # constant: compute it now, once
            try:
                with np.errstate(**ERRSTATE):
                    value = float(op(np.float64(lconst), np.float64(rconst)))
            except (FloatingPointError, OverflowError) as exc:
                raise ExprError(overflow_message(sym, exc).replace(" while playing", ""),
                                col) from None
            return "num", lambda ctx, v=value: v, value
        self.arithmetic = True

        def run(ctx: Any, a=left, b=right, o=op) -> Any:
            try:
                return o(a(ctx), b(ctx))
            except FloatingPointError as exc:
                raise ExprOverflow(overflow_message(sym, exc), col) from None

        return "num", run, None

    def _operator_col(self, node: ast.BinOp, sym: str) -> int:
        """Offset of the operator of `node` in the expression text (the operation's start
        where the text cannot be followed, e.g. over several lines)."""
        start = self.offset + node.col_offset
        if (node.lineno == node.end_lineno == 1 and node.left.end_col_offset is not None
                and self.text is not None):
            lo = self.offset + node.left.end_col_offset
            hi = self.offset + node.right.col_offset
            found = self.text.find(sym, lo, hi)
            if found >= 0:
                return found
        return start

    def _Compare(self, node: ast.Compare, depth: int) -> Node:
        operands = [node.left, *node.comparators]
        built = [self.build(o, depth) for o in operands]
        steps = []
        for i, op in enumerate(node.ops):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise self.fail(node, "only < <= > >= == != comparisons are allowed")
            lk, rk = built[i][0], built[i + 1][0]
            if (lk == "bool" or rk == "bool") and type(op) not in (ast.Eq, ast.NotEq):
                raise self.fail(operands[i], f"cannot use {_COMPARE_SYMBOL[type(op)]} "
                                             "on a condition")
            if lk != rk:
                raise self.fail(operands[i], "cannot compare a condition with a number")
            steps.append((fn, built[i][1], built[i + 1][1]))

        def run(ctx: Any, steps=tuple(steps)) -> Any:
            out = None
            for fn, a, b in steps:
                part = fn(a(ctx), b(ctx))
                out = part if out is None else np.logical_and(out, part)
            return out

        return "bool", run, None

    def _IfExp(self, node: ast.IfExp, depth: int) -> Node:
        _, test, _ = self._expect(node.test, "bool", depth, "if")
        kind, body, _ = self.build(node.body, depth)
        other_kind, orelse, _ = self.build(node.orelse, depth)
        if kind != other_kind:
            raise self.fail(node, "both branches of 'x if c else y' must be of one kind")
        return kind, lambda ctx, t=test, a=body, b=orelse: np.where(t(ctx), a(ctx), b(ctx)), None

    def _expect(self, node: ast.AST, kind: Kind, depth: int, where: str) -> Node:
        built = self.build(node, depth)
        if built[0] != kind:
            want = "a condition" if kind == "bool" else "a number"
            raise self.fail(node, f"{where} needs {want} here")
        return built

    # function calls -------------------------------------------------------------------------
    def _Call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the scenario functions can be called, by name")
        name = node.func.id
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise self.fail(node, f"unknown function '{name}'{did_you_mean(name, FUNCTIONS)}")
        if node.keywords:
            raise self.fail(node, f"{name}() takes no keyword arguments")
        if name in _RANDOM and not self.names.random:
            raise self.fail(node, f"{name}() draws at random: it is allowed in events, effects "
                                  "and politics rules, not in a side's decision rules, an "
                                  "authority's approvals, outcomes or scoring")
        args = node.args
        if spec.variadic:
            if len(args) < 2:
                raise self.fail(node, f"{name}() needs at least two arguments")
            kinds = ("num",) * len(args)
        else:
            if len(args) != len(spec.args):
                raise self.fail(node, f"{name}() takes {len(spec.args)} argument"
                                      f"{'s' if len(spec.args) != 1 else ''}, got {len(args)}")
            kinds = spec.args
        values: list[Any] = []
        item: str | None = None
        for arg, want in zip(args, kinds, strict=True):
            if want in ("num", "bool"):
                values.append(self._expect(arg, want, depth, f"{name}()")[1])
                continue
            ident = _identifier(arg)
            if ident is None:
                raise self.fail(arg, f"{name}() expects the name of {_ARTICLE[want]} here")
            values.append(self._resolve(arg, ident, want, item))
            if want == "item":
                item = ident
        return spec.returns, _IMPLEMENT[name](self, node, *values), None

    def _resolve(self, node: ast.AST, ident: str, want: str, item: str | None) -> Any:
        names = self.names
        if want == "item":
            table = names.items
        elif want == "event":
            table = names.events
        elif want == "side":
            table = SIDE_INDEX
        elif want == "position":
            table = names.positions[item] if item else {}
        elif want == "posture":
            table = {}
        else:
            raise self.fail(node, f"unexpected argument kind {want}")
        if want == "posture":
            return ident  # resolved against the side by the implementation
        if ident not in table:
            raise self.fail(node, f"unknown {want} '{ident}'{did_you_mean(ident, table)}")
        if want == "event" and names.side is not None:
            vis = names.event_visibility[ident]
            if vis not in ("public", names.side):
                raise self.fail(node, f"the {names.side} side cannot see event '{ident}'")
        return table[ident]

    def own_side_only(self, node: ast.AST, side: int, what: str) -> None:
        if self.names.side is not None and SIDE_INDEX[self.names.side] != side:
            raise self.fail(node, f"the {self.names.side} side cannot see the other side's "
                                  f"{what}")


_ARTICLE = {"item": "an agenda item", "event": "an event", "side": "a side (unc or communist)",
            "position": "a position of that item", "posture": "a posture"}


def _identifier(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _forbidden(node: ast.AST) -> str:
    what = {
        "Attribute": "attribute access (a.b) is not allowed",
        "Subscript": "indexing (a[b]) is not allowed",
        "Lambda": "lambda is not allowed", "ListComp": "comprehensions are not allowed",
        "GeneratorExp": "comprehensions are not allowed", "List": "lists are not allowed",
        "Tuple": "tuples are not allowed", "Dict": "dictionaries are not allowed",
        "Set": "sets are not allowed", "JoinedStr": "f-strings are not allowed",
        "NamedExpr": "assignment (:=) is not allowed", "Starred": "* is not allowed",
        "Await": "await is not allowed", "Yield": "yield is not allowed",
    }.get(type(node).__name__)
    return what or f"{type(node).__name__} is not allowed in an expression"


# implementations: each returns a closure over the context --------------------------------------
def _status_is(code: int) -> Callable[..., Callable[[Any], Any]]:
    return lambda b, node, i: (lambda ctx: ctx.status[i] == code)


def _is_open(b: _Builder, node: ast.AST, i: int) -> Callable[[Any], Any]:
    return lambda ctx: (ctx.status[i] == OPEN) | (ctx.status[i] == DEADLOCKED)


def _agreed_at(b: _Builder, node: ast.AST, i: int, p: int) -> Callable[[Any], Any]:
    return lambda ctx: (ctx.status[i] == AGREED) & (ctx.agreed_pos[i] == p)


def _position(b: _Builder, node: ast.AST, i: int, s: int) -> Callable[[Any], Any]:
    return lambda ctx: ctx.pos[s, i].astype(np.float64)


def _rung(b: _Builder, node: ast.AST, i: int, p: int) -> Callable[[Any], Any]:
    value = float(p)
    return lambda ctx: value


def _gap(b: _Builder, node: ast.AST, i: int) -> Callable[[Any], Any]:
    return lambda ctx: np.maximum(ctx.pos[1, i] - ctx.pos[0, i], 0).astype(np.float64)


def _authority(b: _Builder, node: ast.AST, i: int, s: int) -> Callable[[Any], Any]:
    b.own_side_only(node, s, "authority")
    return lambda ctx: ctx.auth[s, i].astype(np.float64)


def _requested(b: _Builder, node: ast.AST, i: int, s: int) -> Callable[[Any], Any]:
    b.own_side_only(node, s, "requests")
    return lambda ctx: ctx.req_pos[s, i] >= 0


def _stalled(b: _Builder, node: ast.AST, i: int) -> Callable[[Any], Any]:
    return lambda ctx: ctx.stall[i].astype(np.float64)


def _since_agreed(b: _Builder, node: ast.AST, i: int) -> Callable[[Any], Any]:
    return lambda ctx: np.where(ctx.agreed_turn[i] >= 0, ctx.turn - ctx.agreed_turn[i], NEVER)


def _all_agreed(b: _Builder, node: ast.AST) -> Callable[[Any], Any]:
    return lambda ctx: np.all(ctx.status == AGREED, axis=0)


def _agreed_count(b: _Builder, node: ast.AST) -> Callable[[Any], Any]:
    return lambda ctx: np.count_nonzero(ctx.status == AGREED, axis=0).astype(np.float64)


def _recess(b: _Builder, node: ast.AST) -> Callable[[Any], Any]:
    return lambda ctx: ctx.talks == 1


def _recessed_by(b: _Builder, node: ast.AST, s: int) -> Callable[[Any], Any]:
    return lambda ctx: (ctx.talks == 1) & (ctx.recess_by == s)


def _recess_turns(b: _Builder, node: ast.AST) -> Callable[[Any], Any]:
    return lambda ctx: ctx.recess_turns.astype(np.float64)


def _fired(b: _Builder, node: ast.AST, e: int) -> Callable[[Any], Any]:
    return lambda ctx: ctx.event_count[e] > 0


def _times_fired(b: _Builder, node: ast.AST, e: int) -> Callable[[Any], Any]:
    return lambda ctx: ctx.event_count[e].astype(np.float64)


def _turns_since(b: _Builder, node: ast.AST, e: int) -> Callable[[Any], Any]:
    return lambda ctx: np.where(ctx.event_last[e] >= 0, ctx.turn - ctx.event_last[e], NEVER)


def _posture(b: _Builder, node: ast.AST, s: int, posture: str) -> Callable[[Any], Any]:
    b.own_side_only(node, s, "posture")
    side = "unc" if s == 0 else "communist"
    table = b.names.postures[side]
    if posture not in table:
        raise b.fail(node, f"unknown {side} posture '{posture}'{did_you_mean(posture, table)}")
    p = table[posture]
    return lambda ctx: ctx.posture[s] == p


def _minmax(op: Callable[[Any, Any], Any]) -> Callable[..., Callable[[Any], Any]]:
    def make(b: _Builder, node: ast.AST, *fns: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(ctx: Any) -> Any:
            out = fns[0](ctx)
            for f in fns[1:]:
                out = op(out, f(ctx))
            return out
        return run
    return make


def _abs(b: _Builder, node: ast.AST, f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda ctx: np.abs(f(ctx))


def _clip(b: _Builder, node: ast.AST, x: Any, lo: Any, hi: Any) -> Callable[[Any], Any]:
    return lambda ctx: np.minimum(np.maximum(x(ctx), lo(ctx)), hi(ctx))


def _guarded(b: _Builder, node: ast.AST, name: str,
             fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A random function's arithmetic, reported at the call if it overflows."""
    b.arithmetic = True
    col = b.offset + getattr(node, "col_offset", 0)

    def run(ctx: Any) -> Any:
        try:
            return fn(ctx)
        except FloatingPointError as exc:
            raise ExprOverflow(overflow_message(f"{name}()", exc), col) from None
    return run


def _uniform(b: _Builder, node: ast.AST, lo: Any, hi: Any) -> Callable[[Any], Any]:
    site = b.names.new_site()
    # NumPy's operators, not Python's: on two plain floats Python overflows to inf silently
    return _guarded(b, node, "uniform", lambda ctx: np.add(lo(ctx), np.multiply(
        np.subtract(hi(ctx), lo(ctx)), ctx.uniform(site))))


def _normal(b: _Builder, node: ast.AST, mean: Any, sd: Any) -> Callable[[Any], Any]:
    site = b.names.new_site()
    return _guarded(b, node, "normal",
                    lambda ctx: np.add(mean(ctx), np.multiply(sd(ctx), ctx.normal(site))))


def _chance(b: _Builder, node: ast.AST, p: Any) -> Callable[[Any], Any]:
    site = b.names.new_site()
    return lambda ctx: ctx.uniform(site) < p(ctx)


_IMPLEMENT: dict[str, Callable[..., Callable[[Any], Any]]] = {
    "agreed": _status_is(AGREED), "deadlocked": _status_is(DEADLOCKED),
    "pending": _status_is(PENDING), "is_open": _is_open, "agreed_at": _agreed_at,
    "position": _position, "rung": _rung, "gap": _gap, "authority": _authority,
    "requested": _requested, "stalled": _stalled, "turns_since_agreed": _since_agreed,
    "all_agreed": _all_agreed, "agreed_count": _agreed_count, "recess": _recess,
    "recessed_by": _recessed_by, "recess_turns": _recess_turns, "fired": _fired,
    "times_fired": _times_fired, "turns_since": _turns_since, "posture": _posture,
    "min": _minmax(np.minimum), "max": _minmax(np.maximum), "abs": _abs, "clip": _clip,
    "uniform": _uniform, "normal": _normal, "chance": _chance,
}
assert set(_IMPLEMENT) == set(FUNCTIONS)
