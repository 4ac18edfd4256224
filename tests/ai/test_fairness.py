"""No policy reads what its side cannot know: change everything the other side keeps hidden
(its secret figures, its authority, its requests, its posture, events it alone sees) while the
view stays the same, and no policy changes its orders."""

import numpy as np
import pytest

from game.ai.policy import POLICIES, make_policy
from game.engine.rng import CounterRng
from game.engine.state import new_state
from game.engine.turn import legal
from game.engine.view import side_view
from game.session.simulate import play_batch


def _scrambled(sc, state, side, seed):
    """The same games with everything hidden from `side` changed."""
    rng = np.random.default_rng(seed)
    other = 1 - side
    mine = ("unc", "communist")[side]
    out = state.copy()
    for row, owner in enumerate(sc.owner):
        visible = owner in (mine, "public") or (
            owner != "hidden" and (not np.isnan(sc.intel_noise[row]) or sc.intel_relative[row]))
        if not visible:
            out.vars[row] = rng.uniform(sc.lo[row], sc.hi[row], size=out.n)
    out.auth[other] = rng.integers(0, 3, size=out.auth[other].shape)
    out.req_pos[other] = rng.integers(-1, 2, size=out.req_pos[other].shape)
    out.posture[other] = rng.integers(0, len(sc.postures[other].ids), size=out.n)
    for e in sc.events:
        if e.visibility not in ("public", mine):
            out.event_count[e.index] = rng.integers(0, 3, size=out.n)
    return out


@pytest.mark.parametrize("name", [p for p in POLICIES if p != "lookahead-hard"])
@pytest.mark.parametrize("side", [0, 1])
def test_hidden_changes_do_not_change_choices(sc1951, name, side):
    # a mid-game situation, reached by the historical policies
    policies = (make_policy("historical", sc1951, 0), make_policy("historical", sc1951, 1))
    index = np.arange(6, dtype=np.uint64)
    state = new_state(sc1951, 5, index)
    for _ in range(7):
        from game.engine.turn import resolve_turn
        orders = tuple(policies[s].choose(side_view(sc1951, state, s), legal(sc1951, state, s),
                                          CounterRng(5, index, 1 + s)) for s in (0, 1))
        state = resolve_turn(sc1951, state, orders)
    other_world = _scrambled(sc1951, state, side, seed=99)
    view_a, view_b = side_view(sc1951, state, side), side_view(sc1951, other_world, side)
    for field in ("vars", "status", "pos", "auth", "req_pos", "posture", "event_count"):
        assert np.array_equal(getattr(view_a, field), getattr(view_b, field), equal_nan=True), \
            field
    policy = make_policy(name, sc1951, side)
    rng = CounterRng(5, index, 9)
    a = policy.choose(view_a, legal(sc1951, state, side), rng)
    b = policy.choose(view_b, legal(sc1951, other_world, side), rng)
    for field in ("posture", "talks", "action", "arg", "request", "package"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), (name, field)


def test_lookahead_decides_each_game_as_if_alone(sc1951):
    policies = (make_policy("lookahead-easy", sc1951, 0), make_policy("historical", sc1951, 1))
    index = np.arange(5, dtype=np.uint64)
    batch = play_batch(sc1951, 3, index, policies)
    alone = play_batch(sc1951, 3, index[3:4], policies)
    assert batch.checksum(3) == alone.checksum(0)
