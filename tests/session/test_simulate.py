"""Monte Carlo summaries: the contract of `simulate --json`, and chunking changes nothing."""

import itertools

import numpy as np
import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.simulate import (
    SimulateError,
    histogram_edges,
    notable_games,
    plan_chunks,
    run_games,
    simulate,
    summarize,
)


def test_summary_has_the_contract_fields(sc1951):
    data = simulate(sc1951, 300, 4).to_json()
    for key in ("runs", "seed", "policies", "games_per_s", "outcomes", "armistice_rate"):
        assert key in data
    assert data["runs"] == 300 and sum(data["outcomes"].values()) == 300
    for item in sc1951.item_ids:
        assert 0.0 <= data["items"][item]["agreed_share"] <= 1.0
    assert data["items"]["agenda"]["agreed_share"] > 0.9
    assert set(data["items"]["agenda"]) >= {"p10", "p50", "p90"}


def test_chunk_size_does_not_change_the_result(sc1951):
    a = simulate(sc1951, 250, 9, chunk=250).to_json()
    b = simulate(sc1951, 250, 9, chunk=64).to_json()
    for key in ("outcomes", "items", "casualties", "scores"):
        assert a[key] == b[key]


def _same_except_timing(a: dict, b: dict) -> None:
    for d in (a, b):
        d.pop("seconds")
        d.pop("games_per_s")
    assert a == b


def test_workers_and_chunks_do_not_change_the_result(sc1951):
    alone = simulate(sc1951, 600, 11, unc="random").to_json()
    spread = simulate(sc1951, 600, 11, unc="random", workers=2, chunk=97)
    assert spread.workers == 2  # really played in two processes
    _same_except_timing(alone, spread.to_json())


def test_chunks_cover_every_game_once():
    for runs, workers, policies, chunk in ((1, 4, ("historical",) * 2, None),
                                           (1_000_000, 2, ("historical",) * 2, None),
                                           (45_001, 8, ("random", "historical"), None),
                                           (1000, 2, ("lookahead", "historical"), None),
                                           (250, 1, ("historical",) * 2, 64)):
        chunks = plan_chunks(runs, workers, policies, chunk)
        assert chunks[0][0] == 0 and chunks[-1][1] == runs
        assert all(a[1] == b[0] for a, b in itertools.pairwise(chunks))
    assert len(plan_chunks(10_000, 2, ("historical",) * 2)) == 1  # too small to spread
    assert len(plan_chunks(1_000_000, 2, ("historical",) * 2)) == 20
    assert len(plan_chunks(1000, 2, ("lookahead", "historical"))) >= 4  # slow: spread


def test_a_scenario_changed_during_the_run_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(resolve("1951").read_text())
    sc = load_scenario(path)
    path.write_text(path.read_text() + "\n# edited\n")
    with pytest.raises(SimulateError, match="changed during the run"):
        simulate(sc, 200, 1, workers=2, chunk=100)


def test_statistics_agree_with_the_games(sc1951):
    results, _ = run_games(sc1951, 500, 2, "random")
    data = summarize(sc1951, 2, ("random", "historical"), 1.0, results).to_json()
    assert sum(data["outcome_shares"].values()) == pytest.approx(1.0, abs=1e-3)
    for i, item in enumerate(sc1951.item_ids):
        e = data["items"][item]
        agreed = results.agreed_turn[i] >= 0
        assert sum(e["by_turn"]) == agreed.sum()
        assert len(e["by_turn"]) == sc1951.turns
        if agreed.any():
            first = int(np.flatnonzero(e["by_turn"])[0])
            assert sc1951.date_of(first).isoformat() <= e["p10"]
    for s, side in enumerate(("unc", "communist")):
        h = data["casualties"][side]["histogram"]
        assert sum(h["counts"]) == 500
        assert h["edges"][0] <= results.casualties[s].min()
        assert h["edges"][-1] >= results.casualties[s].max()
        assert data["casualties"][side]["p50"] == pytest.approx(
            np.percentile(results.casualties[s], 50), abs=0.05)
        assert sum(data["scores"][side]["histogram"]["counts"]) == 500
    assert data["calendar"] == {"start": "1951-07-10", "turn_days": 15, "turns": sc1951.turns,
                                "end": "1952-04-30"}


def test_notable_games_are_what_they_say(sc1951):
    results, _ = run_games(sc1951, 800, 3, "random")
    notable = notable_games(sc1951, results)
    assert notable
    said = {g["game"]: g["what"] for g in notable}
    for k, what in said.items():
        assert 0 <= k < 800
        for i, item in enumerate(sc1951.item_ids):
            if f"{item} never agreed" in what:
                assert results.agreed_turn[i, k] == -1
                assert (results.agreed_turn[i, :k] >= 0).all()  # the first such game
        if "bloodiest" in what:
            assert results.casualties.sum(axis=0).argmax() == k
    assert any("never agreed" in w for w in said.values())
    assert any("typical" in w for w in said.values())


def test_histogram_edges_are_round_and_cover_the_values():
    edges = histogram_edges(81_293.4, 134_981.6, whole=True)
    steps = np.diff(edges)
    assert np.allclose(steps, steps[0]) and steps[0] in (1000, 2000, 2500, 5000)
    assert edges[0] <= 81_293.4 and edges[-1] >= 134_981.6
    assert len(histogram_edges(3.0, 3.0)) == 2  # all games alike: one bin
    assert list(histogram_edges(0.0, 1.0, bins=4)) == [0.0, 0.25, 0.5, 0.75, 1.0]
