"""The game's own words, shared by every layer: the sides, an agenda item's statuses, what a
side may do about an item, and what it may do about the talks.

The lowest module of the package (it imports nothing of the game), so the scenario format,
the engine, the record and the front ends all say the same thing in the same order: the
names are what files and saves hold, the codes what the engine's arrays hold.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "ACCEPT", "ACTION_NAMES", "AGREED", "CONCEDE", "DEADLOCKED", "HOLD", "NO_TALKS", "OFFER",
    "OPEN", "PENDING", "RECESS", "RESUME", "SIDES", "SIDE_INDEX", "STATUS_NAMES",
    "TALKS_NAMES", "ActionName", "Side", "TalksName",
]

SIDES: tuple[str, str] = ("unc", "communist")
"""The two sides, in the order of every (2, …) array: index 0 is the UN Command."""
Side = Literal["unc", "communist"]
SIDE_INDEX = {side: index for index, side in enumerate(SIDES)}

# An agenda item's status (the engine's agenda state machine).
PENDING, OPEN, DEADLOCKED, AGREED = 0, 1, 2, 3
STATUS_NAMES = ("pending", "open", "deadlocked", "agreed")

# What a side does about an open item this turn.
HOLD, CONCEDE, OFFER, ACCEPT = 0, 1, 2, 3
ACTION_NAMES = ("hold", "concede", "offer", "accept")
ActionName = Literal["hold", "concede", "offer", "accept"]

# What a side does about the talks this turn.
NO_TALKS, RECESS, RESUME = 0, 1, 2
TALKS_NAMES = ("none", "recess", "resume")
TalksName = Literal["none", "recess", "resume"]
