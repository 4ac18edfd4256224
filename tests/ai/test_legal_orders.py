"""Every AI policy gives only legal orders: a live game refuses an illegal order and a replay
reports one, so a policy must never rely on the engine turning its mistakes into holding."""

from __future__ import annotations

import pytest

from game.ai.policy import POLICIES
from game.engine.orders import why_illegal
from game.scenario.bundled import bundled_names, resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session


@pytest.mark.parametrize("scenario", bundled_names())
@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_orders_only_what_is_legal(scenario, policy):
    sc = load_scenario(resolve(scenario))
    slow = policy.startswith("lookahead")
    turns = 8 if slow else sc.turns
    for seed in (1,) if slow else (1, 2):
        ai = PlayerSpec("ai", policy)
        session = Session(sc, scenario, seed, (ai, ai), autosave=False)
        while not session.over and session.turn < turns:
            for side in (0, 1):
                orders = session.ai_orders(side)
                problem = why_illegal(sc, side, orders, session.legal(side))
                assert problem is None, f"{policy}, turn {session.turn}, side {side}: {problem}"
                session.submit(side, orders)
            session.advance()
