"""The `armistice` command's contracts: validate, schema, simulate --json, replay --verify."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario.schema import schema_text

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, tmp_path=None):
    env = dict(os.environ)
    if tmp_path is not None:
        env["ARMISTICE_DATA_DIR"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "game", *args], text=True,
                          capture_output=True, timeout=120, env=env)


def test_bundled_scenarios_validate():
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    done = _run("validate", *files)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": valid, 0 warnings") == len(files)


def test_validate_reports_file_line_col_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "scenarios" / "1951.yaml").read_text()
    bad.write_text(text.replace("turn_days: 15", "turn_dayz: 15"))
    done = _run("validate", str(bad))
    assert done.returncode == 1
    assert f"{bad}:" in done.stderr and "did you mean 'turn_days'" in done.stderr
    assert "Traceback" not in done.stderr


def test_checked_in_schema_is_current():
    assert (ROOT / "scenarios" / "schema.json").read_text() == schema_text(), \
        "run: armistice schema -o scenarios/schema.json"


def test_simulate_json_contract(tmp_path):
    done = _run("simulate", "1951", "--runs", "200", "--seed", "3", "--json", "--out",
                str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in ("runs", "seed", "policies", "games_per_s", "outcomes", "armistice_rate",
                "items"):
        assert key in data
    assert data["runs"] == 200 and data["seed"] == 3
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["runs"] == 200


def test_replay_verify_and_a_desync(tmp_path):
    done = subprocess.run([sys.executable, "-m", "game", "text", "1951", "--seed", "4"],
                          input="end\n" * 6, text=True, capture_output=True, timeout=120,
                          env={**os.environ, "ARMISTICE_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    saves = sorted((tmp_path / "autosave").glob("*.json"))
    assert saves
    ok = _run("replay", str(saves[-1]), "--verify", tmp_path=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "verified" in ok.stdout
    data = json.loads(saves[-1].read_text())
    data["turns"][1]["checksum"] = "f" * 64
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    bad = _run("replay", str(tampered), "--verify", tmp_path=tmp_path)
    assert bad.returncode == 1
    assert "desync at turn 1" in bad.stderr
    assert saves[-1].read_text() != tampered.read_text()  # the good save is untouched


def test_a_corrupt_save_is_refused_clearly(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "armistice-save", "version": 1, "turns": [')
    done = _run("replay", str(broken), tmp_path=tmp_path)
    assert done.returncode == 1
    assert str(broken) in done.stderr and "Traceback" not in done.stderr


def _without_timing(text: str) -> dict:
    data = json.loads(text)
    data.pop("seconds"), data.pop("games_per_s")
    return data


def test_simulate_gives_the_same_json_on_one_or_two_workers():
    # 40,001 games: big enough to be cut into several chunks and spread over two processes
    args = ("simulate", "1951", "--runs", "40001", "--seed", "8", "--unc", "random", "--json")
    one = _run(*args, "--workers", "1")
    two = _run(*args, "--workers", "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert _without_timing(one.stdout) == _without_timing(two.stdout)


def test_simulate_out_writes_summary_and_charts(tmp_path):
    out = tmp_path / "run"
    done = _run("simulate", "1951", "--runs", "300", "--out", str(out))
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    charts = {"outcomes", "agreement_dates", "agreement_histograms", "agreed_by_date",
              "casualties", "scores"}
    assert names == {"summary.json"} | {f"{c}.{ext}" for c in charts for ext in ("png", "svg")}
    for c in charts:
        assert (out / f"{c}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(out) in done.stdout


def test_simulate_names_a_game_to_open_and_that_game_replays(tmp_path):
    done = _run("simulate", "1951", "--runs", "300", "--seed", "5", "--unc", "random",
                tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    hint = next(line for line in done.stdout.splitlines() if line.startswith("Open any game:"))
    command = shlex.split(hint.split(":", 1)[1])
    assert command[:2] == ["armistice", "simulate"] and "--game" in command
    save = tmp_path / "chosen.json"
    command[command.index("--save") + 1] = str(save)
    game = _run(*command[1:], "--json", tmp_path=tmp_path)
    assert game.returncode == 0, game.stderr
    summary = json.loads(game.stdout)
    assert summary["game"] == int(command[command.index("--game") + 1])
    assert summary["save"] == str(save)
    replayed = _run("replay", str(save), "--verify", tmp_path=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    assert f"Outcome: {summary['outcome_title']}" in replayed.stdout


def test_simulate_game_without_save_autosaves_and_says_where(tmp_path):
    done = _run("simulate", "1952", "--runs", "10", "--game", "3", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    saves = list((tmp_path / "autosave").glob("*.json"))
    assert len(saves) == 1 and re.search(r"-3-g[0-9a-f]{16}-turn", saves[0].name)  # game 3
    assert str(saves[0]) in done.stdout
    assert "Game 3 " in done.stdout and "Casualties:" in done.stdout
    assert "armistice play --load" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--game", "-1"), "--game -1 is not a game of this run"),
    (("--game", "50"), "numbered 0 to 49"),
    (("--save", "x.json"), "--save keeps one game"),
    (("--game", "1", "--out", "d"), "--out writes a whole run"),
])
def test_simulate_bad_game_options_say_so_in_one_line(tmp_path, args, message):
    done = _run("simulate", "1951", "--runs", "50", *args, tmp_path=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.rglob("*.json"))  # nothing was played or saved
