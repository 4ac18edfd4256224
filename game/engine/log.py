"""The game's log: every entry carries its visibility, and every view of the game — a side's
news, a replay, the debrief — is a filter over this one list, so a secret cannot leak through a
side door."""

from __future__ import annotations

import datetime as dt
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
class Log:
    """Collects entries for a small batch (interactive play, replays, reports)."""

    start: dt.date
    turn_days: int
    turn: int = 0
    entries: list[Entry] = field(default_factory=list)

    def date(self) -> str:
        return (self.start + dt.timedelta(days=self.turn * self.turn_days)).isoformat()

    def add(self, mask: np.ndarray, visibility: str, kind: str, text: str, **extra: str) -> None:
        for k in np.flatnonzero(mask):
            self.add_one(int(k), visibility, kind, text, **extra)

    def add_one(self, game: int, visibility: str, kind: str, text: str, **extra: str) -> None:
        assert visibility in VISIBILITIES, visibility
        self.entries.append(Entry(game, self.turn, self.date(), visibility, kind, text, **extra))

    def for_game(self, game: int, side: str | None = None) -> list[Entry]:
        return [e for e in self.entries if e.game == game and e.seen_by(side)]
