"""Campaigns: start a scenario from the end of a game of the one before it.

Variables and agenda items that both scenarios share (by name, and for items by position ids)
are carried over; the rest start as the later scenario says. The carry-over is stored in the new
game's save, so the campaign game replays on its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine.state import State
from game.scenario.compiled import CompiledScenario
from game.vocab import AGREED


class CampaignError(Exception):
    """The earlier game cannot lead into this scenario."""


def carry_over(prev_sc: CompiledScenario, prev: State, nxt: CompiledScenario,
               game: int = 0) -> dict[str, Any]:
    """What the end of game `game` of `prev` hands to a new game of `nxt`."""
    if prev.active[game]:
        raise CampaignError("that game is not finished yet")
    outcome = prev_sc.model.outcomes[int(prev.outcome[game])]
    if not outcome.at_end:
        raise CampaignError(f"that game ended with '{outcome.title}', so {nxt.model.title} "
                            "cannot follow it; start it from its historical opening instead")
    variables = {}
    for name, var in nxt.model.variables.items():
        if var.carry_over and name in prev_sc.var_index:
            value = float(prev.vars[prev_sc.var_index[name], game])
            variables[name] = min(max(value, var.min), var.max)
    items = {}
    for i, item_id in enumerate(nxt.item_ids):
        if item_id not in prev_sc.item_ids:
            continue
        j = prev_sc.item_ids.index(item_id)
        old_ids, new_ids = prev_sc.position_ids[j], nxt.position_ids[i]

        def rung(k: int, old_ids: list[str] = old_ids, new_ids: list[str] = new_ids) -> int:
            return new_ids.index(old_ids[k]) if old_ids[k] in new_ids else -1

        entry = {"status": int(prev.status[j, game]),
                 "pos": [rung(int(prev.pos[s, j, game])) for s in (0, 1)],
                 "auth": [rung(int(prev.auth[s, j, game])) for s in (0, 1)],
                 "agreed_pos": (rung(int(prev.agreed_pos[j, game]))
                                if prev.status[j, game] == AGREED else -1)}
        mapped = [*entry["pos"], *entry["auth"]]
        if min(mapped) < 0 or (entry["status"] == AGREED and entry["agreed_pos"] < 0):
            continue  # the ladders differ: the item starts as the new scenario says
        items[item_id] = entry
    return {"from": {"scenario": prev_sc.id, "sha256": prev_sc.sha256},
            "vars": variables, "items": items}


def apply_carry_over(sc: CompiledScenario, state: State, start: dict[str, Any]) -> None:
    """Set a new game's starting state from a carry-over, in place (every game of the batch)."""
    for name, value in start.get("vars", {}).items():
        if name in sc.var_index:
            row = sc.var_index[name]
            state.vars[row] = np.clip(float(value), sc.lo[row], sc.hi[row])
    for item_id, entry in start.get("items", {}).items():
        if item_id not in sc.item_ids:
            continue
        i = sc.item_ids.index(item_id)
        top = int(sc.rungs[i]) - 1
        state.status[i] = int(entry["status"])
        for s in (0, 1):
            state.pos[s, i] = min(max(int(entry["pos"][s]), 0), top)
            state.auth[s, i] = min(max(int(entry["auth"][s]), 0), top)
        agreed = int(entry["agreed_pos"])
        state.agreed_pos[i] = agreed
        state.agreed_turn[i] = 0 if agreed >= 0 else -1
