"""Diagnostics: problems found in a scenario file, pinned to a file, line and column.

Scenario files are written by instructors, not programmers, so every problem we find is reported
the way compilers do (``file:line:col: message``): editors can jump to it, and the message says
what to change instead of showing a Python traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from game.printable import printable

__all__ = ["Diagnostic", "ScenarioError", "ScenarioRuntimeError", "did_you_mean"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem at a 1-based ``line``/``col`` of ``file``."""

    file: str
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        # The file name and a message quoting the file can carry control characters: shown
        # visibly, never sent to a terminal raw (one diagnostic stays one line).
        text = f"{self.file}:{self.line}:{self.col}: {prefix}{self.message}"
        return printable(text).replace("\n", "\\n")


class ScenarioError(Exception):
    """A scenario could not be used; carries every diagnostic found, not just the first.

    Reporting all problems at once saves an instructor an edit-run cycle per mistake.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        # Passing the list as the only argument keeps the exception picklable (it is rebuilt
        # as ScenarioError(diagnostics)).
        super().__init__(self.diagnostics)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class ScenarioRuntimeError(ScenarioError):
    """A scenario that loaded failed while a game was played (its arithmetic overflowed):
    the diagnostic points at the expression or value at fault. The turn is not played."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the candidate closest to ``name``, else ``""``.

    Typos in key names are the most common mistake in hand-written YAML; naming the intended key
    turns "unknown key" from a puzzle into a one-second fix. Case differences always match.
    """
    choices = [c for c in dict.fromkeys(candidates) if isinstance(c, str)]
    if not isinstance(name, str) or not name or not choices or name in choices:
        return ""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    match = by_lower.get(name.lower())
    if match is None:
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
        match = by_lower[close[0]] if close else None
    return f" (did you mean '{match}'?)" if match is not None else ""
