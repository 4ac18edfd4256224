"""A played game: orders in, turns out, saves that replay and verify, tampering reported."""

import json
from pathlib import Path

import pytest

from game.scenario.loader import load_scenario_text
from game.session import savefile
from game.session.session import PlayerSpec, ReplayError, Session, replay

AI = PlayerSpec("ai", "historical")


def _played(sc, turns=None, seed=11):
    session = Session(sc, "1951", seed, (AI, PlayerSpec("ai", "random")))
    while not session.over and (turns is None or session.turn < turns):
        session.advance()
    return session


def test_a_whole_game_records_every_turn_and_autosaves(sc1951):
    session = _played(sc1951)
    assert session.over and session.outcome is not None
    assert [t.turn for t in session.turns] == list(range(len(session.turns)))
    latest = savefile.latest_autosave()
    assert latest is not None
    assert len(savefile.read_save(latest).turns) == len(session.turns)


def test_save_load_replay_verifies(sc1951, tmp_path):
    session = _played(sc1951)
    path = tmp_path / "game.json"
    session.save(path)
    again = replay(sc1951, savefile.read_save(path), verify=True)
    assert again.state.checksum() == session.state.checksum()
    assert again.outcome.id == session.outcome.id
    assert [e.text for e in again.log.entries] == [e.text for e in session.log.entries]


def test_fork_from_turn_n(sc1951, tmp_path):
    session = _played(sc1951, turns=8)
    fork = replay(sc1951, session.to_save(), until=5)
    assert fork.turn == 5 and len(fork.turns) == 5
    fork.advance()  # play on from the fork
    assert fork.turn == 6


def test_a_tampered_checksum_is_a_desync(sc1951):
    save = _played(sc1951, turns=6).to_save()
    turns = list(save.turns)
    turns[3] = turns[3].model_copy(update={"checksum": "0" * 64})
    with pytest.raises(ReplayError, match="desync at turn 3"):
        replay(sc1951, save.model_copy(update={"turns": turns}))


def test_tampered_orders_are_a_desync(sc1951):
    save = _played(sc1951, turns=6).to_save()
    turns = list(save.turns)
    orders = json.loads(json.dumps(turns[2].orders))
    orders["unc"]["posture"] = "major_offensive" if orders["unc"]["posture"] != \
        "major_offensive" else "active_defence"
    turns[2] = turns[2].model_copy(update={"orders": orders})
    with pytest.raises(ReplayError, match="desync at turn 2"):
        replay(sc1951, save.model_copy(update={"turns": turns}))


def test_orders_naming_nothing_are_reported(sc1951):
    save = _played(sc1951, turns=3).to_save()
    turns = list(save.turns)
    orders = json.loads(json.dumps(turns[1].orders))
    orders["communist"]["posture"] = "teleport"
    turns[1] = turns[1].model_copy(update={"orders": orders})
    with pytest.raises(ReplayError, match="turn 1: unknown posture 'teleport'"):
        replay(sc1951, save.model_copy(update={"turns": turns}))


def test_a_changed_scenario_is_reported(sc1951):
    save = _played(sc1951, turns=3).to_save()
    text = Path(sc1951.path).read_text(encoding="utf-8").replace("turn_days: 15", "turn_days: 14")
    changed = load_scenario_text(text, "changed.yaml")
    with pytest.raises(ReplayError, match="scenario file has changed"):
        replay(changed, save)


def test_human_orders_and_rationale_are_recorded(sc1951):
    session = Session(sc1951, "1951", 3, (PlayerSpec("human"), AI), autosave=False)
    session.submit_dict(0, {"posture": "air_interdiction",
                            "items": {"agenda": {"action": "concede"}},
                            "rationale": "Show flexibility early."})
    assert session.ready
    session.advance()
    record = session.turns[0].orders["unc"]
    assert record["posture"] == "air_interdiction"
    assert record["items"]["agenda"]["action"] == "concede"
    assert record["rationale"] == "Show flexibility early."
    assert session.turns[0].orders["communist"]["rationale"]  # the AI explains itself


def test_instructor_injection_is_logged_and_replays(sc1951):
    session = Session(sc1951, "1951", 3, (AI, AI), autosave=False)
    session.advance(inject=("tunnels_reported",))
    assert any(e.kind == "instructor" for e in session.log.entries)
    assert session.state.event_count[sc1951.event_ids.index("tunnels_reported"), 0] == 1
    again = replay(sc1951, session.to_save())
    assert again.state.checksum() == session.state.checksum()


def test_news_never_shows_a_side_what_it_cannot_see(sc1951):
    session = _played(sc1951)
    for side, name in ((0, "unc"), (1, "communist")):
        for entry in session.news(side):
            assert entry.visibility in ("public", name)
    assert any(e.visibility == "debrief" for e in session.news(None))


def test_fighting_news_gives_each_side_only_an_estimate_of_enemy_losses(sc1951):
    session = _played(sc1951, turns=8, seed=21)
    truth = [e.text for e in session.news(None) if e.visibility == "debrief"]
    assert truth
    for side in (0, 1):
        for entry in session.news(side):
            if entry.kind == "fighting":
                assert entry.visibility == ("unc", "communist")[side]
    # the true Communist losses of a turn never appear in the UN Command's news
    unc_text = " ".join(e.text for e in session.news(0))
    communist = sc1951.model.sides["communist"].short  # the news names the sides by it
    for line in truth:
        communist_true = line.split(f", {communist} ")[1].split(";")[0]
        assert f"estimated at {communist_true}." not in unc_text
