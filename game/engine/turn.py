"""One turn: `resolve_turn(scenario, state, orders) -> (state, news)`, the only way a game
changes.

The phases run in a fixed order: orders are checked → events → fighting → the table →
politics → endings → the calendar moves on. The function does not modify its input state, so a
caller can keep the state before the turn (a replay, the AI's look-ahead). The phases write
their news to a buffer handed to them, which the function returns; nothing of it lives on the
state.
"""

from __future__ import annotations

import numpy as np

from game.engine.agenda import resolve_table
from game.engine.events import resolve_events, resolve_politics
from game.engine.fighting import resolve_fighting
from game.engine.log import Entry, News
from game.engine.orders import Legal, Orders, legal_orders, sanitize
from game.engine.state import State
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import Diagnostic, ScenarioRuntimeError
from game.scenario.expr import ERRSTATE


def posture_allowed(sc: CompiledScenario, state: State, side: int) -> np.ndarray:
    """(postures, N): which postures the side may order now. Their conditions read only what
    the side knows exactly, so this is the same whether computed on the truth or on its view."""
    whens = sc.postures[side].when
    return np.stack([w.mask(state, state.n) for w in whens])


def legal(sc: CompiledScenario, state: State, side: int) -> Legal:
    return legal_orders(sc, side, state, posture_allowed(sc, state, side))


def resolve_turn(sc: CompiledScenario, state: State, orders: tuple[Orders, Orders], *,
                 inject: tuple[int, ...] = (), news: bool = True
                 ) -> tuple[State, list[Entry]]:
    """Resolve one turn of every active game; return the new state and the turn's news.

    `orders` are the UN Command's and the Communist side's orders; anything illegal in them is
    replaced by holding. `inject` lists events an instructor forces this turn. With
    `news=False` (a large batch: simulate, the AI's look-ahead) no news is written and the
    list is empty.
    """
    buffer = News(state.turn, sc.date_of(state.turn).isoformat()) if news else None
    state = state.copy()
    # Arithmetic that overflows raises (see ERRSTATE) and is reported at the scenario's
    # expression or value as a ScenarioRuntimeError; NumPy never prints a warning.
    with np.errstate(**ERRSTATE):
        checked = (sanitize(orders[0], legal(sc, state, 0), 0),
                   sanitize(orders[1], legal(sc, state, 1), 1))
        live = state.active
        for s in (0, 1):
            state.posture[s] = np.where(live, checked[s].posture, state.posture[s])
        resolve_events(sc, state, buffer, inject)
        try:
            resolve_fighting(sc, state, buffer)
        except FloatingPointError:
            raise _section_error(sc, "fighting", "arithmetic overflow while playing: the "
                                 "fighting phase's numbers grew too large to compute; make "
                                 "its parameters (and fortification_halving's ratio to the "
                                 "fortification) more moderate") from None
        resolve_table(sc, state, checked, buffer)
        resolve_politics(sc, state, buffer)
        _endings(sc, state, buffer)
    state.recess_turns = np.where(live & (state.talks == 1), state.recess_turns + 1,
                                  state.recess_turns).astype(np.int16)
    state.turn += 1
    state.day += sc.turn_days
    return state, buffer.entries if buffer is not None else []


def _section_error(sc: CompiledScenario, section: str, message: str) -> ScenarioRuntimeError:
    line, col = sc.sections.get(section, (1, 1))
    return ScenarioRuntimeError([Diagnostic(sc.path, line, col, message)])


def _endings(sc: CompiledScenario, state: State, news: News | None) -> None:
    """End the games whose outcome condition holds (first in the scenario's order wins)."""
    last = state.turn + 1 >= sc.turns
    undecided = state.active.copy()
    for outcome in sc.outcomes:
        if outcome.at_end and not last:
            continue
        if not undecided.any():
            break
        hit = undecided & outcome.when.mask(state, state.n)
        state.outcome = np.where(hit, outcome.index, state.outcome).astype(np.int16)
        undecided &= ~hit
    if last and undecided.any():  # the calendar has run out: the first at-end outcome
        fallback = next(o.index for o in sc.outcomes if o.at_end)
        state.outcome = np.where(undecided, fallback, state.outcome).astype(np.int16)
    ended = state.active & (state.outcome >= 0)
    if not ended.any():
        return
    state.end_turn = np.where(ended, state.turn, state.end_turn).astype(np.int16)
    for s, expr in enumerate(sc.scoring):
        state.score[s] = np.where(ended, expr.values(state, state.n), state.score[s])
    state.active = state.active & ~ended
    if news is not None:
        for k in np.flatnonzero(ended):
            model = sc.model.outcomes[int(state.outcome[k])]
            news.add_one(int(k), "public", "outcome", f"{model.title}. {model.epilogue}".strip())

