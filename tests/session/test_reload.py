"""Rebuilding a game in progress on an edited scenario file (game.session.reload)."""

from __future__ import annotations

import hashlib

import pytest

from game.engine.orders import OrderError
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario_text
from game.scenario.watch import MISSING, Change
from game.session import savefile
from game.session.reload import Rejected, Reloaded, Unchanged, fit_orders, reload_session
from game.session.session import PlayerSpec, Session, replay

ORIGINAL = resolve("1951").read_bytes()
FILE = "my.yaml"
AI = PlayerSpec("ai", "historical")


def change(data: bytes) -> Change:
    return Change(data, hashlib.sha256(data).hexdigest())


def edited(*pairs: tuple[bytes, bytes]) -> bytes:
    data = ORIGINAL
    for old, new in pairs:
        assert old in data, old
        data = data.replace(old, new)
    return data


def played(turns: int, what_ifs: tuple[str, ...] = (), players=(AI, AI)) -> Session:
    sc = load_scenario_text(ORIGINAL, FILE, what_ifs)
    session = Session(sc, FILE, 11, players, autosave=False)
    for _ in range(turns):
        session.advance()
    return session


def test_a_text_edit_replays_the_same_game_on_the_new_file():
    old = played(4)
    new_bytes = edited((b"title: Adoption of the agenda", b"title: Adopting the agenda"))
    result = reload_session(old, change(new_bytes), FILE)
    assert isinstance(result, Reloaded)
    new = result.session
    assert new is not old and new.turn == old.turn == 4
    assert new.sc.model.agenda.items[0].title == "Adopting the agenda"
    assert result.diverged_at is None and not result.adjusted and not result.stopped
    assert [t.checksum for t in new.turns] == [t.checksum for t in old.turns]
    assert [t.orders for t in new.turns] == [t.orders for t in old.turns]
    assert new.seed == old.seed and new.players == old.players and new.ref == old.ref


def test_a_changed_number_changes_history_and_the_next_save_replays_exactly():
    old = played(3)
    new_bytes = edited((b"initial: 43", b"initial: 61"))
    result = reload_session(old, change(new_bytes), FILE)
    assert isinstance(result, Reloaded)
    assert result.diverged_at == 0
    new = result.session
    save = new.to_save()
    assert save.scenario.sha256 == hashlib.sha256(new_bytes).hexdigest() != old.sc.sha256
    assert save.settings["reloads"] == [{
        "turn": 3, "sha256": new.sc.sha256, "previous_sha256": old.sc.sha256,
        "diverged_from_turn": 0, "adjusted_orders": 0}]
    again = replay(load_scenario_text(new_bytes, FILE), save, verify=True)
    assert again.state.checksum() == new.state.checksum()
    assert again.reloads == new.reloads  # the record of the reload survives a save
    with pytest.raises(Exception, match="changed since this game was saved"):
        replay(load_scenario_text(ORIGINAL, FILE), save, verify=True)
    notes = [e.text for e in new.news(None) if e.kind == "instructor"]
    assert any("reloaded at turn 4; from turn 1 on the game differs" in n for n in notes)
    assert not [e for e in new.news(0) + new.news(1) if "reloaded" in e.text]  # debrief only


def test_a_file_that_does_not_validate_changes_nothing():
    old = played(2)
    broken = edited((b"turn_days: 15", b"turn_dayz: 15"))
    result = reload_session(old, change(broken), FILE)
    assert isinstance(result, Rejected)
    shown = [str(d) for d in result.diagnostics]
    assert any(s.startswith(f"{FILE}:") and "turn_dayz" in s for s in shown)
    assert all(s.split(":")[1].isdigit() and s.split(":")[2].isdigit() for s in shown)
    assert old.turn == 2


def test_a_missing_or_unreadable_file_is_a_diagnostic_and_the_same_bytes_are_no_change():
    old = played(1)
    gone = reload_session(old, Change(None, None, MISSING), FILE)
    assert isinstance(gone, Rejected)
    assert str(gone.diagnostics[0]) == f"{FILE}:1:1: the scenario file does not exist"
    locked = reload_session(old, Change(None, None, "Permission denied"), FILE)
    assert isinstance(locked, Rejected)
    assert "cannot read the file: Permission denied" in str(locked.diagnostics[0])
    assert isinstance(reload_session(old, change(ORIGINAL), FILE), Unchanged)


