"""Budgets that only go down: mypy's errors in game/ and ruff's complexity findings (C901,
functions of complexity over 10). Each count must equal its budget: more fails (fix what you
added), fewer fails too (lower the budget here, so the gain is kept)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MYPY_ERRORS = 184  # set at issue 9 (185), lowered as errors are fixed
COMPLEXITY_FINDINGS = 36


def _check(name: str, found: int, budget: int, listing: str) -> None:
    if found > budget:
        pytest.fail(f"{name}: {found} findings, over the budget of {budget}:\n{listing}")
    assert found == budget, (f"{name}: {found} findings, under the budget of {budget}: lower "
                             f"the budget in tests/test_budgets.py to {found}")


def test_mypy_errors_only_go_down() -> None:
    api = pytest.importorskip("mypy.api")
    out, err, _ = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir",
                           "/dev/null" if sys.platform != "win32" else "nul",
                           str(ROOT / "game")])
    errors = [line for line in out.splitlines() if re.search(r": error: ", line)]
    assert errors or "Success" in out, f"mypy did not run: {out}{err}"
    _check("mypy", len(errors), MYPY_ERRORS, "\n".join(errors[-20:]))


def test_complexity_findings_only_go_down() -> None:
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "C901",
                          "--output-format", "concise", "--no-cache", str(ROOT / "game")],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    findings = [line for line in run.stdout.splitlines() if " C901 " in line]
    assert findings or run.returncode == 0, f"ruff did not run: {run.stdout}{run.stderr}"
    _check("ruff C901", len(findings), COMPLEXITY_FINDINGS, "\n".join(findings))
