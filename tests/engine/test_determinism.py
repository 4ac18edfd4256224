"""A batch of N games is, bit for bit, the same N games played one at a time; the same seed and
orders give the same checksums; different seeds give different games."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.policy import make_policy
from game.engine.rng import CounterRng
from game.engine.state import new_state
from game.engine.turn import legal, resolve_turn
from game.engine.view import side_view
from game.session.simulate import play_batch, policy_rng


def _policies(sc, unc="historical", com="historical"):
    return (make_policy(unc, sc, 0), make_policy(com, sc, 1))


def _checksums(sc, seed, index, policies):
    state = new_state(sc, seed, index)
    rngs = (policy_rng(seed, state.rng.game_index, 0), policy_rng(seed, state.rng.game_index, 1))
    sums = []
    for _ in range(sc.turns):
        orders = tuple(policies[s].choose(side_view(sc, state, s, policies[s].reads()),
                                          legal(sc, state, s), rngs[s]) for s in (0, 1))
        state, _ = resolve_turn(sc, state, orders)
        sums.append([state.checksum(k) for k in range(state.n)])
    return sums


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**62), start=st.integers(0, 10**6),
       unc=st.sampled_from(["historical", "random"]),
       com=st.sampled_from(["historical", "random"]))
def test_batch_equals_games_played_alone(sc1951, seed, start, unc, com):
    index = np.arange(start, start + 24, dtype=np.uint64)
    batch = play_batch(sc1951, seed, index, _policies(sc1951, unc, com))
    for k in (0, 7, 23):
        alone = play_batch(sc1951, seed, index[k:k + 1], _policies(sc1951, unc, com))
        assert batch.checksum(k) == alone.checksum(0)
        for name, arr in batch.arrays().items():
            assert np.array_equal(arr[..., k], alone.arrays()[name][..., 0]), name


def test_batch_order_does_not_matter(sc1951):
    index = np.arange(10, 30, dtype=np.uint64)
    forward = play_batch(sc1951, 5, index, _policies(sc1951))
    backward = play_batch(sc1951, 5, index[::-1].copy(), _policies(sc1951))
    for k in range(20):
        assert forward.checksum(k) == backward.checksum(19 - k)


def test_same_seed_same_checksums_every_turn(sc1951):
    index = np.arange(4, dtype=np.uint64)
    a = _checksums(sc1951, 99, index, _policies(sc1951, "random", "historical"))
    b = _checksums(sc1951, 99, index, _policies(sc1951, "random", "historical"))
    assert a == b


def test_different_seeds_give_different_games(sc1951):
    index = np.arange(4, dtype=np.uint64)
    a = _checksums(sc1951, 1, index, _policies(sc1951))
    b = _checksums(sc1951, 2, index, _policies(sc1951))
    assert a[-1] != b[-1]


def test_resolve_turn_does_not_modify_its_input(sc1951):
    state = new_state(sc1951, 3, n=5)
    before = {k: v.copy() for k, v in state.arrays().items()}
    orders = tuple(make_policy("random", sc1951, s).choose(
        side_view(sc1951, state, s), legal(sc1951, state, s),
        CounterRng(3, state.rng.game_index, 7)) for s in (0, 1))
    after, _ = resolve_turn(sc1951, state, orders)
    assert after.turn == state.turn + 1
    for name, arr in state.arrays().items():
        assert np.array_equal(arr, before[name]), name


def test_rng_draws_are_a_pure_function_of_their_address():
    a = CounterRng(42, np.arange(1000, dtype=np.uint64))
    b = CounterRng(42, np.array([999, 3], dtype=np.uint64))
    assert a.uniform(5, 17)[999] == b.uniform(5, 17)[0]
    assert a.normal(5, 17)[3] == b.normal(5, 17)[1]
    assert not np.array_equal(a.uniform(5, 17), a.uniform(6, 17))
    assert not np.array_equal(a.uniform(5, 17), a.uniform(5, 18))
    u = a.uniform(1, 1)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(a.normal(2, 2).std() - 1.0) < 0.1
