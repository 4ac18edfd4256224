"""The example scenario written from the authoring guide (docs/examples/paris1972.yaml): it
validates without a warning, its simulated games end in more than one way and near the real
dates, and it plays to its end in the terminal and for a couple of turns in the window."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game import cli
from game.scenario.loader import load_scenario
from game.session.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
PARIS = ROOT / "docs" / "examples" / "paris1972.yaml"


def _armistice(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, timeout=300, cwd=cwd, env=dict(os.environ))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_without_errors_or_warnings(path):
    done = _armistice("validate", str(path))
    assert done.returncode == 0, done.stderr
    assert not done.stderr.strip(), done.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_historical_claim_has_a_source(path):
    model = load_scenario(path).model
    assert all(e.source for e in model.events if e.historical)
    assert all(t.source for t in model.history.timeline)
    assert model.history.source


def test_paris_simulated_games_are_plausible():
    sc = load_scenario(PARIS)
    data = simulate(sc, 300, 5, "historical", "historical").to_json()
    reached = {k: n for k, n in data["outcomes"].items() if n}
    assert len(reached) >= 2, reached  # the historical course is not the only one
    assert data["outcomes"]["accords"] > 300 * 0.4  # but it is the usual one
    assert 0.4 < data["armistice_rate"] < 1.0
    # the agreement comes between the December bombing and the spring, as in history
    median = dt.date.fromisoformat(data["items"]["ceasefire"]["p50"])
    assert dt.date(1972, 12, 15) <= median <= dt.date(1973, 3, 1), median
    # a United States that plays at random does not get Saigon to sign
    rand = simulate(sc, 300, 5, "random", "historical").to_json()["outcomes"]
    assert rand["accords"] < data["outcomes"]["accords"]
    assert sum(1 for n in rand.values() if n) >= 3


@pytest.mark.parametrize("side", ["unc", "communist"])
def test_paris_plays_to_its_end_in_the_terminal(tmp_path, side):
    moves = "postures\nladder political\nrequest political council\nend\n" + "end\n" * 30
    done = _armistice("text", str(PARIS), "--side", side, "--seed", "4", stdin=moves,
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert "=== The end ===" in out
    assert "Scores: US " in out
    assert "UN Command" not in out and "38th parallel" not in out
    assert "km north of the Demilitarized Zone" in out


def test_paris_opens_with_armistice_play_and_plays_two_turns(monkeypatch):
    """`armistice play docs/examples/paris1972.yaml` under the dummy video driver, driven
    through the window by key presses for two turns."""
    from game.ui.app import App
    from game.ui.scenes.results import Results
    from game.ui.scenes.turn import Briefing, TurnScreen
    from game.ui.widgets.front_view import FrontDiagram
    from tests.ui.conftest import key, texts_on_screen

    seen: dict[str, object] = {"texts": [], "scenes": set(), "diagram": False}

    def drive(app: App) -> int:
        turns = 0
        for _ in range(400):
            app.frame(0.016)
            scene = app.scene
            seen["scenes"].add(type(scene).__name__)
            seen["texts"].extend(texts_on_screen(app))
            if isinstance(getattr(scene, "map", None), FrontDiagram):
                seen["diagram"] = True
            if isinstance(scene, Briefing):
                key(app, pygame.K_RETURN)
            elif isinstance(scene, TurnScreen):
                key(app, pygame.K_RETURN, pygame.KMOD_CTRL)
            elif isinstance(scene, Results):
                turns += 1
                if turns == 2:
                    break
                key(app, pygame.K_RETURN)
        seen["turns"] = turns
        seen["played"] = len(app.flow.session.turns)
        pygame.quit()
        return 0

    monkeypatch.setattr(App, "run", drive)
    assert cli.main(["play", str(PARIS), "--seed", "3", "--no-autosave"]) == 0
    assert seen["turns"] == 2 and seen["played"] == 2
    assert {"Briefing", "TurnScreen", "Results"} <= seen["scenes"]
    assert seen["diagram"], "a scenario outside Korea gets the front diagram, not the map"
    shown = " ".join(seen["texts"])
    assert "United States" in shown and "Cease-fire and the armies in the South" in shown
    assert "UN Command" not in shown
