"""A played game: orders in, turns out, saves that replay and verify, tampering reported."""

import json
from pathlib import Path

import pytest

from game.scenario.loader import load_scenario_text
from game.session import record, savefile
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


# files: a failed autosave never loses the turn; each game has its own id -----------------
def test_a_failed_autosave_keeps_the_turn_and_says_why(sc1951, tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(blocker / "data"))
    session = Session(sc1951, "1951", 4, (AI, AI))
    session.advance()  # never raises because the autosave failed
    assert session.turn == 1 and len(session.turns) == 1
    problem = session.autosave_problem
    assert problem is not None and "\n" not in problem
    assert problem.startswith(str(blocker / "data" / "autosave")) and "no such folder" in problem
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(tmp_path / "data"))
    session.advance()
    assert session.autosave_problem is None  # the next one worked: the message is gone
    assert savefile.latest_autosave() is not None


def test_an_autosave_that_cannot_be_encoded_is_a_problem_not_a_crash(sc1951, monkeypatch):
    session = Session(sc1951, "1951", 4, (AI, AI))

    def broken(*args, **kwargs):
        raise savefile.SaveError("x.json", "cannot be saved (the game is invalid)")
    monkeypatch.setattr(savefile, "autosave", broken)
    session.advance()
    assert session.turn == 1 and "the game is invalid" in session.autosave_problem


def test_game_id_is_fresh_per_game_and_survives_save_and_replay(sc1951, tmp_path):
    one = Session(sc1951, "1951", 4, (AI, AI))
    two = Session(sc1951, "1951", 4, (AI, AI))
    assert one.game_id != two.game_id
    assert savefile.GAME_ID.fullmatch(one.game_id)
    one.advance()
    two.advance()
    assert savefile.autosave_name(one.to_save()) != savefile.autosave_name(two.to_save())
    path = tmp_path / "one.json"
    one.save(path)
    assert savefile.read_save(path).settings["game_id"] == one.game_id
    again = replay(sc1951, savefile.read_save(path))
    assert again.game_id == one.game_id
    with pytest.raises(ValueError):
        Session(sc1951, "1951", 4, (AI, AI), game_id="../../etc")


def test_a_save_from_before_game_ids_gets_one(sc1951, tmp_path):
    session = _played(sc1951, turns=2)
    save = session.to_save()
    del save.settings["game_id"]
    again = replay(sc1951, save)
    assert savefile.GAME_ID.fullmatch(again.game_id)
    session.save(tmp_path / "bad.json")
    data = json.loads((tmp_path / "bad.json").read_text())
    data["settings"]["game_id"] = "Not-Hex!"
    data["seal"] = record.seal_of(data)
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(savefile.SaveError, match="game_id"):
        savefile.read_save(tmp_path / "bad.json")


def test_save_never_overwrites_the_scenario_or_a_non_save(tmp_path):
    from game.scenario.bundled import resolve
    from game.scenario.loader import load_scenario

    scenario = tmp_path / "s.yaml"
    original = resolve("1951").read_bytes()
    scenario.write_bytes(original)
    link = tmp_path / "link.json"
    link.symlink_to(scenario)
    session = Session(load_scenario(scenario), str(scenario), 4, (AI, AI))
    for path in (scenario, link):
        with pytest.raises(savefile.SaveError, match="one of the files being read"):
            session.save(path, force=True)
    essay = tmp_path / "essay.json"
    essay.write_text('{"title": "my essay"}')
    with pytest.raises(savefile.SaveError, match="not an Armistice save; choose another"):
        session.save(essay)
    assert scenario.read_bytes() == original and essay.read_text() == '{"title": "my essay"}'
    session.save(essay, force=True)
    assert savefile.read_save(essay).seed == 4
    session.save(essay)  # a save over a save: fine
