"""The historical policy: the scenario's `behaviour` rules for a side, read top to bottom.

For each kind of order (posture, talks, package, each item's action, each item's request) the
first rule whose condition holds on the side's view — and whose order is legal — decides. The
rules are the historical actors' decision rules written as conditions on what they could know,
so the same rules react to a different war differently.
"""

from __future__ import annotations

import numpy as np

from game.ai.policy import EXPLAIN_UP_TO
from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng
from game.engine.view import View
from game.scenario.compiled import CompiledRule, CompiledScenario
from game.vocab import ACCEPT, CONCEDE, NO_TALKS, OFFER


class HistoricalPolicy:
    name = "historical"

    def __init__(self, sc: CompiledScenario, side: int) -> None:
        self.sc = sc
        self.side = side
        self.rules: list[CompiledRule] = sc.rules[side]
        names: set[str] = set()
        for rule in self.rules:
            names |= rule.when.reads
        self._reads = frozenset(sc.var_index[n] for n in names)

    def reads(self) -> frozenset[int] | None:
        return self._reads

    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        n = view.n
        sc = self.sc
        ni = len(sc.item_ids)
        orders = Orders.hold(ni, n)
        orders.posture = np.argmax(legal.posture, axis=0).astype(np.int16)
        free_posture = np.ones(n, dtype=bool)
        free_talks = np.ones(n, dtype=bool)
        free_package = np.ones(n, dtype=bool)
        free_item = np.ones((ni, n), dtype=bool)
        free_request = np.ones((ni, n), dtype=bool)
        explain = n <= EXPLAIN_UP_TO
        reasons: list[list[str]] = [[] for _ in range(n)] if explain else []
        for rule in self.rules:
            hit = rule.when.mask(view, n)
            if rule.probability < 1.0:
                hit = hit & (rng.uniform(view.turn, rule.site) < rule.probability)
            if not hit.any():
                continue
            if rule.kind == "posture":
                take = hit & free_posture & legal.posture[rule.arg]
                orders.posture = np.where(take, rule.arg, orders.posture).astype(np.int16)
                free_posture &= ~take
            elif rule.kind == "talks":
                take = hit & free_talks & legal.talks[rule.arg]
                orders.talks = np.where(take, rule.arg, orders.talks).astype(np.int8)
                free_talks &= ~take
            elif rule.kind == "package":
                take = hit & free_package & legal.package[rule.arg]
                orders.package = np.where(take, rule.arg, orders.package).astype(np.int16)
                free_package &= ~take
            elif rule.kind == "request":
                i = rule.item
                ok = (rule.arg >= legal.request_lo[i]) & (rule.arg <= legal.request_hi[i])
                take = hit & free_request[i] & ok
                orders.request[i] = np.where(take, rule.arg, orders.request[i])
                free_request[i] &= ~take
            else:
                i = rule.item
                ok = self._legal_action(rule, legal, i)
                take = hit & free_item[i] & ok
                orders.action[i] = np.where(take, rule.action, orders.action[i])
                if rule.action == OFFER:
                    orders.arg[i] = np.where(take, rule.arg, orders.arg[i])
                free_item[i] &= ~take
            if explain and rule.rationale:
                for k in np.flatnonzero(take):
                    reasons[k].append(rule.rationale)
        if explain:
            orders.rationale = [" ".join(x if x.endswith((".", "!", "?")) else x + "."
                                         for x in dict.fromkeys(r)) for r in reasons]
        orders.talks = np.where(orders.talks >= 0, orders.talks, NO_TALKS).astype(np.int8)
        return orders

    @staticmethod
    def _legal_action(rule: CompiledRule, legal: Legal, i: int) -> np.ndarray:
        if rule.action == CONCEDE:
            return legal.concede[i]
        if rule.action == ACCEPT:
            return legal.accept[i]
        if rule.action == OFFER:
            return legal.item_open[i] & (rule.arg >= legal.offer_lo[i]) & (
                rule.arg <= legal.offer_hi[i])
        return legal.item_open[i]
