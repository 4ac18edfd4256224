"""No policy reads what its side cannot know: change everything the other side keeps hidden
(its secret figures, its authority, its requests, its posture, events it alone sees) while the
view stays the same, and no policy changes its orders."""

import numpy as np
import pytest

from game.ai.policy import POLICIES, make_policy
from game.engine.orders import Orders
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
        state, _ = resolve_turn(sc1951, state, orders)
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


# The random stream is the other way in: a policy is handed an rng as well as its view. It must
# carry nothing of the game: not its seed (from which every hidden draw follows), not in an
# attribute and not in its keys (SplitMix is invertible).
GAME_SEEDS = (5, 77)  # two worlds: different seeds, different hidden state, the same view
AI_SEED = 0x1234_5678_9ABC  # the AI's own seed, drawn independently of the game's
_M64 = (1 << 64) - 1
_GOLDEN, _M1, _M2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def _unmix(z: int) -> int:
    """The inverse of the SplitMix64 finaliser (game.engine.rng._mix_int)."""
    z = z ^ (z >> 31) ^ (z >> 62)
    z = (z * pow(_M2, -1, 1 << 64)) & _M64
    z = z ^ (z >> 27) ^ (z >> 54)
    z = (z * pow(_M1, -1, 1 << 64)) & _M64
    return z ^ (z >> 30) ^ (z >> 60)


def _seed_from_keys(rng: CounterRng) -> int:
    """The seed an rng was built from, worked back from its per-game keys alone."""
    index = int(rng.game_index[0])
    base = (_unmix(int(rng._game_keys[0])) - index * _GOLDEN) & _M64
    return ((_unmix(base) - rng.stream * 0xD1B54A32D192ED03) * pow(_GOLDEN, -1, 1 << 64)) & _M64


class Cheat:
    """Rebuilds the game from the stream it is handed — `new_state` from the rng's seed (read,
    or worked back from its keys) — and plays by a figure its side cannot see (the other
    side's resolve, or Washington's hidden flexibility), drawn at the start of the game."""

    name = "cheat"

    def __init__(self, sc, side: int, how: str) -> None:
        self.sc, self.side, self.how = sc, side, how
        self.row = sc.var_index["com_resolve" if side == 0 else "washington_flex"]
        self.rebuilt: np.ndarray | None = None

    def reads(self):
        return None

    def choose(self, view, legal_orders, rng):
        seed = rng.seed if self.how == "seed" else _seed_from_keys(rng)
        if not 0 <= seed < 2**63:
            seed = 0  # not a seed of ours: the keys gave nothing
        self.rebuilt = new_state(self.sc, seed, rng.game_index).vars[self.row]
        orders = Orders.hold(len(self.sc.item_ids), view.n)
        choices = legal_orders.posture.argsort(axis=0, kind="stable")[::-1]  # legal first
        count = legal_orders.posture.sum(axis=0)
        pick = (self.rebuilt * 1e6).astype(np.int64) % np.maximum(count, 1)
        orders.posture = np.take_along_axis(choices, pick[None], 0)[0].astype(np.int16)
        return orders


def _truth(sc, seed, index, row):
    """A hidden draw as the engine made it."""
    return new_state(sc, seed, index).vars[row]


def _two_worlds(sc, side):
    """World A, a real game under GAME_SEEDS[0] at turn 7; world B the same situation under
    GAME_SEEDS[1] with everything hidden from `side` changed. The same intelligence reports
    reach the side in both (its estimates are copied: a world where they came out so)."""
    index = np.arange(6, dtype=np.uint64)
    policies = (make_policy("historical", sc, 0), make_policy("historical", sc, 1))
    state = new_state(sc, GAME_SEEDS[0], index)
    from game.engine.turn import resolve_turn
    for _ in range(7):
        orders = tuple(policies[s].choose(side_view(sc, state, s), legal(sc, state, s),
                                          CounterRng(AI_SEED, index, 1 + s)) for s in (0, 1))
        state, _ = resolve_turn(sc, state, orders)
    other = _scrambled(sc, state, side, seed=99)
    other.rng = CounterRng(GAME_SEEDS[1], index)
    view_a, view_b = side_view(sc, state, side), side_view(sc, other, side)
    view_b.vars[view_b.estimated] = view_a.vars[view_a.estimated]
    return (state, view_a), (other, view_b)


