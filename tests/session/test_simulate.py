"""Monte Carlo summaries: the contract of `simulate --json`, and chunking changes nothing."""

from game.session.simulate import simulate


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
