"""One game of a simulated run, played again alone as a real `Session`.

Game k of `armistice simulate` is a pure function of (scenario, what-ifs, seed, k, policies):
the engine's draws and each AI's own stream (keyed by `simulate.run_ai_seed(seed)`) are
counter-based and addressed by the game index. Playing game k through a Session with the same
index and AI seed therefore ends exactly where the batch's game k ended, and leaves a record
(orders and a checksum per turn) that saves, replays with `--verify` and opens in the window.
"""

from __future__ import annotations

from typing import Any

from game.scenario.compiled import CompiledScenario
from game.session.session import PlayerSpec, Session
from game.session.simulate import Results, run_ai_seed
from game.vocab import AGREED, SIDES


def play_game(sc: CompiledScenario, ref: str, seed: int, index: int,
              policies: tuple[str, str]) -> Session:
    """Play game `index` of a run to its end with the AI on both sides (no autosave)."""
    players = (PlayerSpec("ai", policies[0]), PlayerSpec("ai", policies[1]))
    session = Session(sc, ref, seed, players, game_index=index, autosave=False,
                      label=f"game {index} of a simulated run (seed {seed})",
                      ai_seed=run_ai_seed(seed))
    while not session.over:
        session.advance()
    return session


def game_summary(sc: CompiledScenario, session: Session) -> dict[str, Any]:
    """What the game came to, in the terms the run's summary uses (dates are turn starts)."""
    res = Results.of_state(sc, session.state)
    outcome = sc.model.outcomes[int(res.outcome[0])]
    items: dict[str, str | None] = {}
    for i, item_id in enumerate(sc.item_ids):
        turn = int(res.agreed_turn[i, 0])
        if sc.start_status[i] == AGREED:
            items[item_id] = "before the start"
        else:
            items[item_id] = sc.date_of(turn).isoformat() if turn >= 0 else None
    return {
        "game": session.game_index, "seed": session.seed,
        "policies": {side: session.players[s].policy for s, side in enumerate(SIDES)},
        "what_ifs": list(sc.what_ifs),
        "outcome": outcome.id, "outcome_title": outcome.title,
        "ended": sc.date_of(int(res.end_turn[0])).isoformat(), "turns": len(session.turns),
        "items": items,
        "casualties": {side: round(float(res.casualties[s, 0]), 1)
                       for s, side in enumerate(SIDES)},
        "scores": {side: round(float(res.score[s, 0]), 2) for s, side in enumerate(SIDES)},
    }
