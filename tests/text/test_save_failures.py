"""A save or autosave that cannot be written (full disk, bad path, file-size limit, the
scenario file, a file of another kind): the terminal game says so in one line and goes on."""

from __future__ import annotations

import errno
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario.bundled import resolve
from game.session.savefile import read_save
from game.session.session import PlayerSpec, Session
from game.text.play import TextGame


def _run(args, stdin, data: Path, limit: int | None = None, cwd: Path | None = None):
    env = {**os.environ, "ARMISTICE_DATA_DIR": str(data)}

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, timeout=180, env=env, cwd=cwd,
                          preexec_fn=limited)


def _clean(done) -> None:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_autosave_into_a_bad_path_is_reported_and_the_game_goes_on(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    done = _run(["text", "1951", "--seed", "5"], "end\n" * 40, blocker / "data")
    _clean(done)
    assert "autosave failed" in done.stdout and "no such folder" in done.stdout
    assert "=== The end ===" in done.stdout  # every turn was played
    assert blocker.read_text() == "a file where the data folder should be"


def test_autosave_over_a_file_size_limit_is_reported_and_the_game_goes_on(tmp_path):
    done = _run(["text", "1951", "--seed", "5"], "end\n" * 40, tmp_path / "data",
                limit=2000)
    _clean(done)
    assert "autosave failed" in done.stdout and "file too large" in done.stdout
    assert "=== The end ===" in done.stdout
    autosaves = tmp_path / "data" / "autosave"
    for path in autosaves.iterdir() if autosaves.exists() else ():
        read_save(path)  # no temporary file, no truncated autosave left


def test_stopping_after_a_failed_autosave_does_not_claim_it_was_saved(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = _run(["text", "1951", "--seed", "5"], "end\nend\n", blocker / "data")
    _clean(done)
    assert "The game was autosaved" not in done.stdout
    assert "The last turn was not autosaved" in done.stdout


def test_save_command_failures_are_one_line_and_the_game_goes_on(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_bytes(resolve("1951").read_bytes())
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}\n')
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    moves = ("save s.yaml\nsave notes.json\nsave blocker/game.json\nsave ok.json\nend\n"
             + "end\n" * 40)
    done = _run(["text", "s.yaml", "--seed", "5"], moves, tmp_path / "data", cwd=tmp_path)
    _clean(done)
    out = done.stdout
    assert "! not saved: s.yaml: is one of the files being read" in out
    assert "! not saved: notes.json: exists and is not an Armistice save" in out
    assert "! not saved: blocker/game.json: cannot be written (no such folder" in out
    assert "saved to ok.json" in out
    assert "=== The end ===" in out
    assert scenario.read_bytes() == resolve("1951").read_bytes()
    assert notes.read_text() == '{"mine": true}\n'
    assert blocker.read_text() == "x"


def test_save_command_on_a_full_disk(sc1951, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """In process, with the disk filling up during every write."""
    good = tmp_path / "game.json"
    session = Session(sc1951, "1951", 3, (PlayerSpec("human"), PlayerSpec("ai")))
    session.save(good)
    before = good.read_bytes()

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "write", full)
    out = io.StringIO()
    lines = iter([f"save {good}", "end", "quit"])
    assert TextGame(session, out, lambda: next(lines, None)).run() == 0
    monkeypatch.undo()
    text = out.getvalue()
    assert f"! not saved: {good}: cannot be written (disk full)" in text
    assert "autosave failed:" in text and "(disk full)" in text
    assert session.turn == 1  # the turn was played
    assert "The last turn was not autosaved" in text
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "armistice-data") == [
        "game.json"]


def test_a_campaign_never_saves_over_the_game_it_continues(tmp_path):
    earlier = _run(["simulate", "1951", "--runs", "5", "--game", "1", "--save", "prev.json"],
                   "", tmp_path / "data", cwd=tmp_path)
    assert earlier.returncode == 0, earlier.stderr
    before = (tmp_path / "prev.json").read_bytes()
    done = _run(["text", "1952", "--from", "prev.json", "--seed", "3"],
                "save prev.json\nsave next.json\nquit\n", tmp_path / "data", cwd=tmp_path)
    _clean(done)
    assert "! not saved: prev.json: is one of the files being read" in done.stdout
    assert "saved to next.json" in done.stdout
    assert (tmp_path / "prev.json").read_bytes() == before
