"""`armistice new NAME`: the scaffold validates, simulates and plays; bad names and existing
files get a clear message and exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from game.scenario.loader import load_scenario
from game.scenario.scaffold import ScaffoldError, scaffold, scenario_id, target
from game.scenario.schema import schema_text
from game.session.simulate import simulate


def _armistice(*args, cwd, stdin=""):
    env = {**os.environ, "ARMISTICE_DATA_DIR": str(cwd / "data")}
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, timeout=120, cwd=cwd, env=env)


def test_new_writes_a_scenario_that_validates_simulates_and_plays(tmp_path):
    done = _armistice("new", "demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "armistice validate demo.yaml" in done.stdout  # the next steps
    path = tmp_path / "demo.yaml"
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema.json"
    assert (tmp_path / "schema.json").read_text() == schema_text()

    valid = _armistice("validate", "demo.yaml", cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr
    sc = load_scenario(path)
    assert sc.id == "demo"
    data = simulate(sc, 200, 1, "historical", "historical").to_json()
    assert sum(data["outcomes"].values()) == 200
    assert sum(1 for n in data["outcomes"].values() if n) >= 2  # more than one way to end

    played = _armistice("text", "demo.yaml", "--seed", "3", cwd=tmp_path,
                        stdin="resume\nend\n" + "end\n" * 30)
    assert played.returncode == 0, played.stderr
    assert "=== The end ===" in played.stdout.replace("=", "=")
    assert "Traceback" not in played.stdout + played.stderr


def test_new_refuses_to_overwrite(tmp_path):
    (tmp_path / "demo.yaml").write_text("mine\n")
    done = _armistice("new", "demo", cwd=tmp_path)
    assert done.returncode == 1
    assert "demo.yaml already exists" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "demo.yaml").read_text() == "mine\n"


@pytest.mark.parametrize("name, hint", [
    ("Cuba-1962", "for example 'cuba_1962'"),
    ("1962", "for example 's_1962'"),
    ("x" * 49, "at most 48 characters"),
])
def test_a_name_that_is_no_id_is_refused_with_a_suggestion(tmp_path, name, hint):
    done = _armistice("new", name, cwd=tmp_path)
    assert done.returncode == 1
    assert "cannot be a scenario id" in done.stderr and hint in done.stderr
    assert not list(tmp_path.glob("*.yaml"))


def test_a_yaml_path_is_used_as_given(tmp_path):
    (tmp_path / "course").mkdir()
    done = scaffold(str(tmp_path / "course" / "paris_1973.yaml"))
    assert done.path == tmp_path / "course" / "paris_1973.yaml"
    assert load_scenario(done.path).id == "paris_1973"
    assert target("week3/cuba") == (target("week3/cuba.yaml")[0], "cuba")
    with pytest.raises(ScaffoldError, match="no folder"):
        scaffold(str(tmp_path / "missing" / "x.yaml"))


def test_schema_beside_the_file_is_refreshed_only_if_it_is_ours(tmp_path):
    old = {"title": "Armistice scenario, format 1", "properties": {}}
    (tmp_path / "schema.json").write_text(json.dumps(old))
    assert scaffold(str(tmp_path / "a.yaml")).schema_note == "updated"
    assert scaffold(str(tmp_path / "b.yaml")).schema_note == "current"
    other = tmp_path / "other"
    other.mkdir()
    (other / "schema.json").write_text('{"title": "something else"}')
    assert scaffold(str(other / "c.yaml")).schema_note == "kept"
    assert json.loads((other / "schema.json").read_text()) == {"title": "something else"}


def test_scenario_id_accepts_ids():
    assert scenario_id("korea_1953b") == "korea_1953b"
