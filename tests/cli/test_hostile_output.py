"""No command prints a raw control character from a file or a user: scenario text is refused
at load (and the refusal is clean), and save text, file names and error messages that quote
them are shown with their control characters made visible."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "1951.yaml"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[H\r\x9b31m\u202e\x00\x7f"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "quit\n") -> tuple[int, str]:
    """Run `armistice ARGS` in this process; its exit code and everything it printed, which
    must hold no raw control character (and no traceback)."""
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    printed = out.out + out.err
    found = RAW.findall(printed)
    assert not found, f"raw control characters {found!r} printed:\n{printed!r}"
    assert "Traceback" not in printed
    return code, printed


def hostile_save(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> Path:
    path = tmp_path / "game.json"
    code, _ = run(capsys, "simulate", "1951", "--runs", "4", "--game", "1", "--save", str(path))
    assert code == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    data["label"] = f"label {ESCAPES}"
    for turn in data["turns"]:
        for side in turn["orders"].values():
            side["rationale"] = f"rationale {ESCAPES}"
    for entry in data["log"]:
        entry["text"] = f"news {ESCAPES}"
    hostile = tmp_path / name
    hostile.write_text(json.dumps(data), encoding="utf-8")
    return hostile


def test_a_scenario_with_escapes_is_refused_cleanly(tmp_path, capsys) -> None:
    text = SCENARIO.read_text(encoding="utf-8").replace(
        'title: "Kaesong to Panmunjom, 1951"', 'title: "Kaesong\\e]0;pwned\\a\\e[2J\\0"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (("validate", str(path)), ("graph", str(path)),
                 ("simulate", str(path), "--runs", "5", "--workers", "1"),
                 ("text", str(path), "--no-autosave")):
        code, printed = run(capsys, *args)
        assert code == 1, args
        assert f"{path}:7:8: this text contains U+001B (escape)" in printed, printed


def test_file_names_with_escapes_are_shown_visibly(tmp_path, capsys) -> None:
    named = tmp_path / f"x{ESCAPES.replace(chr(0), '')}.yaml"
    shutil.copy(SCENARIO, named)
    code, printed = run(capsys, "validate", "--no-simulate", str(named))
    assert code == 0 and "\\x1b]0;pwned" in printed
    code, _ = run(capsys, "validate", str(tmp_path / "missing\x1b[2J.yaml"))
    assert code == 1
    code, _ = run(capsys, "graph", str(named))
    assert code == 0
    code, _ = run(capsys, "simulate", str(named), "--runs", "5", "--workers", "1")
    assert code == 0
    # A save never holds a control character, so a game of this file cannot be saved: one
    # line that says why, naming the file visibly (save format 2).
    code, printed = run(capsys, "simulate", str(named), "--runs", "5", "--game", "0",
                        "--save", str(tmp_path / "saved\x1b[2J.json"))
    assert code == 1 and "\\x1b]0;pwned" in printed
    assert "the scenario's file name cannot be kept in a save" in printed
    assert not (tmp_path / "saved\x1b[2J.json").exists()
    code, printed = run(capsys, "text", str(named), "--seed", "1", stdin="end\nquit\n")
    assert code == 0 and "The autosave failed: " in printed  # the turn is played all the same
    assert "the scenario's file name cannot be kept in a save" in printed
    code, printed = run(capsys, "simulate", "1951", "--runs", "5", "--game", "0", "--save",
                        str(tmp_path / "saved\x1b[2J.json"))
    assert code == 0 and "saved\\x1b[2J.json" in printed
    code, _ = run(capsys, "replay", str(tmp_path / "missing\x1b[2J.json"))
    assert code == 1


@pytest.mark.parametrize("name", ["hostile.json", "\x1b[2Jhostile\x9b.json"])
def test_a_save_with_escapes_prints_nothing_raw(tmp_path, capsys, name) -> None:
    save = hostile_save(tmp_path, capsys, name)
    run(capsys, "replay", str(save))
    run(capsys, "replay", str(save), "--verify")
    run(capsys, "report", str(save), "-o", str(tmp_path / "debrief.html"))
    run(capsys, "text", "--load", str(save), "--no-autosave", stdin="status\nshow\nquit\n")


def test_what_a_player_types_is_echoed_visibly(capsys) -> None:
    code, printed = run(capsys, "text", "1951", "--no-autosave", "--seed", "1",
                        stdin=f"why {ESCAPES}\nshow\nposture {ESCAPES}\nquit\n")
    assert code == 0 and "\\x1b[2J" in printed


def test_command_line_values_are_echoed_visibly(capsys) -> None:
    code, _ = run(capsys, "simulate", "1951", "--runs", "\x1b[2J")
    assert code == 2
    code, _ = run(capsys, "text", "1951", "--ai", "\x1b[2J")
    assert code == 2
