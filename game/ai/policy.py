"""The policy contract: `choose(view, legal, rng) -> orders`.

A policy sees a side's `View` (never the State), the legal orders, and a random stream of its
own. It decides for a whole batch of games at once, and explains each decision in a sentence
(`Orders.rationale`, filled for small batches).
"""

from __future__ import annotations

from typing import Protocol

from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng
from game.engine.state import State
from game.engine.view import View
from game.scenario.compiled import CompiledScenario

EXPLAIN_UP_TO = 64  # policies write their one-sentence reasons only for batches this small


class Policy(Protocol):
    name: str

    def reads(self) -> frozenset[int] | None:
        """The variable rows this policy reads from its view (None: all it can see)."""
        ...

    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        ...


def play_turns(sc: CompiledScenario, state: State, policies: tuple[Policy, Policy],
               rngs: tuple[CounterRng, CounterRng], turns: int) -> State:
    """Play up to `turns` turns of every game in `state`, each side choosing by its policy from
    its own view, until no game is left."""
    from game.engine.turn import legal, resolve_turn
    from game.engine.view import side_view

    for _ in range(turns):
        if not state.active.any():
            break
        orders = tuple(
            policies[s].choose(side_view(sc, state, s, policies[s].reads()),
                               legal(sc, state, s), rngs[s])
            for s in (0, 1))
        state, _ = resolve_turn(sc, state, orders, news=False)  # type: ignore[arg-type]
    return state


def make_policy(name: str, sc: CompiledScenario, side: int) -> Policy:
    """A policy by its command-line name (`lookahead-easy` / `lookahead-hard` set the level)."""
    from game.ai.heuristic import HeuristicPolicy
    from game.ai.historical import HistoricalPolicy
    from game.ai.lookahead import LookaheadPolicy
    from game.ai.random_policy import RandomPolicy

    if name not in POLICIES:
        raise ValueError(f"unknown AI policy '{name}'; choose one of: {', '.join(POLICIES)}")
    if name.startswith("lookahead"):
        level = name.partition("-")[2] or "normal"
        return LookaheadPolicy(sc, side, level)
    table: dict[str, type] = {"historical": HistoricalPolicy, "heuristic": HeuristicPolicy,
                              "random": RandomPolicy}
    return table[name](sc, side)


POLICIES = ("historical", "heuristic", "lookahead", "lookahead-easy", "lookahead-hard", "random")
