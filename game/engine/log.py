"""The game's news: every entry carries its visibility, and every view of the game — a side's
news, a replay, the debrief — is a filter over one list, so a secret cannot leak through a
side door.

`resolve_turn` hands each phase a `News` buffer for the turn it resolves and returns what they
wrote; nothing of the news lives on the `State`. A batch run passes no buffer and skips the
work of writing it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

VISIBILITIES = ("public", "unc", "communist", "debrief")


@dataclass(frozen=True)
class Entry:
    game: int  # index within the batch
    turn: int
    date: str
    visibility: str  # public, unc, communist or debrief
    kind: str  # event, fighting, talks, agenda, request, authority, package, politics, outcome
    text: str
    source: str = ""
    item: str = ""
    event: str = ""

    def seen_by(self, side: str | None) -> bool:
        """Whether `side` ('unc', 'communist') sees this entry; None is the debrief (all)."""
        return side is None or self.visibility in ("public", side)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v != "" and k != "game"}


@dataclass
class News:
    """The buffer one turn's phases write to: entries for the games of a batch, all dated
    the turn being resolved."""

    turn: int
    date: str
    entries: list[Entry] = field(default_factory=list)

    def add(self, mask: np.ndarray, visibility: str, kind: str, text: str, **extra: str) -> None:
        for k in np.flatnonzero(mask):
            self.add_one(int(k), visibility, kind, text, **extra)

    def add_one(self, game: int, visibility: str, kind: str, text: str, **extra: str) -> None:
        assert visibility in VISIBILITIES, visibility
        self.entries.append(Entry(game, self.turn, self.date, visibility, kind, text, **extra))


def for_game(entries: list[Entry], game: int, side: str | None = None) -> list[Entry]:
    """The entries of one game of a batch that `side` sees (None: all, for the debrief)."""
    return [e for e in entries if e.game == game and e.seen_by(side)]


@dataclass
class Log:
    """The news of a game over the turns played: what a session keeps and saves."""

    entries: list[Entry] = field(default_factory=list)

    def for_game(self, game: int, side: str | None = None) -> list[Entry]:
        return for_game(self.entries, game, side)
