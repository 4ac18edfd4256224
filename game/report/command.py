"""`armistice report`: one save gives a debrief, several give a class comparison."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from game.report.audience import SCOPES
from game.report.class_report import write_class_report
from game.report.debrief import write_debrief
from game.report.played import PlayedGame, ReportError, load_games


def default_output(saves: Sequence[str | os.PathLike[str]]) -> Path:
    if len(saves) == 1:
        return Path(f"{Path(saves[0]).stem}-debrief.html")
    return Path("class-report.html")


def make_report(saves: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str] | None,
                scope: str = "all") -> Path:
    """Write the report and return its path. Every problem is a ReportError whose text names
    the file; no file but the report is ever written, and nothing is written on an error.
    `scope` ("all", "public", "unc", "communist") limits it to what that audience may see."""
    out = report_path(saves, output)
    return write_report(load_games(saves), out, scope)


def report_path(saves: Sequence[str | os.PathLike[str]],
                output: str | os.PathLike[str] | None) -> Path:
    """Where the report of `saves` goes (ReportError if it cannot go there)."""
    if not saves:
        raise ReportError("give at least one save")
    out = Path(output) if output is not None else default_output(saves)
    for save in saves:
        if _same_file(out, Path(save)):
            raise ReportError(f"{out}: is one of the saves; choose another file for the "
                              "report (-o)")
    if out.is_dir():
        raise ReportError(f"{out}: is a folder; give a file name for the report (-o)")
    return out


def write_report(games: Sequence[PlayedGame], out: Path, scope: str = "all") -> Path:
    """The debrief of one replayed game, or the class report of several, written to `out`."""
    if scope not in SCOPES:
        raise ReportError(f"unknown scope '{scope}': choose one of {', '.join(SCOPES)}")
    try:
        if len(games) == 1:
            return write_debrief(games[0].session, out, games[0].name, scope)
        return write_class_report(games, out, scope)
    except OSError as exc:
        raise ReportError(f"{out}: cannot be written ({exc.strerror or exc})") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False
