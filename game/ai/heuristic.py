"""The heuristic policy: fast, sensible, and the same for any scenario.

It reads only its view and the scenario's public structure (postures, ladders, what each rung
is worth to its own side) and follows a few plain rules: press an enemy who is not yet dug in,
dig in when it is pressed itself, take the other side's offer when it is worth almost as much
as holding out, give ground slowly on a stalled item, and ask for leave when its instructions
run out.
"""

from __future__ import annotations

import numpy as np

from game.ai.policy import EXPLAIN_UP_TO
from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng
from game.engine.view import View
from game.scenario.compiled import CompiledScenario
from game.vocab import ACCEPT, CONCEDE, HOLD, NO_TALKS, RESUME


class HeuristicPolicy:
    name = "heuristic"

    def __init__(self, sc: CompiledScenario, side: int) -> None:
        self.sc = sc
        self.side = side
        v = sc.var_index
        mine, theirs = ("unc", "com") if side == 0 else ("com", "unc")
        self.rows = {"my_fort": v[f"{mine}_fortification"],
                     "their_fort": v[f"{theirs}_fortification"],
                     "my_pressure": v[f"{mine}_pressure"], "my_supply": v[f"{mine}_supply"]}
        p = sc.postures[side]
        self.most_attack = int(np.argmax(p.attack))
        self.most_fortify = int(np.argmax(p.fortify - p.attack))
        self.cheapest = int(np.argmin(p.attack))
        self.values = sc.values[side]  # (items, rungs): what agreement is worth to this side

    def reads(self) -> frozenset[int] | None:
        return frozenset(self.rows.values())

    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        n, sc, side = view.n, self.sc, self.side
        t = view.turn
        orders = Orders.hold(len(sc.item_ids), n)
        their_fort = np.nan_to_num(view.vars[self.rows["their_fort"]], nan=50.0)
        my_pressure = np.nan_to_num(view.vars[self.rows["my_pressure"]], nan=0.0)
        my_fort = np.nan_to_num(view.vars[self.rows["my_fort"]], nan=50.0)
        stalled_any = ((view.stall >= 2) & (view.status > 0) & (view.status < 3)).any(axis=0)
        recess = view.talks == 1
        press = (their_fort < 45) & (stalled_any | recess)
        dig = (my_pressure > 6) | (my_fort < 25)
        choice = np.where(press, self.most_attack,
                          np.where(dig, self.most_fortify, self.cheapest)).astype(np.int16)
        ok = np.take_along_axis(legal.posture, choice[None].astype(np.intp), 0)[0]
        orders.posture = np.where(ok, choice, np.argmax(legal.posture, axis=0)).astype(np.int16)
        # talks: end a recess of our own after two turns
        mine = recess & (view.recess_by == side) & (view.recess_turns >= 2)
        orders.talks = np.where(mine & legal.talks[RESUME], RESUME, NO_TALKS).astype(np.int8)
        jitter = rng.uniform(t, 7)  # so that the same situation is not always met the same way
        for i in range(len(sc.item_ids)):
            own = view.pos[side, i]
            other = view.pos[1 - side, i]
            worth_own = np.take(self.values[i], own)
            worth_other = np.take(self.values[i], other)
            close = worth_other >= worth_own - 1.0 - jitter
            act = np.full(n, HOLD, dtype=np.int8)
            act = np.where(legal.accept[i] & close, ACCEPT, act)
            slow = (view.stall[i] >= 2 + (jitter * 2).astype(np.int16)) & legal.concede[i]
            nxt = np.clip(own + (1 if side == 0 else -1), 0, sc.rungs[i] - 1)
            worth_next = np.take(self.values[i], nxt)
            act = np.where((act == HOLD) & slow & (worth_next >= -2.0), CONCEDE, act)
            orders.action[i] = act
            ask = (view.stall[i] >= 4) & (legal.request_hi[i] >= legal.request_lo[i]) & (
                act == HOLD)
            nearest = legal.request_lo[i] if side == 0 else legal.request_hi[i]
            orders.request[i] = np.where(ask, nearest, -1).astype(np.int16)
        if n <= EXPLAIN_UP_TO:
            label = sc.postures[side].models
            orders.rationale = [
                f"{label[int(orders.posture[k])].label}: "
                + ("the enemy is not yet dug in and the talks are stuck." if press[k] else
                   "we are under pressure and must dig in." if dig[k] else
                   "nothing to gain by attacking now.")
                for k in range(n)]
        return orders
