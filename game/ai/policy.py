"""The policy contract: `choose(view, legal, rng) -> orders`.

A policy sees a side's `View` (never the State), the legal orders, and a random stream of its
own. It decides for a whole batch of games at once, and explains each decision in a sentence
(`Orders.rationale`, filled for small batches).
"""

from __future__ import annotations

from typing import Protocol

from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng
from game.engine.view import View
from game.scenario.compiled import CompiledScenario


class Policy(Protocol):
    name: str

    def reads(self) -> frozenset[int] | None:
        """The variable rows this policy reads from its view (None: all it can see)."""
        ...

    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        ...


def make_policy(name: str, sc: CompiledScenario, side: int) -> Policy:
    """A policy by its command-line name."""
    from game.ai.historical import HistoricalPolicy
    from game.ai.random_policy import RandomPolicy

    table: dict[str, type] = {"historical": HistoricalPolicy, "random": RandomPolicy}
    if name not in table:
        raise ValueError(f"unknown AI policy '{name}'; choose one of: {', '.join(POLICIES)}")
    return table[name](sc, side)


POLICIES = ("historical", "random")