def _same_choices(policy, worlds, rngs, sc, side) -> None:
    (state_a, view_a), (state_b, view_b) = worlds
    for field in ("vars", "status", "pos", "auth", "req_pos", "posture", "event_count"):
        assert np.array_equal(getattr(view_a, field), getattr(view_b, field), equal_nan=True)
    a = policy.choose(view_a, legal(sc, state_a, side), rngs[0])
    b = policy.choose(view_b, legal(sc, state_b, side), rngs[1])
    for field in ("posture", "talks", "action", "arg", "request", "package"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), (policy.name, field)


def _system_rng(sc, seed, index, side):
    """The rng a game under `seed` hands side `side`'s policy, as a Session builds it (each
    game its own Session) — checked draw for draw against the batch built by policy_rng."""
    from game.session.session import PlayerSpec, Session
    from game.session.simulate import policy_rng

    batch = policy_rng(AI_SEED, index, side)
    for k in (0, len(index) - 1):
        session = Session(sc, "1951", seed, (PlayerSpec("ai"), PlayerSpec("ai")),
                          game_index=int(index[k]), autosave=False, ai_seed=AI_SEED)
        assert session._rngs[side].uniform(3, 1)[0] == batch.uniform(3, 1)[k]
    return batch


@pytest.mark.parametrize("how", ["seed", "keys"])
@pytest.mark.parametrize("side", [0, 1])
def test_the_harness_catches_a_cheat_given_the_old_stream(sc1951, side, how):
    worlds = _two_worlds(sc1951, side)
    index = worlds[0][0].rng.game_index
    old = tuple(CounterRng(seed, index, stream=1 + side) for seed in GAME_SEEDS)  # the old wiring
    cheat = Cheat(sc1951, side, how)
    with pytest.raises(AssertionError):
        _same_choices(cheat, worlds, old, sc1951, side)
    cheat.choose(worlds[0][1], legal(sc1951, worlds[0][0], side), old[0])
    assert np.array_equal(cheat.rebuilt, _truth(sc1951, GAME_SEEDS[0], index, cheat.row))


@pytest.mark.parametrize("name", [*(p for p in POLICIES if p != "lookahead-hard"),
                                  "cheat-seed", "cheat-keys"])
@pytest.mark.parametrize("side", [0, 1])
def test_the_stream_a_policy_is_handed_carries_nothing_of_the_game(sc1951, name, side):
    worlds = _two_worlds(sc1951, side)
    index = worlds[0][0].rng.game_index
    rngs = tuple(_system_rng(sc1951, seed, index, side) for seed in GAME_SEEDS)
    if name.startswith("cheat"):
        policy = Cheat(sc1951, side, name.partition("-")[2])
    else:
        policy = make_policy(name, sc1951, side)
    _same_choices(policy, worlds, rngs, sc1951, side)
    if name.startswith("cheat"):  # and what it rebuilt is no world's hidden draw
        for seed in GAME_SEEDS:
            truth = _truth(sc1951, seed, index, policy.row)
            assert not np.any(policy.rebuilt == truth)


@pytest.mark.parametrize("how", ["seed", "keys"])
def test_simulated_and_played_games_hand_a_cheat_nothing(sc1951, how):
    from game.session.session import PlayerSpec, Session

    seed = 8
    index = np.arange(4, dtype=np.uint64)
    cheats = (Cheat(sc1951, 0, how), Cheat(sc1951, 1, how))
    play_batch(sc1951, seed, index, cheats)  # a simulated run's wiring, as it is
    for cheat in cheats:
        assert not np.any(cheat.rebuilt == _truth(sc1951, seed, index, cheat.row))
    session = Session(sc1951, "1951", seed, (PlayerSpec("ai"), PlayerSpec("ai")),
                      autosave=False)  # a new game's wiring: the AI's seed is fresh
    session._policies = list(cheats)
    session.advance()
    for cheat in cheats:
        assert not np.any(cheat.rebuilt == _truth(sc1951, seed, index[:1], cheat.row))


def test_lookahead_never_imagines_from_the_game_seed(sc1951, monkeypatch):
    import game.ai.lookahead as lookahead
    from game.session.session import PlayerSpec, Session

    seeds = []
    real = lookahead.new_state
    monkeypatch.setattr(lookahead, "new_state",
                        lambda sc, seed, *a, **k: seeds.append(seed) or real(sc, seed, *a, **k))
    for game_seed in GAME_SEEDS:
        session = Session(sc1951, "1951", game_seed, (PlayerSpec("ai", "lookahead-easy"),
                                                      PlayerSpec("ai", "historical")),
                          autosave=False, ai_seed=AI_SEED)
        session.advance()
    assert len(seeds) == 2 and seeds[0] == seeds[1]  # its imagining: the AI's seed alone
