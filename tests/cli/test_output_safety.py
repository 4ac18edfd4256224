"""Every command that writes: never onto one of its inputs (or the scenario a save refers
to), never over a file of another kind without --force, and a file that cannot be written
(no folder, a file-size limit) is one line and exit 1, with the old file intact and no
temporary or partial file left."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.files import TEMP_SUFFIX, is_temp_name
from game.scenario.bundled import resolve

ORIGINAL = resolve("1951").read_bytes()


def _run(*args: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARMISTICE_DATA_DIR": str(cwd / "data")}

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "game", *args], text=True, cwd=cwd,
                          capture_output=True, timeout=180, env=env, preexec_fn=limited)


def _refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("armistice: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def _no_temps(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if is_temp_name(p.name)]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "s.yaml").write_bytes(ORIGINAL)
    return tmp_path


@pytest.fixture
def saved(work: Path) -> Path:
    done = _run("simulate", "s.yaml", "--runs", "5", "--game", "1", "--save", "g.json",
                cwd=work)
    assert done.returncode == 0, done.stderr
    return work / "g.json"


def _links(work: Path) -> list[str]:
    """The scenario under three names: itself, a symbolic link, a hard link."""
    (work / "soft.out").symlink_to(work / "s.yaml")
    os.link(work / "s.yaml", work / "hard.out")
    return ["s.yaml", "soft.out", "hard.out"]


def test_simulate_save_onto_the_scenario_is_refused(work: Path) -> None:
    for name in _links(work):
        for force in ((), ("--force",)):
            done = _run("simulate", "s.yaml", "--runs", "5", "--game", "1", "--save", name,
                        *force, cwd=work)
            _refused(done, name, "one of the files being read")
    assert (work / "s.yaml").read_bytes() == ORIGINAL


def test_graph_onto_the_scenario_is_refused(work: Path) -> None:
    for name in _links(work):
        for fmt in ("svg", "mermaid", "png"):
            done = _run("graph", "s.yaml", "--format", fmt, "-o", name, "--force", cwd=work)
            _refused(done, name, "one of the files being read")
    assert (work / "s.yaml").read_bytes() == ORIGINAL


def test_report_onto_a_save_or_its_scenario_is_refused(saved: Path) -> None:
    work = saved.parent
    for name in [*_links(work), "g.json"]:
        done = _run("report", "g.json", "-o", name, "--force", cwd=work)
        _refused(done, name, "one of the files being read")
    assert (work / "s.yaml").read_bytes() == ORIGINAL
    assert json.loads(saved.read_text())["format"] == "armistice-save"


@pytest.mark.parametrize(("command", "target", "kind"), [
    (("graph", "s.yaml", "-o", "{}", "--format", "png"), "x.png", "a PNG image"),
    (("graph", "s.yaml", "-o", "{}", "--format", "svg"), "x.svg", "an SVG image"),
    (("graph", "s.yaml", "-o", "{}", "--format", "mermaid"), "x.md", "a Mermaid graph"),
    (("schema", "-o", "{}"), "schema.json", "a JSON Schema"),
    (("report", "g.json", "-o", "{}"), "x.html", "an HTML page"),
    (("simulate", "s.yaml", "--runs", "5", "--game", "1", "--save", "{}"), "y.json",
     "an Armistice save"),
    (("simulate", "s.yaml", "--runs", "5", "--out", "out"), "out/summary.json",
     "a simulation summary"),
    (("simulate", "s.yaml", "--runs", "5", "--out", "out"), "out/outcomes.png",
     "a PNG image"),
])
def test_a_file_of_another_kind_needs_force(saved: Path, command: tuple[str, ...],
                                            target: str, kind: str) -> None:
    work = saved.parent
    (work / "out").mkdir()
    victim = work / target
    victim.write_text("my notes, not yours\n")
    args = [a.replace("{}", target) for a in command]
    _refused(_run(*args, cwd=work), target, f"is not {kind}", "--force")
    assert victim.read_text() == "my notes, not yours\n"
    forced = _run(*args, "--force", cwd=work)
    assert forced.returncode == 0, forced.stderr
    assert victim.read_bytes() != b"my notes, not yours\n"
    again = _run(*args, cwd=work)  # now it is of the kind written: replacing it is fine
    assert again.returncode == 0, again.stderr
    _no_temps(work)


def test_schema_into_a_missing_folder_is_a_message(work: Path) -> None:
    _refused(_run("schema", "-o", str(work / "missing" / "dir" / "x.json"), cwd=work),
             "x.json", "no such folder")
    (work / "file").write_text("x")
    _refused(_run("schema", "-o", "file/x.json", cwd=work), "file/x.json", "no such folder")
    assert not (work / "missing").exists()


def test_graph_png_over_a_file_size_limit_keeps_the_good_png(work: Path) -> None:
    assert _run("graph", "s.yaml", "-o", "x.png", cwd=work).returncode == 0
    good = (work / "x.png").read_bytes()
    done = _run("graph", "s.yaml", "-o", "x.png", cwd=work, limit=len(good) // 4)
    _refused(done, "x.png", "file too large")
    assert "wrote" not in done.stderr
    assert (work / "x.png").read_bytes() == good
    done = _run("graph", "s.yaml", "-o", "y.svg", cwd=work, limit=1000)
    _refused(done, "y.svg", "file too large")
    assert not (work / "y.svg").exists()
    _no_temps(work)


def test_simulate_out_over_a_file_size_limit_leaves_no_partial_file(work: Path) -> None:
    done = _run("simulate", "s.yaml", "--runs", "20", "--out", "out", cwd=work, limit=12_000)
    _refused(done, "cannot be written (file too large)")
    for path in (work / "out").iterdir():
        data = path.read_bytes()
        if path.suffix == ".png":
            assert data.endswith(b"IEND\xaeB`\x82"), path
        elif path.suffix == ".svg":
            assert data.rstrip().endswith(b"</svg>"), path
        else:
            json.loads(data)
    _no_temps(work)


def test_simulate_game_save_over_a_file_size_limit_exits_1(work: Path) -> None:
    done = _run("simulate", "s.yaml", "--runs", "5", "--game", "1", "--save", "g.json",
                cwd=work, limit=2000)
    _refused(done, "g.json", "cannot be written (file too large)")
    assert not (work / "g.json").exists()
    done = _run("simulate", "s.yaml", "--runs", "5", "--game", "1", cwd=work, limit=2000)
    _refused(done, "autosave", "file too large")
    _no_temps(work)


def test_new_over_a_file_size_limit_leaves_nothing(work: Path) -> None:
    done = _run("new", "demo", cwd=work, limit=1000)
    _refused(done, "demo.yaml", "file too large")
    assert not (work / "demo.yaml").exists()
    _no_temps(work)


def test_stale_temps_of_ours_are_removed_at_start(work: Path) -> None:
    data = work / "data"
    old_time = time.time() - 3600
    made = {}
    for folder in ("saves", "autosave"):
        (data / folder).mkdir(parents=True)
        for name in (f".g.json.0123456789abcdef{TEMP_SUFFIX}",  # ours, stale: removed
                     f".h.json.fedcba9876543210{TEMP_SUFFIX}",  # ours, fresh: kept
                     ".g.json.12345678.tmp", "g.json"):  # not ours: kept
            path = data / folder / name
            path.write_text("x")
            if not name.startswith(".h"):
                os.utime(path, (old_time, old_time))
            made[path] = name.startswith(".g.json.0123")
    assert _run("validate", "s.yaml", "--no-simulate", cwd=work).returncode == 0
    for path, removed in made.items():
        assert path.exists() != removed, path


def test_report_over_a_file_size_limit_leaves_no_partial_page(saved: Path) -> None:
    work = saved.parent
    done = _run("report", "g.json", "-o", "r.html", cwd=work, limit=4000)
    _refused(done, "r.html", "file too large")
    assert not (work / "r.html").exists()
    _no_temps(work)
