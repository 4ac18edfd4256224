"""A policy that picks uniformly among legal orders: a baseline and a fuzzer for the rules."""

from __future__ import annotations

import numpy as np

from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng
from game.engine.view import View
from game.scenario.compiled import CompiledScenario
from game.vocab import ACCEPT, CONCEDE, HOLD, OFFER


class RandomPolicy:
    name = "random"

    def __init__(self, sc: CompiledScenario, side: int) -> None:
        self.sc = sc
        self.side = side

    def reads(self) -> frozenset[int] | None:
        return frozenset()

    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        n = view.n
        ni = len(self.sc.item_ids)
        t = view.turn
        orders = Orders.hold(ni, n)
        # posture: a random legal one
        weights = np.where(legal.posture, _noise(rng, t, 2, legal), -1.0)
        orders.posture = np.argmax(weights, axis=0).astype(np.int16)
        talks_pick = rng.uniform(t, 3)
        orders.talks = np.where(legal.talks[1] & (talks_pick < 0.05), 1,
                                np.where(legal.talks[2] & (talks_pick < 0.5), 2, 0)).astype(np.int8)
        for i in range(ni):
            u = rng.uniform(t, 10 + i)
            act = np.full(n, HOLD, dtype=np.int8)
            act = np.where((u < 0.3) & legal.concede[i], CONCEDE, act)
            act = np.where((u >= 0.3) & (u < 0.4) & legal.accept[i], ACCEPT, act)
            span = (legal.offer_hi[i] - legal.offer_lo[i] + 1).clip(min=1)
            rung = legal.offer_lo[i] + (rng.uniform(t, 40 + i) * span).astype(np.int16)
            can_offer = legal.item_open[i] & (legal.offer_hi[i] >= legal.offer_lo[i])
            act = np.where((u >= 0.4) & (u < 0.5) & can_offer, OFFER, act)
            orders.action[i] = act
            orders.arg[i] = np.where(act == OFFER, rung, -1)
            ask = rng.uniform(t, 70 + i)
            can_ask = legal.request_hi[i] >= legal.request_lo[i]
            orders.request[i] = np.where(can_ask & (ask < 0.2), legal.request_lo[i], -1)
        if legal.package.shape[0]:
            pick = rng.uniform(t, 100)
            k = (pick * legal.package.shape[0]).astype(np.intp)
            ok = np.take_along_axis(legal.package, k[None], 0)[0] & (rng.uniform(t, 101) < 0.2)
            orders.package = np.where(ok, k, -1).astype(np.int16)
        orders.rationale = ["Chosen at random."] * n if n <= 64 else []
        return orders


def _noise(rng: CounterRng, turn: int, site: int, legal: Legal) -> np.ndarray:
    rows = legal.posture.shape[0]
    return np.stack([rng.uniform(turn, site * 100 + r) for r in range(rows)])
