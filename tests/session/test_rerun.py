"""Game k of a simulated run, played again alone through a Session, is the same game: the same
ending, the same agreement turns, the same casualties and scores; and its save replays."""

import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session import savefile
from game.session.rerun import game_summary, play_game
from game.session.session import replay
from game.session.simulate import Results, run_games


@pytest.mark.parametrize(("name", "what_ifs", "policies", "seed"), [
    ("1951", (), ("historical", "historical"), 1951),
    ("1951", ("big_push",), ("random", "heuristic"), 7),
    ("1951", (), ("lookahead-easy", "historical"), 4),
    ("1952", ("stalin_lives",), ("historical", "random"), 12),
])
def test_a_game_alone_ends_as_it_did_in_the_run(name, what_ifs, policies, seed):
    sc = load_scenario(resolve(name), what_ifs)
    runs = 8 if policies[0].startswith("lookahead") else 300
    batch, _ = run_games(sc, runs, seed, *policies, chunk=max(1, runs // 3))
    for k in (0, runs // 2, runs - 1):
        session = play_game(sc, name, seed, k, policies)
        alone = Results.of_state(sc, session.state)
        assert session.over
        assert alone.same_as(batch.game(k)), f"game {k} differs"
        assert session.turn == int(batch.end_turn[k]) + 1


def test_the_save_replays_and_verifies(sc1951, tmp_path):
    session = play_game(sc1951, "1951", 3, 42, ("random", "historical"))
    path = tmp_path / "game-42.json"
    session.save(path)
    save = savefile.read_save(path)
    assert save.game_index == 42 and save.seed == 3
    assert save.settings["players"] == ["ai:random", "ai:historical"]
    again = replay(sc1951, save, verify=True)
    assert again.over and again.state.checksum() == session.state.checksum()
    assert again.outcome.id == session.outcome.id


def test_game_summary_says_what_the_game_came_to(sc1951):
    batch, _ = run_games(sc1951, 50, 9, "random")
    session = play_game(sc1951, "1951", 9, 17, ("random", "historical"))
    game = game_summary(sc1951, session)
    assert game["game"] == 17 and game["policies"] == {"unc": "random",
                                                       "communist": "historical"}
    assert game["outcome"] == sc1951.outcomes[int(batch.outcome[17])].id
    assert game["casualties"]["unc"] == pytest.approx(batch.casualties[0, 17], abs=0.05)
    for i, item in enumerate(sc1951.item_ids):
        turn = int(batch.agreed_turn[i, 17])
        assert game["items"][item] == (sc1951.date_of(turn).isoformat() if turn >= 0 else None)