def test_orders_naming_a_renamed_position_are_dropped_and_noted():
    old = played(3)
    offered = [t.turn for t in old.turns
               if "withdrawal_deferred" in str(t.orders["communist"].get("items", {}))]
    assert offered, "the historical Communist side asks for and offers this rung early"
    new_bytes = edited((b"withdrawal_deferred", b"withdrawal_later"))
    new_bytes = new_bytes.replace(b"withdrawal_deferred", b"withdrawal_later")
    result = reload_session(old, change(new_bytes), FILE)
    assert isinstance(result, Reloaded)
    assert result.session.turn == 3
    assert any("'withdrawal_deferred'" in a and "Communist side" in a for a in result.adjusted)
    for record in result.session.turns:  # the record says what was really played
        assert "withdrawal_deferred" not in str(record.orders)
    assert result.session.to_save().settings["reloads"][0]["adjusted_orders"] == len(
        result.adjusted)
    debrief = " ".join(e.text for e in result.session.news(None))
    assert "Reload: turn" in debrief and "withdrawal_deferred" in debrief


def test_fit_orders_drops_what_is_gone_and_holds_what_is_not_legal():
    session = played(0)
    notes: list[str] = []
    orders = fit_orders(session, 0, {
        "posture": "no_such_posture", "package": "no_such_package",
        "items": {"gone_item": {"action": "concede"},
                  "demarcation": {"action": "offer", "position": "parallel_38"},
                  "agenda": {"action": "offer", "position": "no_rung"}}}, 0, notes)
    text = " | ".join(notes)
    assert "posture 'no_such_posture' is no longer" in text
    assert "package 'no_such_package' is no longer" in text
    assert "agenda item 'gone_item' is no longer" in text
    assert "offer of 'no_rung' on 'agenda'" in text
    assert "'offer' on 'demarcation' is not legal now; held instead" in text  # still pending
    assert all(n.startswith("turn 1, UN Command: ") for n in notes)
    assert int(orders.action[:, 0].max()) == 0
    with pytest.raises(OrderError):
        fit_orders(session, 0, {"talks": "shout"}, 0, [])


def test_a_game_that_now_ends_sooner_stops_there_and_says_so():
    old = played(4)
    new_bytes = edited((b'when: "recess_turns() >= 10"', b'when: "world_opinion > 0"'))
    result = reload_session(old, change(new_bytes), FILE)
    assert isinstance(result, Reloaded)
    assert result.session.over and result.session.turn == 1 and result.ended_early
    assert result.stopped == "the game now ends after turn 1 (The talks collapse)"


def test_what_ifs_still_defined_are_kept_and_the_others_dropped():
    old = played(2, what_ifs=("big_push", "passive_un"))
    result = reload_session(old, change(edited((b"id: big_push", b"id: bigger_push"))), FILE)
    assert isinstance(result, Reloaded)
    assert result.session.sc.what_ifs == ("passive_un",)
    assert result.dropped_what_ifs == ["big_push"]


def test_orders_given_this_turn_and_instructor_notes_are_carried_over():
    human = PlayerSpec("human")
    old = played(0, players=(human, human))
    for _ in range(2):
        for s in (0, 1):
            old.submit_dict(s, {"posture": old.sc.postures[s].ids[0]})
        old.advance()
    old.record_instructor("pause", "Instructor: paused the game.")
    old.submit_dict(0, {"posture": old.sc.postures[0].ids[1], "rationale": "Hold the line."})
    result = reload_session(old, change(edited((b"initial: 43", b"initial: 44"))), FILE)
    assert isinstance(result, Reloaded)
    new = result.session
    assert new.pending[1] is None and new.pending[0] is not None
    assert int(new.pending[0].posture[0]) == 1 and new.pending[0].rationale == ["Hold the line."]
    notes = [e for e in new.log.entries if e.text == "Instructor: paused the game."]
    assert len(notes) == 1 and notes[0].turn == 2


def test_rebuilding_writes_no_autosave_but_keeps_autosaving_after():
    """Replaying must not write one autosave per replayed turn over the game's own ones."""
    sc = load_scenario_text(ORIGINAL, FILE)
    old = Session(sc, FILE, 4, (AI, AI), autosave=True)
    old.advance()
    before = {p.name: p.read_bytes() for p in savefile.autosave_dir().iterdir()}
    assert before
    result = reload_session(old, change(edited((b"initial: 43", b"initial: 45"))), FILE)
    assert isinstance(result, Reloaded) and result.session.autosave
    assert {p.name: p.read_bytes() for p in savefile.autosave_dir().iterdir()} == before


def test_a_campaign_start_that_no_longer_fits_is_a_message_not_a_crash():
    old = played(1)
    old.start = {"items": {"agenda": {"status": "open"}}}  # damaged, as from a bad save
    result = reload_session(old, change(edited((b"initial: 43", b"initial: 44"))), FILE)
    assert isinstance(result, Rejected)
    assert "carried over from an earlier scenario, no longer fits" in str(result.diagnostics[0])
