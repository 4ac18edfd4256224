"""The AI's own seed: fresh for a new game, kept in the save, restored by a replay; a save from
before there was one keeps its AI on the old stream, so it plays on as it would have."""

import json

import numpy as np
import pytest

from game.ai.policy import make_policy
from game.session import record, savefile
from game.session.rerun import play_game
from game.session.session import PlayerSpec, Session, replay
from game.session.simulate import play_batch, policy_rng, run_ai_seed

AI = PlayerSpec("ai", "random")


def _draw(session: Session, side: int) -> float:
    return float(session._rngs[side].uniform(2, 5)[0])


def test_a_new_game_draws_its_ai_seed_apart_from_the_game_seed(sc1951):
    a = Session(sc1951, "1951", 4, (AI, AI), autosave=False)
    b = Session(sc1951, "1951", 4, (AI, AI), autosave=False)
    assert a.ai_seed != b.ai_seed and a.ai_seed != a.seed
    assert 0 <= a.ai_seed < 2**63
    assert _draw(a, 0) != _draw(b, 0)  # same game seed, different AI streams
    assert a._rngs[0].seed == a.ai_seed


def test_the_save_keeps_the_ai_seed_and_a_replay_plays_on_alike(sc1951, tmp_path):
    session = Session(sc1951, "1951", 4, (AI, AI), autosave=False)
    session.advance()
    session.save(tmp_path / "g.json")
    save = savefile.read_save(tmp_path / "g.json")
    assert save.settings["ai_seed"] == session.ai_seed
    again = replay(sc1951, save)
    assert again.ai_seed == session.ai_seed
    session.advance()
    again.advance()
    assert again.state.checksum() == session.state.checksum()


def test_a_save_without_an_ai_seed_keeps_the_old_stream(sc1951, tmp_path):
    session = Session(sc1951, "1951", 4, (AI, AI), autosave=False, ai_seed=None)
    session.advance()
    session.save(tmp_path / "old.json")
    save = savefile.read_save(tmp_path / "old.json")
    assert "ai_seed" not in save.settings
    again = replay(sc1951, save, verify=True)
    assert again.ai_seed is None
    assert _draw(again, 1) == float(policy_rng(4, np.array([0], np.uint64), 1).uniform(2, 5)[0])


@pytest.mark.parametrize("bad", [-1, 2**63, "7", 1.5, True, [1]])
def test_a_bad_ai_seed_is_refused(sc1951, bad, tmp_path):
    path = tmp_path / "bad.json"
    Session(sc1951, "1951", 4, (AI, AI), autosave=False).save(path)
    data = json.loads(path.read_text())
    data["settings"]["ai_seed"] = bad
    data["seal"] = record.seal_of(data)  # an edit made to pass the seal: the schema holds
    path.write_text(json.dumps(data))
    with pytest.raises(savefile.SaveError, match="ai_seed"):
        savefile.read_save(path)


def test_simulated_game_k_is_played_again_exactly(sc1951):
    policies = ("random", "historical")
    batch = play_batch(sc1951, 6, np.arange(3, dtype=np.uint64),
                       tuple(make_policy(p, sc1951, s) for s, p in enumerate(policies)))
    alone = play_game(sc1951, "1951", 6, 2, policies)
    assert alone.ai_seed == run_ai_seed(6) != 6
    assert alone.state.checksum() == batch.checksum(2)


def test_a_live_reload_keeps_the_ai_seed(sc1951):
    from game.session.reload import rebuild

    session = Session(sc1951, "1951", 4, (AI, AI), autosave=False)
    session.advance()
    assert rebuild(session, sc1951).session.ai_seed == session.ai_seed
