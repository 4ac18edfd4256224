"""Many games at once: the batch loop and the statistics `armistice simulate` prints.

A batch is played exactly as a single game is — the same engine, the same policies, each side
seeing only its view — just with N columns. Large runs go in chunks so memory stays flat.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.ai.policy import Policy, make_policy
from game.engine.rng import CounterRng
from game.engine.state import State, new_state
from game.engine.turn import legal, resolve_turn
from game.engine.view import side_view
from game.scenario.compiled import CompiledScenario
from game.scenario.expr import AGREED

CHUNK = 50_000
POLICY_STREAM = (1, 2)  # the AI's own random streams, one per side


def policy_rng(seed: int, index: np.ndarray, side: int) -> CounterRng:
    return CounterRng(seed, index, stream=POLICY_STREAM[side])


def play_batch(sc: CompiledScenario, seed: int, index: np.ndarray,
               policies: tuple[Policy, Policy]) -> State:
    """Play games `index` under `seed` to their end with the given policies."""
    state = new_state(sc, seed, index)
    rngs = (policy_rng(seed, state.rng.game_index, 0), policy_rng(seed, state.rng.game_index, 1))
    for _ in range(sc.turns):
        if not state.active.any():
            break
        orders = tuple(
            policies[s].choose(side_view(sc, state, s, policies[s].reads()),
                               legal(sc, state, s), rngs[s])
            for s in (0, 1))
        state = resolve_turn(sc, state, orders)  # type: ignore[arg-type]
    return state


@dataclass
class Summary:
    runs: int
    seed: int
    policies: tuple[str, str]
    seconds: float
    outcomes: dict[str, int]
    armistice_rate: float
    items: dict[str, dict[str, Any]]
    armistice: dict[str, Any]
    casualties: dict[str, dict[str, float]]
    scores: dict[str, dict[str, float]]

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs, "seed": self.seed,
            "policies": {"unc": self.policies[0], "communist": self.policies[1]},
            "seconds": round(self.seconds, 3),
            "games_per_s": round(self.runs / self.seconds, 1) if self.seconds else None,
            "outcomes": self.outcomes, "armistice_rate": round(self.armistice_rate, 4),
            "items": self.items, "armistice": self.armistice, "casualties": self.casualties,
            "scores": self.scores,
        }


def simulate(sc: CompiledScenario, runs: int, seed: int, unc: str = "historical",
             communist: str = "historical", chunk: int = CHUNK,
             progress: Callable[[int, int], None] | None = None) -> Summary:
    """Play `runs` games (indices 0..runs-1) and summarize them."""
    policies = (make_policy(unc, sc, 0), make_policy(communist, sc, 1))
    ni = len(sc.item_ids)
    agreed_turn = np.full((ni, runs), -1, dtype=np.int16)
    outcome = np.empty(runs, dtype=np.int16)
    end_turn = np.empty(runs, dtype=np.int16)
    cas = np.empty((2, runs))
    score = np.empty((2, runs))
    v = sc.fighting_vars
    start = time.perf_counter()
    for lo in range(0, runs, chunk):
        hi = min(runs, lo + chunk)
        state = play_batch(sc, seed, np.arange(lo, hi, dtype=np.uint64), policies)
        agreed_turn[:, lo:hi] = np.where(state.status == AGREED, state.agreed_turn, -1)
        outcome[lo:hi] = state.outcome
        end_turn[lo:hi] = state.end_turn
        cas[0, lo:hi] = state.vars[v["unc_casualties"]]
        cas[1, lo:hi] = state.vars[v["com_casualties"]]
        score[:, lo:hi] = state.score
        if progress:
            progress(hi, runs)
    seconds = time.perf_counter() - start
    return summarize(sc, seed, (unc, communist), seconds, agreed_turn, outcome, end_turn, cas,
                     score)


def summarize(sc: CompiledScenario, seed: int, policies: tuple[str, str], seconds: float,
              agreed_turn: np.ndarray, outcome: np.ndarray, end_turn: np.ndarray,
              cas: np.ndarray, score: np.ndarray) -> Summary:
    runs = int(outcome.shape[0])
    counts = {o.id: int(np.count_nonzero(outcome == o.index)) for o in sc.outcomes}
    armistice_ids = [o.index for o in sc.outcomes if o.armistice]
    is_armistice = np.isin(outcome, armistice_ids)
    items = {}
    for i, item_id in enumerate(sc.item_ids):
        done = agreed_turn[i] >= 0
        entry: dict[str, Any] = {"agreed_share": round(float(done.mean()), 4) if runs else 0.0}
        if sc.start_status[i] == AGREED:
            entry["agreed_before_start"] = True
        else:
            entry.update(_date_percentiles(sc, agreed_turn[i][done]))
        real = sc.model.history.agreed.get(item_id)
        if real:
            entry["historical"] = real.isoformat()
        items[item_id] = entry
    armistice: dict[str, Any] = _date_percentiles(sc, end_turn[is_armistice])
    if sc.model.history.armistice:
        armistice["historical"] = sc.model.history.armistice.isoformat()
    return Summary(
        runs=runs, seed=seed, policies=policies, seconds=seconds, outcomes=counts,
        armistice_rate=float(is_armistice.mean()) if runs else 0.0, items=items,
        armistice=armistice,
        casualties={side: _percentiles(cas[s]) for s, side in enumerate(("unc", "communist"))},
        scores={side: _percentiles(score[s]) for s, side in enumerate(("unc", "communist"))},
    )


def _percentiles(values: np.ndarray) -> dict[str, float]:
    if values.size == 0:
        return {}
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {"p10": round(float(p10), 1), "p50": round(float(p50), 1),
            "p90": round(float(p90), 1), "mean": round(float(values.mean()), 1)}


def _date_percentiles(sc: CompiledScenario, turns: np.ndarray) -> dict[str, str]:
    """10/50/90th percentile dates of things that happened on the given turns, as the first
    day of the turn (a historical date is matched by the turn it falls in)."""
    if turns.size == 0:
        return {}
    p = np.percentile(turns, [10, 50, 90], method="lower")
    return {f"p{q}": sc.date_of(int(t)).isoformat() for q, t in zip((10, 50, 90), p,
                                                                          strict=True)}
