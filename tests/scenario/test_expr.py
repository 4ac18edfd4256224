"""Unit tests of the scenario expression compiler (game.scenario.expr) on a tiny fake game.

The fake context holds N = 4 games side by side, so every test also checks that a compiled
expression works element-wise over a batch.
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.expr import (
    AGREED,
    DEADLOCKED,
    FUNCTIONS,
    MAX_DEPTH,
    NEVER,
    OPEN,
    PENDING,
    Compiled,
    ExprError,
    Names,
    compile_expr,
)

N = 4
VARIABLES = {"support": 0, "pressure": 1, "resolve": 2}
ITEMS = {"agenda": 0, "line": 1}
POSITIONS = {"agenda": {"narrow": 0, "middle": 1, "wide": 2},
             "line": {"contact": 0, "parallel": 1}}
EVENTS = {"incident": 0, "briefing": 1, "secret": 2, "report": 3}
VISIBILITY = {"incident": "public", "briefing": "unc", "secret": "communist",
              "report": "debrief"}
POSTURES = {"unc": {"defend": 0, "attack": 1}, "communist": {"dig_in": 0, "hold": 1}}


def names(side: str | None = None, visible: set[str] | None = None, random: bool = False,
          extra: dict[str, Any] | None = None) -> Names:
    return Names(variables=VARIABLES, items=ITEMS, positions=POSITIONS, events=EVENTS,
                 event_visibility=VISIBILITY, postures=POSTURES, side=side, visible=visible,
                 random=random, extra=extra or {})


def i16(rows: list[list[int]] | list[list[list[int]]]) -> np.ndarray:
    return np.array(rows, dtype=np.int16)


@dataclass
class FakeContext:
    """Four games. Item `agenda`: agreed in game 0 (at rung 1, turn 2), open in 1, deadlocked
    in 2, pending in 3. Item `line`: agreed in games 0-2, open in 3."""

    turn: int = 6
    day: int = 90
    vars: np.ndarray = field(default_factory=lambda: np.array(
        [[50.0, 30.0, 10.0, 0.0], [1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 10.0, 10.0]]))
    status: np.ndarray = field(default_factory=lambda: np.array(
        [[AGREED, OPEN, DEADLOCKED, PENDING], [AGREED, AGREED, AGREED, OPEN]], dtype=np.int8))
    pos: np.ndarray = field(default_factory=lambda: i16(
        [[[1, 0, 0, 0], [0, 0, 0, 1]], [[1, 2, 1, 2], [0, 0, 0, 1]]]))
    auth: np.ndarray = field(default_factory=lambda: i16(
        [[[1, 1, 2, 0], [1, 1, 1, 1]], [[1, 1, 0, 2], [0, 0, 0, 0]]]))
    stall: np.ndarray = field(default_factory=lambda: i16([[0, 1, 5, 0], [0, 0, 0, 3]]))
    agreed_turn: np.ndarray = field(default_factory=lambda: i16([[2, -1, -1, -1],
                                                                 [1, 3, 6, -1]]))
    agreed_pos: np.ndarray = field(default_factory=lambda: i16([[1, -1, -1, -1],
                                                                [0, 1, 0, -1]]))
    req_pos: np.ndarray = field(default_factory=lambda: i16(
        [[[-1, 2, -1, -1], [-1, -1, -1, -1]], [[-1, -1, 0, -1], [-1, -1, -1, 0]]]))
    talks: np.ndarray = field(default_factory=lambda: np.array([0, 1, 1, 0], dtype=np.int8))
    recess_by: np.ndarray = field(default_factory=lambda: np.array([-1, 0, 1, -1],
                                                                   dtype=np.int8))
    recess_turns: np.ndarray = field(default_factory=lambda: i16([[0, 2, 5, 0]])[0])
    event_count: np.ndarray = field(default_factory=lambda: i16(
        [[0, 1, 3, 0], [0, 0, 0, 1], [1, 1, 1, 1], [0, 0, 0, 0]]))
    event_last: np.ndarray = field(default_factory=lambda: i16(
        [[-1, 4, 6, -1], [-1, -1, -1, 0], [1, 1, 1, 1], [-1, -1, -1, -1]]))
    posture: np.ndarray = field(default_factory=lambda: np.array([[0, 1, 1, 0], [1, 0, 1, 0]],
                                                                 dtype=np.int8))
    sites: list[tuple[str, int]] = field(default_factory=list)

    def uniform(self, site: int) -> np.ndarray:
        self.sites.append(("uniform", site))
        return np.array([0.1, 0.4, 0.6, 0.9])

    def normal(self, site: int) -> np.ndarray:
        self.sites.append(("normal", site))
        return np.array([-1.0, 0.0, 0.5, 2.0])


def run(text: str, kind: str = "num", **kw: Any) -> np.ndarray:
    """Compile `text` with the default names (or `names(**kw)`), evaluate it on the fake games
    and return one value per game."""
    compiled = compile_expr(text, names(**kw), kind)  # type: ignore[arg-type]
    ctx = FakeContext()
    return compiled.mask(ctx, N) if kind == "bool" else compiled.values(ctx, N)


def error(text: str, kind: str = "num", **kw: Any) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(text, names(**kw), kind)  # type: ignore[arg-type]
    return info.value


def same(actual: np.ndarray, expected: list[float] | list[bool]) -> None:
    assert np.asarray(actual).shape == (N,)
    np.testing.assert_array_equal(actual, np.array(expected))


# -- arithmetic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("1 + 2 * 3", 7.0),
    ("(1 + 2) * 3", 9.0),
    ("10 - 4 - 3", 3.0),  # left-associative
    ("24 / 4 / 2", 3.0),
    ("-2 * 3 + 10 % 4", -4.0),
    ("7 % 3 * 2", 2.0),
    ("+5 - -5", 10.0),
    ("-(1 + 2)", -3.0),
    ("2.5 * 4", 10.0),
    ("1 if true else 2", 1.0),
    ("1 if 2 > 3 else 2", 2.0),
])
def test_arithmetic_and_precedence(text: str, value: float) -> None:
    same(run(text), [value] * N)


def test_arithmetic_on_variables_is_per_game() -> None:
    same(run("support + 2 * pressure"), [52.0, 34.0, 16.0, 8.0])
    same(run("(support - resolve) / 10"), [4.0, 2.0, 0.0, -1.0])
    same(run("-pressure"), [-1.0, -2.0, -3.0, -4.0])
    same(run("turn * 10 + day"), [150.0] * N)
    same(run("pressure if support > 20 else 0"), [1.0, 2.0, 0.0, 0.0])


def test_a_negative_literal_is_a_constant() -> None:
    assert compile_expr("-3", names(), "num").constant == -3.0
    assert compile_expr("true", names(), "bool").constant is True


def test_division_and_modulo_by_zero_give_zero() -> None:
    same(run("5 / 0"), [0.0] * N)
    same(run("5 % 0"), [0.0] * N)
    same(run("support / 0"), [0.0] * N)
    same(run("12 / (pressure - 2)"), [-12.0, 0.0, 12.0, 6.0])
    same(run("support % (pressure - 2)"), [0.0, 0.0, 0.0, 0.0])
    same(run("support / (resolve - 10)"), [0.0] * N)
    with np.errstate(all="raise"):  # no inf or NaN is ever computed and thrown away
        assert np.all(np.isfinite(run("support / (pressure - 2) + 1 / (resolve - resolve)")))


# -- comparisons and logic -----------------------------------------------------------------------


def test_comparisons() -> None:
    same(run("pressure > 2", "bool"), [False, False, True, True])
    same(run("pressure >= 2", "bool"), [False, True, True, True])
    same(run("pressure < 2", "bool"), [True, False, False, False])
    same(run("pressure <= 2", "bool"), [True, True, False, False])
    same(run("pressure == 2", "bool"), [False, True, False, False])
    same(run("pressure != 2", "bool"), [True, False, True, True])
    same(run("agreed(agenda) == is_open(line)", "bool"), [False, True, True, False])
    same(run("agreed(line) != true", "bool"), [False, False, False, True])


def test_chained_comparisons_hold_pairwise() -> None:
    same(run("1 < pressure < 4", "bool"), [False, True, True, False])
    same(run("1 <= pressure <= 4 < support", "bool"), [True, True, True, False])
    same(run("support > resolve > pressure", "bool"), [True, True, False, False])
    # "a < b > c" is "a < b and b > c", not "(a < b) > c"
    same(run("0 < pressure > 2", "bool"), [False, False, True, True])


def test_and_or_not_over_several_games() -> None:
    same(run("pressure > 1 and support > 5", "bool"), [False, True, True, False])
    same(run("pressure > 3 or support > 40", "bool"), [True, False, False, True])
    same(run("not pressure > 2", "bool"), [True, True, False, False])
    same(run("not (pressure > 1 and support > 5)", "bool"), [True, False, False, True])
    same(run("pressure > 3 or pressure < 2 and support > 100", "bool"),
         [False, False, False, True])  # and binds tighter than or
    same(run("true and pressure > 1 and support > 5 and not false", "bool"),
         [False, True, True, False])
    same(run("false or pressure == 1 or pressure == 4", "bool"), [True, False, False, True])
    same(run("True and not False", "bool"), [True] * N)


# -- functions -----------------------------------------------------------------------------------

# Every function in FUNCTIONS, with an expression using it and its value in each fake game.
EXAMPLES: dict[str, list[tuple[str, list[Any]]]] = {
    "agreed": [("agreed(agenda)", [True, False, False, False]),
               ("agreed('line')", [True, True, True, False])],
    "agreed_at": [("agreed_at(agenda, middle)", [True, False, False, False]),
                  ("agreed_at(line, contact)", [True, False, True, False])],
    "is_open": [("is_open(agenda)", [False, True, True, False])],
    "deadlocked": [("deadlocked(agenda)", [False, False, True, False])],
    "pending": [("pending(agenda)", [False, False, False, True])],
    "position": [("position(agenda, unc)", [1, 0, 0, 0]),
                 ("position(agenda, communist)", [1, 2, 1, 2])],
    "rung": [("rung(agenda, wide)", [2, 2, 2, 2]), ("rung(line, contact)", [0, 0, 0, 0])],
    "gap": [("gap(agenda)", [0, 2, 1, 2]), ("gap(line)", [0, 0, 0, 0])],
    "authority": [("authority(agenda, unc)", [1, 1, 2, 0]),
                  ("authority(agenda, communist)", [1, 1, 0, 2])],
    "requested": [("requested(agenda, unc)", [False, True, False, False]),
                  ("requested(agenda, communist)", [False, False, True, False])],
    "stalled": [("stalled(agenda)", [0, 1, 5, 0])],
    "turns_since_agreed": [("turns_since_agreed(agenda)", [4, NEVER, NEVER, NEVER]),
                           ("turns_since_agreed(line)", [5, 3, 0, NEVER])],
    "all_agreed": [("all_agreed()", [True, False, False, False])],
    "agreed_count": [("agreed_count()", [2, 1, 1, 0])],
    "recess": [("recess()", [False, True, True, False])],
    "recessed_by": [("recessed_by(unc)", [False, True, False, False]),
                    ("recessed_by(communist)", [False, False, True, False])],
    "recess_turns": [("recess_turns()", [0, 2, 5, 0])],
    "fired": [("fired(incident)", [False, True, True, False])],
    "times_fired": [("times_fired(incident)", [0, 1, 3, 0])],
    "turns_since": [("turns_since(incident)", [NEVER, 2, 0, NEVER]),
                    ("turns_since(briefing)", [NEVER, NEVER, NEVER, 6])],
    "posture": [("posture(unc, attack)", [False, True, True, False]),
                ("posture(communist, dig_in)", [False, True, False, True])],
    "min": [("min(support, 20)", [20, 20, 10, 0]),
            ("min(support, pressure * 10, 25)", [10, 20, 10, 0])],
    "max": [("max(support, 20)", [50, 30, 20, 20]),
            ("max(pressure, 2.5, resolve - 8)", [2.5, 2.5, 3, 4])],
    "abs": [("abs(pressure - 3)", [2, 1, 0, 1])],
    "clip": [("clip(support, 5, 40)", [40, 30, 10, 5])],
    "uniform": [("uniform(10, 20)", [11, 14, 16, 19])],
    "normal": [("normal(100, 10)", [90, 100, 105, 120])],
    "chance": [("chance(0.5)", [True, True, False, False]),
               ("chance(pressure / 8)", [True, False, False, False])],
}


def test_every_function_has_an_example() -> None:
    assert set(EXAMPLES) == set(FUNCTIONS)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(text, expected, id=text)
    for examples in EXAMPLES.values() for text, expected in examples
])
def test_function(text: str, expected: list[Any]) -> None:
    name = text.split("(", 1)[0]
    kind = FUNCTIONS[name].returns
    result = run(text, kind, random=True)
    if kind == "bool":
        assert result.dtype == np.bool_
        same(result, expected)
    else:
        np.testing.assert_allclose(result, np.array(expected, dtype=np.float64))


def test_functions_combine() -> None:
    same(run("agreed(line) and not agreed(agenda) and stalled(agenda) >= 1", "bool"),
         [False, True, True, False])
    same(run("position(agenda, communist) - position(agenda, unc) == gap(agenda)", "bool"),
         [True] * N)
    same(run("position(agenda, communist) <= authority(agenda, unc)", "bool"),
         [True, False, True, False])


def test_random_functions_draw_at_their_own_sites() -> None:
    compiled = compile_expr("uniform(0, 1) + uniform(0, 1) + normal(0, 1)",
                            names(random=True), "num")
    ctx = FakeContext()
    compiled(ctx)
    sites = [site for _, site in ctx.sites]
    assert len(set(sites)) == 3, ctx.sites  # two uniform() calls are two independent draws
    ctx2 = FakeContext()
    compiled(ctx2)
    assert ctx2.sites == ctx.sites  # the same sites every time it is evaluated


def test_extra_names_and_reads() -> None:
    compiled = compile_expr("settlement + support", names(extra={
        "settlement": lambda ctx: np.full(N, 3.0)}), "num")
    same(compiled.values(FakeContext(), N), [53.0, 33.0, 13.0, 3.0])
    assert compiled.reads == frozenset({"support"})
    assert compile_expr("pressure > resolve or turn > 3", names(), "bool").reads == {
        "pressure", "resolve"}


def test_compiled_keeps_its_text_and_kind() -> None:
    compiled = compile_expr("  support > 3", names(), "bool")
    assert isinstance(compiled, Compiled)
    assert compiled.text == "  support > 3" and compiled.kind == "bool"


# -- errors and kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind", "fragment"), [
    ("support", "bool", "expected a condition (true or false), but this is a number"),
    ("true", "num", "expected a number, but this is a condition"),
    ("agreed(agenda)", "num", "expected a number"),
    ("not support", "bool", "not needs a condition"),
    ("support and true", "bool", "and/or needs a condition"),
    ("true + 1", "num", "+ needs a number"),
    ("-true", "num", "a sign needs a number"),
    ("true < false", "bool", "cannot use < on a condition"),
    ("true == 1", "bool", "cannot compare a condition with a number"),
    ("1 if true else false", "num", "both branches"),
    ("1 if support else 2", "num", "if needs a condition"),
    ("abs(true)", "num", "abs() needs a number"),
    ("agreed(1)", "bool", "expects the name of an agenda item"),
    ("agreed(agenda, line)", "bool", "agreed() takes 1 argument, got 2"),
    ("all_agreed(agenda)", "bool", "all_agreed() takes 0 arguments, got 1"),
    ("clip(1, 2)", "num", "clip() takes 3 arguments, got 2"),
    ("min(1)", "num", "min() needs at least two arguments"),
    ("agreed(item=agenda)", "bool", "takes no keyword arguments"),
    ("agreed(agendaa)", "bool", "unknown item 'agendaa' (did you mean 'agenda'?)"),
    ("position(agenda, china)", "num", "unknown side 'china'"),
    ("rung(agenda, contact)", "num", "unknown position 'contact'"),
    ("fired(incidnet)", "bool", "unknown event 'incidnet' (did you mean 'incident'?)"),
    ("posture(unc, dig_in)", "bool", "unknown unc posture 'dig_in'"),
    ("suport > 1", "bool", "unknown name 'suport' (did you mean 'support'?)"),
    ("agenda", "bool", "'agenda' is an agenda item; use it inside a function"),
    ("incident", "bool", "'incident' is an event; use it inside a function"),
    ("stalld(agenda) > 1", "bool", "unknown function 'stalld' (did you mean 'stalled'?)"),
    ("support.real > 1", "bool", "attribute access"),
    ("().__class__", "bool", "attribute access"),
    ("support[0] > 1", "bool", "indexing"),
    ("lambda: true", "bool", "lambda is not allowed"),
    ("[x for x in (1, 2)]", "num", "comprehensions are not allowed"),
    ("support ** 2", "num", "the ** operator is not allowed"),
    ("support // 2", "num", "the // operator is not allowed"),
    ("~1", "num", "the ~ operator is not allowed"),
    ("support is 1", "bool", "only < <= > >= == != comparisons are allowed"),
    ("support < 'ten'", "bool", "text 'ten' is only allowed as a name"),
    ("__import__('os')", "num", "unknown function '__import__'"),
    ("(lambda: 1)()", "num", "only the scenario functions can be called"),
    ("(x := 1)", "num", "assignment (:=) is not allowed"),
    ("f'{support}'", "num", "f-strings are not allowed"),
    ("{1: 2}", "num", "dictionaries are not allowed"),
    ("1e999", "num", "number is too large"),
    ("1j", "num", "complex values are not allowed"),
    ("support >", "bool", "not a valid expression"),
    ("", "bool", "not a valid expression"),
    ("support = 1", "bool", "not a valid expression"),
])
def test_refused(text: str, kind: str, fragment: str) -> None:
    exc = error(text, kind, random=True)
    assert fragment in exc.message
    assert 0 <= exc.col <= len(text)


@pytest.mark.parametrize(("text", "at"), [
    ("support + nope", "nope"),
    ("   nope > 1", "nope"),  # leading blanks count
    ("agreed(agenda) and fired(nothing)", "nothing"),
    ("support > 1 and support.real > 1", "support.real"),
    ("1 + 2 * max(support, true)", "true"),
    ("support > 'x'", "'x'"),
])
def test_error_columns_point_at_the_problem(text: str, at: str) -> None:
    assert error(text, "bool").col == text.index(at)


def test_syntax_error_column_is_inside_the_expression() -> None:
    exc = error("  support < < 2", "bool")
    assert 2 <= exc.col <= len("  support < < 2")


@pytest.mark.parametrize("text", ["1and true", "support > 1or true", "0x1for"])
def test_no_python_warning_leaks_out(text: str) -> None:
    """Python's parser warns about e.g. '1and' (SyntaxWarning: invalid decimal literal); an
    author's expression must give an ExprError or compile, never print a Python warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(ExprError):
            compile_expr(text, names(), "bool")
    assert [str(w.message) for w in caught] == []


