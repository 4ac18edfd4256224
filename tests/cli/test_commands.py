"""The `armistice` command's contracts: validate, schema, simulate --json, replay --verify."""

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert done.stdout.count(": ok") == len(files)


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
