"""Command-line numbers beyond what this machine can do are refused with a message, never a
MemoryError or OverflowError traceback."""

from __future__ import annotations

import pytest

from game.cli import main, max_runs


@pytest.mark.parametrize(("args", "message"), [
    (["--runs", str(10**12)], "more games than this machine's memory"),
    (["--runs", str(10**30), "--game", "5"], "more games than can be numbered"),
    (["--runs", "100", "--game", str(10**25)], "must be between 0 and 2**63 - 1"),
    (["--runs", "100", "--workers", str(10**6)], "far more processes"),
])
def test_simulate_refuses_what_cannot_be_done(args, message, capsys, tmp_path,
                                              monkeypatch) -> None:
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(tmp_path))
    try:
        code = main(["simulate", "1951", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    assert code == 2, out
    assert message in out.err and "Traceback" not in out.err
    assert out.out == ""


def test_the_run_limit_fits_the_benchmark_run() -> None:
    assert max_runs() >= 1_000_000
