"""The game record in a save: the seal over everything, illegal orders, the instructor's entries,
version-1 saves, and the nine hostile saves of issue 9."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from game import cli
from game.engine.orders import OrderError, Orders
from game.report.debrief import debrief_document
from game.session import record, savefile
from game.session.session import PlayerSpec, ReplayError, Session, replay, replay_file
from game.ui.flow import GameFlow
from game.vocab import ACCEPT, OFFER

AI = PlayerSpec("ai")


def _game(sc, turns: int = 3, players=(AI, AI)) -> Session:
    session = Session(sc, "1951", 5, players, autosave=False, label="Class 3B")
    session.record_instructor("pause", "Instructor: paused the game.")
    session.advance(inject=(sc.event_ids[1],))
    session.record_instructor("reveal", "Instructor: revealed both sides.")
    for _ in range(turns - 1):
        session.advance()
    session.record_instructor("hand_to_ai", "Instructor: handed the unc side to the AI.")
    return session


@pytest.fixture
def saved(sc1951, tmp_path) -> Path:
    path = tmp_path / "game.json"
    _game(sc1951).save(path)
    return path


def _edit(path: Path, change, reseal: bool = False) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    if reseal and "seal" in data:
        data["seal"] = record.seal_of(data)
    out = path.with_name("edited.json")
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _cli(argv: list[str], capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# --------------------------------------------------------------------------------------------
# The nine tracebacks of the issue are one-line messages


def _campaign_save(sc, path: Path) -> Path:
    start = {"from": {"scenario": sc.id, "sha256": sc.sha256}, "vars": {"unc_support": 55.0},
             "items": {"recommendations": {"status": 0, "pos": [0, 2], "auth": [0, 2],
                                           "agreed_pos": -1}}}
    session = Session(sc, "1951", 5, (AI, AI), autosave=False, start=start)
    session.advance(inject=(sc.event_ids[1],))
    session.save(path)
    return path


def _v1_inject(data: dict[str, Any], value: Any) -> None:
    """A version-1 save (inject inside the UN Command's orders) with `value` injected."""
    data["version"] = 1
    for key in ("seal", "instructor"):
        data.pop(key, None)
    for turn in data["turns"]:
        turn.pop("instructor", None)
        turn.pop("inject", None)
    data["turns"][0]["orders"]["unc"]["inject"] = value


NINE: list[tuple[str, Any]] = [  # each a TypeError, AttributeError or OverflowError before
    ("inject is null", lambda d: _v1_inject(d, None)),
    ("inject is a huge number", lambda d: _v1_inject(d, 10**30)),
    ("players are numbers", lambda d: d["settings"].update(players=[1, 2])),
    ("players holds an object", lambda d: d["settings"].update(players=[{"a": 1}, "ai"])),
    ("game_index is huge", lambda d: d.update(game_index=10**30)),
    ("start vars is a list", lambda d: d["settings"]["start"].update(vars=[1])),
    ("start items is a list", lambda d: d["settings"]["start"].update(items=[1])),
    ("start item status is huge",
     lambda d: d["settings"]["start"]["items"]["recommendations"].update(status=10**20)),
    ("start item agreed_pos is huge",
     lambda d: d["settings"]["start"]["items"]["recommendations"].update(agreed_pos=10**20)),
    ("start var is 1e999", lambda d: d["settings"]["start"]["vars"].update(unc_support="@")),
]


@pytest.mark.parametrize(("what", "change"), NINE, ids=[n for n, _ in NINE])
@pytest.mark.parametrize("command", ["replay", "text"])
def test_the_nine_hostile_saves_are_one_line(sc1951, tmp_path, capsys, monkeypatch, what,
                                             change, command):
    path = _campaign_save(sc1951, tmp_path / "campaign.json")
    for reseal in (False, True):
        bad = _edit(path, change, reseal)
        if "1e999" in what:  # json.dumps cannot write it: spell it as the file would
            bad.write_text(bad.read_text().replace('"@"', "1e999"))
        argv = ["replay", "--verify", str(bad)] if command == "replay" else [
            "text", "--load", str(bad), "--no-autosave"]
        code, _, err = _cli(argv, capsys, monkeypatch)
        assert code == 1 and len(err.strip().splitlines()) == 1 and str(bad) in err, err


# --------------------------------------------------------------------------------------------
# The seal covers the whole record


EDITS: list[tuple[str, Any]] = [
    ("a rationale", lambda d: d["turns"][1]["orders"]["unc"].update(rationale="Edited later.")),
    ("the scenario id", lambda d: d["scenario"].update(id="korea_1952")),
    ("the label", lambda d: d.update(label="Class 3A")),
    ("the settings", lambda d: d["settings"].update(players=["human", "ai"])),
    ("an instructor entry", lambda d: d["turns"][0]["instructor"][0].update(text="Nothing.")),
    ("an instructor entry removed", lambda d: d["turns"][0].update(instructor=[])),
    ("the pending instructor entries", lambda d: d.update(instructor=[])),
    ("the log", lambda d: d["log"][0].update(text="Something else happened.")),
    ("the save date", lambda d: d.update(saved_at="2020-01-01T00:00:00+00:00")),
    ("the seal itself", lambda d: d.update(seal="0" * 64)),
]


@pytest.mark.parametrize(("what", "change"), EDITS, ids=[n for n, _ in EDITS])
def test_verify_detects_any_edit_of_the_record(saved, capsys, monkeypatch, what, change):
    code, out, _ = _cli(["replay", "--verify", str(saved)], capsys, monkeypatch)
    assert code == 0 and "and the whole record against its seal" in out
    edited = _edit(saved, change)
    code, out, err = _cli(["replay", "--verify", str(edited)], capsys, monkeypatch)
    assert code == 1 and "verified" not in out
    assert err.startswith(f"armistice: {edited}: ") and len(err.strip().splitlines()) == 1
    assert "seal does not match" in err or "scenario" in err


def test_a_save_without_its_seal_is_refused(saved):
    edited = _edit(saved, lambda d: d.pop("seal"))
    with pytest.raises(savefile.SaveError, match="has no seal"):
        savefile.read_save(edited)
    sneaky = _edit(saved, lambda d: (d.pop("seal"), d.update(upgraded_from=1)))
    with pytest.raises(savefile.SaveError, match="unexpected field 'upgraded_from'"):
        savefile.read_save(sneaky)


def test_every_save_written_is_sealed(sc1951, tmp_path):
    session = _game(sc1951)
    session.label = "tab\there \x1b[2J"  # live input is cleaned, never refused
    session.save(tmp_path / "a.json")
    save = savefile.read_save(tmp_path / "a.json")
    assert save.sealed is True and save.label == "tab here  [2J"


# --------------------------------------------------------------------------------------------
# Version 1 saves


def _as_version_1(path: Path) -> Path:
    """The save as version 1 wrote it: inject inside the UNC's orders, instructor entries only
    in the log, no seal."""
    def change(d: dict[str, Any]) -> None:
        d["version"] = 1
        del d["seal"], d["instructor"]
        for turn in d["turns"]:
            if turn.pop("inject"):
                turn["orders"]["unc"]["inject"] = [e for e in [] or d["_inject"]]
            turn.pop("instructor")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["_inject"] = data["turns"][0]["inject"]
    change(data)
    del data["_inject"]
    out = path.with_name("v1.json")
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_a_version_1_save_upgrades_replays_and_says_what_was_not_checked(saved, capsys,
                                                                        monkeypatch):
    old = _as_version_1(saved)
    assert "inject" in json.loads(old.read_text())["turns"][0]["orders"]["unc"]
    save = savefile.read_save(old)
    assert save.upgraded_from == 1 and save.seal is None and save.sealed is None
    assert save.turns[0].inject == ["kaesong_incident"]
    assert "inject" not in save.turns[0].orders["unc"]
    assert [e.text for e in save.turns[0].instructor] == ["Instructor: paused the game."]
    assert [e.text for e in save.instructor] == ["Instructor: handed the unc side to the AI."]
    code, out, err = _cli(["replay", "--verify", str(old)], capsys, monkeypatch)
    assert code == 0, err
    assert "verified 3 turns against their checksums; not checked: it was written in save " \
           "format 1, which has no seal" in out
    assert "cannot be detected" in out


# --------------------------------------------------------------------------------------------
# Illegal orders


def _illegal_accept(sc, session: Session) -> Orders:
    """The UN Command accepting an item that is not yet on the table."""
    legal = session.legal(0)
    i = int(np.flatnonzero(~legal.item_open[:, 0])[0])
    orders = Orders.hold(len(sc.item_ids), 1, posture=int(legal.posture[:, 0].argmax()))
    orders.action[i, 0] = ACCEPT
    return orders


def test_submit_refuses_an_illegal_order(sc1951):
    session = Session(sc1951, "1951", 5, (PlayerSpec("human"), AI), autosave=False)
    with pytest.raises(OrderError, match=r"^the order to accept item \d+ \(\w+\) is not "
                                         r"allowed now: the item is not open"):
        session.submit(0, _illegal_accept(sc1951, session))
    assert session.pending[0] is None
    legal = session.legal(0)
    i = int(np.flatnonzero(legal.item_open[:, 0])[0])
    too_far = int(legal.offer_hi[i, 0]) + 1  # beyond the UN Command's authority
    orders = Orders.hold(len(sc1951.item_ids), 1)
    orders.action[i, 0], orders.arg[i, 0] = OFFER, too_far
    with pytest.raises(OrderError, match=rf"^the order to offer '{sc1951.position_ids[i][too_far]}'"
                                         rf" on item {i + 1} .* it may offer only rungs 0 to"):
        session.submit(0, orders)
    assert session.pending == [None, None]


@pytest.mark.parametrize("reseal", [False, True])
def test_replay_reports_an_illegal_order_instead_of_holding(sc1951, saved, reseal):
    def change(d: dict[str, Any]) -> None:
        d["turns"][1]["orders"]["unc"]["items"] = {"prisoners": {"action": "accept"}}
    edited = _edit(saved, change, reseal)
    with pytest.raises(ReplayError, match=r"^turn 1: the United Nations Command's order to "
                                          r"accept item 4 \(prisoners\) was not allowed then: "
                                          r"the item is not open"):
        replay_file(edited)


# --------------------------------------------------------------------------------------------
# The instructor's entries are in the record


def test_instructor_entries_survive_save_replay_and_the_debrief(sc1951, tmp_path):
    session = Session(sc1951, "1951", 5, (PlayerSpec("human"), AI), autosave=False)
    flow = GameFlow(app=None, session=session)  # type: ignore[arg-type]
    flow.intervene("paused the game", kind="pause")
    flow.intervene("revealed both sides", kind="reveal")
    flow.intervene("wrong PIN entered", kind="pin_refused")
    session.submit_dict(0, {"posture": "active_defence"})
    session.advance(inject=("kaesong_incident",))
    flow.intervene(f"handed the {'unc'} side to the AI", kind="hand_to_ai")
    assert [e.kind for e in session.turns[0].instructor] == ["pause", "reveal", "pin_refused"]
    assert session.turns[0].inject == ["kaesong_incident"]
    path = tmp_path / "game.json"
    session.save(path)

    back = replay_file(path)
    texts = _instructor(back)
    assert texts == ["Instructor: paused the game.", "Instructor: revealed both sides.",
                     "Instructor: wrong PIN entered.", "Instructor: handed the unc side to the AI."]
    assert [e.turn for e in back.news(None) if _by_instructor(e)] == [0, 0, 0, 1]
    page = debrief_document(back)
    for text in texts[:3]:  # the debrief shows the turns played (entry 4 is the next turn's)
        assert text in page
    back.submit_dict(0, {"posture": "active_defence"})
    back.advance()  # the entry given after the last turn goes into the next turn's record
    assert [e.kind for e in back.turns[1].instructor] == ["hand_to_ai"]


def _by_instructor(entry) -> bool:
    return entry.visibility == "debrief" and entry.kind == "instructor"


def _instructor(session: Session) -> list[str]:
    return [e.text for e in session.news(None) if _by_instructor(e)]


def test_a_replay_until_a_turn_keeps_only_that_far(sc1951, saved):
    save = savefile.read_save(saved)
    fork = replay(sc1951, save, until=1)
    assert _instructor(fork) == ["Instructor: paused the game."]


def test_record_instructor_cleans_live_text_and_knows_its_kinds(sc1951):
    session = Session(sc1951, "1951", 5, (AI, AI), autosave=False)
    session.record_instructor("note", "odd \x1b[2J text\x00")
    assert session.instructor[0].text == "odd  [2J text "
    with pytest.raises(ValueError):
        session.record_instructor("launch", "nothing")


def _illegal_at_turn_1(sc, save) -> list[tuple[str, dict[str, Any]]]:
    """Orders for the UN Command at turn 1 that the rules do not allow then, one of each kind."""
    state = replay(sc, save, until=1)
    legal = state.legal(0)
    i = int(np.flatnonzero(legal.item_open[:, 0])[0])
    ids = sc.position_ids[i]
    out = [("end the recess", {"talks": "resume"}),
           ("offer", {"items": {sc.item_ids[i]: {"action": "offer",
                                                 "position": ids[int(legal.offer_hi[i, 0]) + 1]}}}),
           ("ask leave for", {"items": {sc.item_ids[i]: {"request": ids[0]}}})]
    barred = np.flatnonzero(~legal.package[:, 0])
    if barred.size:
        out.append(("put forward the package", {"package": sc.package_ids[int(barred[0])]}))
    return out


def test_replay_reports_every_kind_of_illegal_order(sc1951, saved):
    save = savefile.read_save(saved)
    cases = _illegal_at_turn_1(sc1951, save)
    assert len(cases) == 4
    for what, change in cases:
        def edit(d: dict[str, Any], change: dict[str, Any] = change) -> None:
            d["turns"][1]["orders"]["unc"] = {"posture": d["turns"][1]["orders"]["unc"]["posture"],
                                              **change}
        edited = _edit(saved, edit, reseal=True)
        with pytest.raises(ReplayError, match=rf"^turn 1: the United Nations Command's order to "
                                              rf"{what} .*was not allowed then: "):
            replay_file(edited)
