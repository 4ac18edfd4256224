"""The state of a batch of games: named NumPy arrays whose last axis is the game.

The batch axis comes last so that one variable or one item of all games is a contiguous vector:
every rule works on whole vectors, and game k of a batch is the column `[..., k]`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from game.engine.rng import CounterRng
from game.scenario.compiled import CompiledScenario
from game.scenario.loader import initial_value

# Randomness sites below 100 belong to the engine itself; scenarios use 100 and up.
SITE_INITIAL = 1
SITE_FIGHT = 10
SITE_INTEL = 40_000
INIT_TURN = 0xFFFF


@dataclass
class State:
    """All the state of N games. Scalars (turn, day) are shared: games advance in lockstep."""

    turn: int
    day: int
    vars: np.ndarray  # (variables, N) float64
    status: np.ndarray  # (items, N) int8: PENDING, OPEN, DEADLOCKED, AGREED
    pos: np.ndarray  # (2, items, N) int16: each side's current rung
    auth: np.ndarray  # (2, items, N) int16: furthest rung each delegation may go to
    stall: np.ndarray  # (items, N) int16: turns without movement
    agreed_turn: np.ndarray  # (items, N) int16, -1 until agreed
    agreed_pos: np.ndarray  # (items, N) int16, -1 until agreed
    req_pos: np.ndarray  # (2, items, N) int16: rung asked of the higher authority, -1 if none
    req_due: np.ndarray  # (2, items, N) int16: turn the answer arrives
    package: np.ndarray  # (2, N) int16: package each side has on the table, -1 if none
    talks: np.ndarray  # (N,) int8: 0 in session, 1 in recess
    recess_by: np.ndarray  # (N,) int8: -1, 0 unc, 1 communist, 2 event
    recess_turns: np.ndarray  # (N,) int16
    event_count: np.ndarray  # (events, N) int16
    event_last: np.ndarray  # (events, N) int16, -1 if never
    posture: np.ndarray  # (2, N) int16: this turn's posture of each side
    active: np.ndarray  # (N,) bool: still being played
    outcome: np.ndarray  # (N,) int16: outcome index, -1 while playing
    end_turn: np.ndarray  # (N,) int16, -1 while playing
    score: np.ndarray  # (2, N) float64, filled when a game ends
    rng: CounterRng

    @property
    def n(self) -> int:
        return int(self.active.shape[0])

    def uniform(self, site: int) -> np.ndarray:
        return self.rng.uniform(self.turn, site)

    def normal(self, site: int) -> np.ndarray:
        return self.rng.normal(self.turn, site)

    def arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if isinstance(getattr(self, f.name), np.ndarray)}

    def copy(self) -> State:
        out = State(**{f.name: getattr(self, f.name) for f in fields(self)})
        for name, arr in self.arrays().items():
            setattr(out, name, arr.copy())
        return out

    def select(self, mask_or_index: Any) -> State:
        """The state of a subset of the games (a boolean mask or index array)."""
        out = self.copy()
        for name, arr in self.arrays().items():
            setattr(out, name, np.ascontiguousarray(arr[..., mask_or_index]))
        out.rng = CounterRng(self.rng.seed, self.rng.game_index[mask_or_index], self.rng.stream)
        return out

    def checksum(self, game: int = 0) -> str:
        """SHA-256 of one game's complete state: what a save records after each turn."""
        h = hashlib.sha256()
        h.update(np.int64([self.turn, self.day]).tobytes())
        for name, arr in sorted(self.arrays().items()):
            h.update(name.encode())
            h.update(np.ascontiguousarray(arr[..., game]).tobytes())
        return h.hexdigest()


def new_state(sc: CompiledScenario, seed: int, game_index: np.ndarray | int | None = None,
              n: int | None = None) -> State:
    """The starting state of games `game_index` (default 0..n-1) of a scenario under `seed`."""
    if game_index is None:
        game_index = np.arange(n or 1, dtype=np.uint64)
    index = np.atleast_1d(np.asarray(game_index, dtype=np.uint64))
    rng = CounterRng(seed, index)
    size = index.shape[0]
    nv, ni, ne = len(sc.var_names), len(sc.item_ids), len(sc.event_ids)
    variables = np.empty((nv, size))
    for row, spec in enumerate(sc.initial):
        u1 = rng.uniform(INIT_TURN, SITE_INITIAL + 2 * row)
        u2 = rng.uniform(INIT_TURN, SITE_INITIAL + 2 * row + 1)
        variables[row] = initial_value(spec, u1, u2, sc.lo[row], sc.hi[row])
    agreed = sc.start_agreed[:, None].repeat(size, axis=1)
    pos = np.repeat(sc.start_pos[:, :, None], size, axis=2).astype(np.int16)
    settled = agreed >= 0
    for s in (0, 1):
        pos[s] = np.where(settled, agreed, pos[s])
    talks = 0 if sc.model.talks.status == "session" else 1
    return State(
        turn=0, day=0, vars=variables,
        status=np.repeat(sc.start_status[:, None], size, axis=1).astype(np.int8),
        pos=pos, auth=np.repeat(sc.start_auth[:, :, None], size, axis=2).astype(np.int16),
        stall=np.zeros((ni, size), dtype=np.int16),
        agreed_turn=np.where(settled, 0, -1).astype(np.int16),
        agreed_pos=agreed.astype(np.int16),
        req_pos=np.full((2, ni, size), -1, dtype=np.int16),
        req_due=np.zeros((2, ni, size), dtype=np.int16),
        package=np.full((2, size), -1, dtype=np.int16),
        talks=np.full(size, talks, dtype=np.int8),
        recess_by=np.full(size, -1 if talks == 0 else 2, dtype=np.int8),
        recess_turns=np.zeros(size, dtype=np.int16),
        event_count=np.zeros((ne, size), dtype=np.int16),
        event_last=np.full((ne, size), -1, dtype=np.int16),
        posture=np.zeros((2, size), dtype=np.int16),
        active=np.ones(size, dtype=bool),
        outcome=np.full(size, -1, dtype=np.int16),
        end_turn=np.full(size, -1, dtype=np.int16),
        score=np.zeros((2, size)),
        rng=rng,
    )
