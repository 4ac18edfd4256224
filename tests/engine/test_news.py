"""The engine's news is an explicit buffer: `resolve_turn` returns what the phases wrote, the
state carries none of it, and a batch run that skips the news plays exactly the same game."""

import dataclasses

import numpy as np

from game.ai.policy import make_policy
from game.engine.state import State, new_state
from game.engine.turn import legal, resolve_turn
from game.engine.view import side_view
from game.session.simulate import policy_rng


def _play(sc, news, seed=11, n=16):
    state = new_state(sc, seed, np.arange(n, dtype=np.uint64))
    policies = (make_policy("random", sc, 0), make_policy("random", sc, 1))
    rngs = tuple(policy_rng(seed, state.rng.game_index, s) for s in (0, 1))
    entries, sums = [], []
    for _ in range(sc.turns):
        if not state.active.any():
            break
        orders = tuple(policies[s].choose(side_view(sc, state, s, policies[s].reads()),
                                          legal(sc, state, s), rngs[s]) for s in (0, 1))
        state, turn_news = resolve_turn(sc, state, orders, news=news)
        entries += turn_news
        sums.append([state.checksum(k) for k in range(n)])
    return entries, sums


def test_skipping_the_news_changes_nothing_else(sc1951):
    with_news, sums = _play(sc1951, True)
    without, same = _play(sc1951, False)
    assert with_news and without == []
    assert sums == same


def test_the_state_holds_arrays_and_the_clock_only(sc1951):
    """Nothing of the news (no callback, no visibility) lives on the State."""
    names = {f.name for f in dataclasses.fields(State)}
    assert names - set(new_state(sc1951, 1).arrays()) == {"turn", "day", "rng"}


def test_a_reveal_reaches_those_who_see_its_event(sc1951):
    entries, _ = _play(sc1951, True, n=64)
    reveals = [e for e in entries if e.text.startswith("Revealed:")]
    assert reveals, "no game of the batch revealed anything: pick another seed"
    visibility = {ev.id: ev.visibility for ev in sc1951.model.events}
    for e in reveals:
        same_turn = [x for x in entries if x.game == e.game and x.turn == e.turn and x.event]
        assert e.visibility in {visibility[x.event] for x in same_turn}
    assert all(e.date == sc1951.date_of(e.turn).isoformat() for e in entries)