def test_not_a_string() -> None:
    assert "in quotes" in error(5, "num").message  # type: ignore[arg-type]


def test_a_huge_integer_literal_is_an_error_not_a_crash() -> None:
    text = "support < 1" + "0" * 400  # fits in 2000 characters, overflows a float
    exc = error(text, "bool")
    assert exc.col == text.index("1" + "0" * 400)


# -- a side's view ------------------------------------------------------------------------------

UNC_VIEW = {"side": "unc", "visible": {"support", "pressure"}}


def test_a_side_reads_only_what_it_sees() -> None:
    same(run("support > 20 and pressure < 3", "bool", **UNC_VIEW), [True, True, False, False])
    exc = error("support > 1 and resolve > 5", "bool", **UNC_VIEW)
    assert "'resolve' is not visible to the unc side" in exc.message
    assert exc.col == len("support > 1 and ")


@pytest.mark.parametrize(("text", "fragment"), [
    ("authority(agenda, communist) > 1", "cannot see the other side's authority"),
    ("requested(agenda, communist)", "cannot see the other side's requests"),
    ("posture(communist, hold)", "cannot see the other side's posture"),
    ("fired(secret)", "the unc side cannot see event 'secret'"),
    ("times_fired(report) > 0", "the unc side cannot see event 'report'"),
])
def test_a_side_cannot_read_the_other_sides_secrets(text: str, fragment: str) -> None:
    assert fragment in error(text, "bool", **UNC_VIEW).message


