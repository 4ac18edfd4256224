"""Arithmetic that overflows while a game is played is the scenario's error, reported at the
expression (or value) at fault as `file:line:col`; NumPy never prints a warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from game.scenario.diagnostics import ScenarioRuntimeError
from game.scenario.lint import lint_file
from game.scenario.loader import load_scenario, load_scenario_text
from game.session.session import PlayerSpec, Session
from game.session.simulate import simulate

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "1951.yaml"
AI = PlayerSpec("ai", "historical")


def edited(old: str, new: str) -> tuple[str, int, int]:
    """The scenario with `old` replaced; the line and column of the `@` marker in `new`
    (removed), which marks the operator that must be blamed."""
    text = SCENARIO.read_text(encoding="utf-8")
    assert old in text, f"scenarios/1951.yaml no longer contains {old!r}"
    start = text.index(old) + new.index("@")
    text = text.replace(old, new.replace("@", ""), 1)
    line = text.count("\n", 0, start) + 1
    return text, line, start - text.rfind("\n", 0, start)


OUTCOME = '    when: "all_agreed()"'
POLITICS = '      - add: {unc_support: "-unc_losses / 9000 - 0.25"}'
CASES = {
    "condition": (OUTCOME, '    when: "all_agreed() or unc_support / 1e-300 @/ 1e-300 > 5"'),
    "effect": (POLITICS, '      - add: {unc_support: "unc_losses / 1e-300 @/ 1e-300"}'),
    "random-in-effect": (POLITICS, '      - add: {unc_support: "@uniform(-1e12 / 1e-296, '
                                   '1e12 / 1e-296)"}'),
    "scoring": ("  unc: \"settlement", "  unc: \"unc_support / 1e-300 @/ 1e-300 + settlement"),
}


def play(sc, games: int = 1) -> None:
    session = Session(sc, "1951", 1, (AI, AI), autosave=False)
    while not session.over:
        session.advance()


@pytest.mark.parametrize("case", list(CASES))
def test_an_overflow_in_play_names_the_expression(case: str, tmp_path: Path) -> None:
    text, line, col = edited(*CASES[case])
    path = tmp_path / "overflow.yaml"
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)  # it loads: the overflow depends on the game
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning would fail the test
        with pytest.raises(ScenarioRuntimeError) as info:
            play(sc)
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.col) == (str(path), line, col), str(
        diagnostic)
    assert "arithmetic overflow" in diagnostic.message


@pytest.mark.parametrize("case", list(CASES))
def test_a_batch_and_the_lint_report_it_too(case: str, tmp_path: Path) -> None:
    text, line, col = edited(*CASES[case])
    path = tmp_path / "overflow.yaml"
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ScenarioRuntimeError) as info:
            simulate(sc, 300, seed=1)
        assert [(d.line, d.col) for d in info.value.diagnostics] == [(line, col)]
        with pytest.raises(ScenarioRuntimeError) as info:
            lint_file(path)
    errors = [d for d in info.value.diagnostics if d.severity == "error"]
    assert [(d.line, d.col) for d in errors] == [(line, col)]


def test_the_fighting_phase_overflowing_points_at_its_section(tmp_path: Path) -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "fortification_halving:" in line)
    text = text.replace(old, old.split(":")[0] + ": 1.0e-310", 1)  # subnormal: overflows
    sc = load_scenario_text(text, "fight.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ScenarioRuntimeError) as info:
            play(sc)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.line == text[:text.index("\nfighting:") + 1].count("\n") + 1
    assert "fighting phase" in diagnostic.message


def test_a_turn_that_overflows_is_not_played(tmp_path: Path) -> None:
    text, _, _ = edited(*CASES["condition"])
    sc = load_scenario_text(text, "x.yaml")
    session = Session(sc, "1951", 1, (AI, AI), autosave=False)
    with pytest.raises(ScenarioRuntimeError):
        session.advance()
    assert session.turns == [] and session.state.turn == 0


def test_overflow_checks_leave_numpy_as_it_was() -> None:
    before = np.geterr()
    play(load_scenario(SCENARIO))
    assert np.geterr() == before
