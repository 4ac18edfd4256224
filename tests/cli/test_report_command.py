"""`armistice report`: a debrief from one save, a class report from several, and a clear
message (exit 1, nothing written) for anything it cannot use."""

import os
import subprocess
import sys

import pytest

from game.cli import main
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session

AI = PlayerSpec("ai", "historical")


@pytest.fixture(scope="module")
def saves(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-saves")
    out = {}
    for name, ref, seed in (("red", "1951", 1), ("blue", "1951", 2), ("later", "1952", 3)):
        session = Session(load_scenario(resolve(ref)), ref, seed, (AI, AI), autosave=False)
        while not session.over:
            session.advance()
        out[name] = folder / f"{name}.json"
        session.save(out[name])
    return out


def test_one_save_gives_a_debrief(saves, tmp_path, capsys):
    out = tmp_path / "debrief.html"
    assert main(["report", str(saves["red"]), "-o", str(out)]) == 0
    assert f"Wrote the debrief to {out}" in capsys.readouterr().out
    assert "<h1>Debrief: Kaesong to Panmunjom, 1951</h1>" in out.read_text(encoding="utf-8")


def test_several_saves_give_a_class_report(saves, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(saves["red"]), str(saves["blue"])]) == 0
    assert "class report of 2 games" in capsys.readouterr().out
    page = (tmp_path / "class-report.html").read_text(encoding="utf-8")
    assert page.count("<th class='team'>") == 2 * 2  # the summary and the decisions


def test_different_scenarios_exit_1_with_both_named(saves, tmp_path, capsys):
    out = tmp_path / "class.html"
    assert main(["report", str(saves["red"]), str(saves["later"]), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("armistice: these saves are games of different scenarios")
    assert f"{saves['later']}: scenario korea_1952" in err
    assert not out.exists()


def test_a_corrupt_save_in_a_real_process(saves, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "armistice-save", "version": 1, "turns": [')
    out = tmp_path / "class.html"
    done = subprocess.run([sys.executable, "-m", "game", "report", str(saves["red"]), str(bad),
                           "-o", str(out)], text=True, capture_output=True, timeout=120,
                          env={**os.environ, "ARMISTICE_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 1
    assert f"{bad}: not an Armistice save (truncated or corrupt JSON" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and bad.read_bytes().endswith(b"[")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # nothing else touched


def test_an_unwritable_report_is_a_message(saves, tmp_path, capsys):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["report", str(saves["red"]), "-o", str(folder)]) == 1
    assert f"{folder}: is a folder" in capsys.readouterr().err