@pytest.mark.parametrize("text", [
    "authority(agenda, unc) > 1", "requested(agenda, unc)", "posture(unc, attack)",
    "fired(incident)", "fired(briefing)", "position(agenda, communist) > 1", "gap(line) > 0",
])
def test_a_side_reads_its_own_and_public_things(text: str) -> None:
    run(text, "bool", **UNC_VIEW)


def test_the_communist_side_sees_its_own_event_not_the_uncs() -> None:
    run("fired(secret)", "bool", side="communist", visible={"support"})
    assert "cannot see event 'briefing'" in error("fired(briefing)", "bool",
                                                  side="communist").message


def test_without_a_side_everything_is_readable() -> None:
    run("authority(agenda, communist) > resolve and fired(secret) and posture(communist, hold)"
        " and fired(report) and requested(line, unc)", "bool")


# -- randomness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["uniform(0, 1) > 0.5", "normal(0, 1) > 0", "chance(0.5)",
                                  "support > 1 and chance(0.5)"])
def test_random_functions_only_where_allowed(text: str) -> None:
    exc = error(text, "bool")
    assert "draws at random" in exc.message
    assert exc.col == text.index(text.split("(")[0].split()[-1])
    assert run(text, "bool", random=True).shape == (N,)


# -- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind", "fragment"), [
    pytest.param("(" * 5000 + "1" + ")" * 5000, "num", "longer than 2000",
                 id="5000-deep-parens"),
    pytest.param(" + ".join(["support"] * 300), "num", "longer than 2000", id="3000-characters"),
    pytest.param("(" * 990 + "1" + ")" * 990, "num", "", id="990-deep-parens"),
    pytest.param("-" * 1990 + "1", "num", "", id="1990-signs"),
    pytest.param("not " * 495 + "true", "bool", "", id="495-nots"),
    pytest.param("+".join(["1"] * 999), "num", "too long", id="999-terms"),
    pytest.param("abs(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5), "num", "deeply nested",
                 id="nested-calls"),
    pytest.param("1 if true else " * 80 + "1", "num", "deeply nested", id="nested-ifs"),
])
def test_limits_give_an_error_not_a_crash(text: str, kind: str, fragment: str) -> None:
    try:
        compile_expr(text, names(), kind)  # type: ignore[arg-type]
    except ExprError as exc:
        assert fragment in exc.message
    except RecursionError:  # pragma: no cover - the failure this test exists for
        pytest.fail("RecursionError instead of ExprError")
    else:
        pytest.fail("accepted an expression beyond the limits")


