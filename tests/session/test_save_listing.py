"""The load dialog's listing: a summary per file read from the top of it (never a whole large
save), every bad file an error; and the search for the newest autosave that opens."""

from __future__ import annotations

import json
import os
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.session import record, savefile
from game.session.savefile import (
    SaveError,
    SaveGame,
    ScenarioRef,
    TurnRecord,
    autosave,
    list_saves,
    read_save,
    write_save,
)

BIG_LOG = 4000  # log entries of ~300 bytes: a save of about 1.5 MB
HOLD = {"unc": {"posture": "hold"}, "communist": {"posture": "hold"}}


def big_save(turns: int = 40, label: str | None = "the long game") -> SaveGame:
    return SaveGame(
        scenario=ScenarioRef(id="korea-1951", sha256="a" * 64, ref="1951"),
        seed=5,
        turns=[TurnRecord(turn=t, orders=HOLD, checksum="b" * 64) for t in range(turns)],
        log=[{"turn": n, "date": "1951-07-10", "visibility": "public", "kind": "news",
              "text": "x" * 300} for n in range(BIG_LOG)],
        saved_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        label=label,
    )


@pytest.fixture
def bytes_read(monkeypatch) -> dict[str, int]:
    """How many bytes os.read returned, per file name."""
    counts: dict[str, int] = {}
    names: dict[int, str] = {}
    real_open, real_read = os.open, os.read

    def opening(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        names[fd] = os.path.basename(os.fspath(path))
        return fd

    def reading(fd, n):
        data = real_read(fd, n)
        counts[names.get(fd, "?")] = counts.get(names.get(fd, "?"), 0) + len(data)
        return data

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "read", reading)
    return counts


def test_large_saves_are_listed_from_their_first_kilobytes(tmp_path, bytes_read):
    save = big_save()
    for n in range(3):
        write_save(tmp_path / f"big{n}.json", save)
    size = (tmp_path / "big0.json").stat().st_size
    assert size > 1_000_000
    bytes_read.clear()
    listed = list_saves(tmp_path)
    for n in range(3):
        assert bytes_read[f"big{n}.json"] <= 256 * 1024 + 1  # not the whole file
    assert [summary for _, summary in listed] == [save.summarise()] * 3
    assert save.summarise().turns == 40 and save.summarise().label == "the long game"


def test_summary_is_written_near_the_top_and_ignored_when_read(tmp_path):
    save = big_save(turns=2, label="L" * record.MAX_LINE)  # the longest label a save takes
    path = tmp_path / "s.json"
    write_save(path, save)
    head = path.read_bytes()[:1000].decode()
    assert '"summary": {' in head and '"turns": 2' in head
    assert savefile.read_summary(path).label == "L" * savefile.SUMMARY_TEXT
    raw = json.loads(path.read_text())
    raw["summary"]["turns"] = 99  # a summary that is not the save's: the save wins
    path.write_text(json.dumps(raw))
    assert read_save(path) == save
    write_save(path, read_save(path))
    assert json.loads(path.read_text())["summary"]["turns"] == 2


def big_raw(**change) -> dict:
    raw = raw_of(big_save())
    raw.update(change)
    return raw


def raw_of(save: SaveGame) -> dict:
    """The JSON `write_save` writes for `save` (sealed, no `upgraded_from`)."""
    raw = json.loads(json.dumps(save.model_dump(exclude={"seal", "upgraded_from"})))
    raw["seal"] = record.seal_of(raw)
    return raw


def write_raw(path: Path, raw) -> Path:
    path.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return path


def test_an_old_large_save_without_a_summary_is_streamed(tmp_path):
    """Saves written before the summary: read one field, one list entry, at a time."""
    save = big_save().model_copy(update={"log": [{"text": "y" * 1000}] * 12_000})
    raw = json.loads(json.dumps(save.model_dump()))
    del raw["summary"]
    path = write_raw(tmp_path / "old.json", raw)
    size = path.stat().st_size
    assert size > 10_000_000
    tracemalloc.start()
    try:
        summary = savefile.read_summary(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary == save.summarise()
    assert peak < size / 2  # the whole file would be read (and decoded, and parsed) at once


@pytest.mark.parametrize(("raw", "reason"), [
    (big_raw(format="other"), "not an Armistice save (its format is 'other')"),
    (big_raw(version=7), "save format version 7 is newer than this game understands (2)"),
    (big_raw(version="1"), "save format version '1' is not a whole number"),
    (big_raw(summary=[1]), "summary: Input should be a valid dictionary"),
    (big_raw(summary={"scenario": 1, "turns": 1, "saved_at": None}), "summary scenario: "),
    (big_raw(summary={"scenario": "x", "turns": 10**30, "saved_at": "\x00"}), "summary "),
    ([{"turn": n} for n in range(40_000)], "not an Armistice save (not a JSON object)"),
    ({"seed": 1, "log": [{"text": "x" * 300}] * 4000}, 'it has no "format": "armistice-save"'),
])
def test_large_files_that_are_plainly_not_saves(tmp_path, raw, reason):
    path = write_raw(tmp_path / "x.json", raw)
    assert path.stat().st_size > savefile.WHOLE_READ_BYTES
    with pytest.raises(SaveError) as info:
        savefile.read_summary(path)
    assert reason in info.value.reason
    assert "\n" not in str(info.value)


def test_a_truncated_old_large_save(tmp_path):
    raw = big_raw()
    del raw["summary"]
    text = json.dumps(raw)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) * 2 // 3])
    with pytest.raises(SaveError) as info:
        savefile.read_summary(path)
    assert "not an Armistice save (truncated or corrupt JSON near byte" in info.value.reason


@pytest.mark.parametrize("head", [b"\xff\xfe{", b"\x00" * 10, b"{" * 70_000])
def test_large_files_of_garbage(tmp_path, head):
    path = tmp_path / "g.json"
    path.write_bytes(head + b" " * (savefile.WHOLE_READ_BYTES + 10))
    with pytest.raises(SaveError):
        savefile.read_summary(path)


def test_small_files_are_checked_whole(tmp_path):
    raw = raw_of(big_save(turns=2))
    raw["log"] = []
    raw["turns"][1]["turn"] = 7
    raw["seal"] = record.seal_of(raw)  # refused for its turns, not as edited
    write_raw(tmp_path / "small.json", raw)
    [(_, error)] = list_saves(tmp_path)
    assert isinstance(error, SaveError) and "turn numbers must run 0, 1, 2" in error.reason


def test_open_newest_autosave_names_what_it_skipped(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(tmp_path))
    save = big_save(turns=1).model_copy(update={"log": []})
    older = autosave(save)
    newer = autosave(save.model_copy(update={"turns": [
        *save.turns, TurnRecord(turn=1, orders=HOLD, checksum="c" * 64)]}))
    stamp = older.stat().st_mtime_ns
    os.utime(newer, ns=(stamp + 10**9, stamp + 10**9))

    def replays(path: Path) -> SaveGame:
        loaded = read_save(path)
        if len(loaded.turns) > 1:
            raise ValueError("desync at turn 1")
        return loaded

    found, refused = savefile.open_newest_autosave(replays)
    assert found == (older, save)
    assert refused == [(newer, "desync at turn 1")]
    older.write_text("{")
    found, refused = savefile.open_newest_autosave(replays)
    assert found is None and [p for p, _ in refused] == [newer, older]
    assert refused[1][1].startswith("not an Armistice save (truncated or corrupt JSON")
