"""The lookahead plays better than the simpler policies and says why, game by game."""

import numpy as np
import pytest

from benchmarks.strength import compare
from game.ai.lookahead import LookaheadPolicy
from game.engine.rng import CounterRng
from game.engine.state import new_state
from game.engine.turn import legal
from game.engine.view import side_view


@pytest.mark.parametrize("side", [0, 1])
def test_lookahead_beats_both_baselines_in_most_paired_games(side):
    # A small, fixed-seed version of `python -m benchmarks.strength` (1,000 games there).
    result = compare("1951", side, games=60, seed=7)
    for base in ("heuristic", "historical"):
        assert result[f"vs_{base}"]["higher"] >= 0.6, result
        assert result[f"vs_{base}"]["mean_gain"] > 0, result


def test_each_game_gets_its_own_reason(sc1951):
    state = new_state(sc1951, 3, np.arange(6, dtype=np.uint64))
    policy = LookaheadPolicy(sc1951, 0, "easy")
    orders = policy.choose(side_view(sc1951, state, 0), legal(sc1951, state, 0),
                           CounterRng(3, state.rng.game_index, 1))
    labels = [m.label for m in sc1951.postures[0].models]
    assert len(orders.rationale) == 6
    for g, reason in enumerate(orders.rationale):
        # the sentence names the posture chosen in that game, and how the futures judged it
        assert reason.startswith(labels[int(orders.posture[g])] + ", ")
        assert "imagined futures" in reason or "nothing else" in reason