def test_limits_leave_room_for_real_expressions() -> None:
    text = " and ".join(f"(support > {k} or stalled(agenda) >= {k})" for k in range(12))
    assert len(text) < 2000
    assert run(text, "bool").shape == (N,)


# -- no input crashes the compiler ----------------------------------------------------------------

TOKENS = [
    "support", "pressure", "resolve", "turn", "day", "true", "false", "agenda", "line",
    "narrow", "contact", "unc", "communist", "incident", "secret", "attack", "hold", "nope",
    "agreed(", "agreed_at(", "position(", "rung(", "gap(", "authority(", "fired(",
    "posture(", "min(", "max(", "abs(", "clip(", "uniform(", "chance(", "all_agreed()",
    "(", ")", ",", " + ", " - ", " * ", " / ", " % ", " ** ", " < ", " <= ", " == ", " != ",
    " and ", " or ", "not ", " if ", " else ", "-", "0", "1", "2.5", "1e308", "'x'", ".", "[",
    "]", ":", "lambda ", " for ", " in ", "__class__", "\n", "\t", "\x00", "é", "\ud800",
]


def compiles_or_refuses(text: str, kind: str, **kw: Any) -> None:
    try:
        compiled = compile_expr(text, names(**kw), kind)  # type: ignore[arg-type]
    except ExprError as exc:
        assert isinstance(exc.message, str) and exc.message
        assert 0 <= exc.col <= max(len(text), 1), (text, exc.col)
        return
    ctx = FakeContext()
    with np.errstate(all="ignore"):
        out = compiled.mask(ctx, N) if kind == "bool" else compiled.values(ctx, N)
    assert np.shape(out) == (N,)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), kind=st.sampled_from(["num", "bool"]))
def test_arbitrary_text_compiles_or_raises_expr_error(text: str, kind: str) -> None:
    compiles_or_refuses(text, kind)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(TOKENS), max_size=40),
       kind=st.sampled_from(["num", "bool"]),
       side=st.sampled_from([None, "unc", "communist"]), random=st.booleans())
def test_token_soup_compiles_or_raises_expr_error(parts: list[str], kind: str,
                                                  side: str | None, random: bool) -> None:
    visible = None if side is None else {"support", "pressure"}
    compiles_or_refuses("".join(parts), kind, side=side, visible=visible, random=random)
