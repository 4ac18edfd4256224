"""A side's view of its games: the only thing a player, human or AI, ever sees.

Its own variables and public ones are exact; the other side's are intelligence estimates (true
value plus fresh noise each turn) where the scenario grants intelligence, and unknown (NaN)
otherwise; hidden variables are unknown to both until the debrief. The other side's authority,
requests, posture and unseen events are blanked. A policy given a View cannot reach the truth:
the View holds copies, not references to the State.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.state import SITE_INTEL, State
from game.scenario.compiled import CompiledScenario


@dataclass
class View:
    """What side `side` knows of N games at the start of turn `turn`."""

    side: int
    turn: int
    day: int
    status: np.ndarray
    pos: np.ndarray
    auth: np.ndarray
    stall: np.ndarray
    agreed_turn: np.ndarray
    agreed_pos: np.ndarray
    req_pos: np.ndarray
    req_due: np.ndarray
    package: np.ndarray
    talks: np.ndarray
    recess_by: np.ndarray
    recess_turns: np.ndarray
    event_count: np.ndarray
    event_last: np.ndarray
    posture: np.ndarray
    active: np.ndarray
    known: np.ndarray  # (variables,) bool: exact (own or public)
    estimated: np.ndarray  # (variables,) bool: an intelligence estimate
    noise: np.ndarray  # (variables,) intelligence standard deviation
    vars: np.ndarray  # (variables, N): exact, estimated, or NaN where unknown

    @property
    def n(self) -> int:
        return int(self.talks.shape[0])

    def uniform(self, site: int) -> np.ndarray:  # the expression Context protocol
        raise RuntimeError("a side's rules cannot draw at random")

    normal = uniform


def side_view(sc: CompiledScenario, state: State, side: int,
              rows: frozenset[int] | None = None) -> View:
    """Side `side`'s view of every game in `state`.

    `rows` limits which variables are filled in (a policy that reads three variables need not
    pay for intelligence on thirty); the others are NaN, as unknown ones are."""
    owner = sc.owner
    mine = "unc" if side == 0 else "communist"
    known = np.array([o in (mine, "public") for o in owner])
    estimated = np.array([o not in (mine, "public", "hidden") for o in owner]) & ~np.isnan(
        sc.intel_noise)
    other = 1 - side
    auth = state.auth.copy()
    auth[other] = -1
    req_pos = state.req_pos.copy()
    req_pos[other] = -1
    req_due = state.req_due.copy()
    req_due[other] = 0
    posture = state.posture.copy()
    posture[other] = -1
    event_count = state.event_count.copy()
    event_last = state.event_last.copy()
    for e in sc.events:
        if e.visibility not in ("public", mine):
            event_count[e.index] = 0
            event_last[e.index] = -1
    values = np.full(state.vars.shape, np.nan)
    for row in range(len(owner)) if rows is None else rows:
        if known[row]:
            values[row] = state.vars[row]
        elif estimated[row]:
            draw = state.rng.normal(state.turn, SITE_INTEL + 1000 * side + row)
            truth = state.vars[row]
            error = sc.intel_noise[row] + sc.intel_relative[row] * np.abs(truth)
            guess = truth + error * draw
            values[row] = np.minimum(np.maximum(guess, sc.lo[row]), sc.hi[row])
    return View(
        side=side, turn=state.turn, day=state.day, status=state.status.copy(),
        pos=state.pos.copy(), auth=auth, stall=state.stall.copy(),
        agreed_turn=state.agreed_turn.copy(), agreed_pos=state.agreed_pos.copy(),
        req_pos=req_pos, req_due=req_due, package=state.package.copy(),
        talks=state.talks.copy(), recess_by=state.recess_by.copy(),
        recess_turns=state.recess_turns.copy(), event_count=event_count,
        event_last=event_last, posture=posture, active=state.active.copy(), known=known,
        estimated=estimated, noise=np.nan_to_num(sc.intel_noise), vars=values)
