"""One side's orders for a batch of games, what is legal, and the per-game dict form saves use.

Orders are arrays so that a policy can decide for a hundred thousand games at once; a human's
orders are a batch of one. The dict form (`to_dict`/`from_dict`) names everything by its id, so
a save stays readable and a changed scenario is caught by name rather than silently mis-indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.scenario.compiled import CompiledScenario
from game.vocab import (
    ACCEPT,
    ACTION_NAMES,
    AGREED,
    CONCEDE,
    DEADLOCKED,
    HOLD,
    NO_TALKS,
    OFFER,
    OPEN,
    RECESS,
    TALKS_NAMES,
)

NO_PACKAGE = -1


class OrderError(ValueError):
    """Orders that name something the scenario does not have, or are not legal now."""


@dataclass
class Orders:
    """One side's orders for N games."""

    posture: np.ndarray  # (N,) int16
    talks: np.ndarray  # (N,) int8
    action: np.ndarray  # (items, N) int8
    arg: np.ndarray  # (items, N) int16: offered rung
    request: np.ndarray  # (items, N) int16: rung asked of the higher authority, -1 for none
    package: np.ndarray  # (N,) int16: package put on the table (or accepted), -1 for none
    rationale: list[str] = field(default_factory=list)  # per game, interactive play only

    @classmethod
    def hold(cls, items: int, n: int, posture: int = 0) -> Orders:
        """Orders that change nothing at the table: a safe default."""
        return cls(
            posture=np.full(n, posture, dtype=np.int16), talks=np.zeros(n, dtype=np.int8),
            action=np.zeros((items, n), dtype=np.int8),
            arg=np.full((items, n), -1, dtype=np.int16),
            request=np.full((items, n), -1, dtype=np.int16),
            package=np.full(n, NO_PACKAGE, dtype=np.int16))

    def game(self, k: int) -> Orders:
        return Orders(self.posture[k:k + 1].copy(), self.talks[k:k + 1].copy(),
                      self.action[:, k:k + 1].copy(), self.arg[:, k:k + 1].copy(),
                      self.request[:, k:k + 1].copy(), self.package[k:k + 1].copy(),
                      self.rationale[k:k + 1])

    @staticmethod
    def stack(parts: list[Orders]) -> Orders:
        return Orders(np.concatenate([p.posture for p in parts]),
                      np.concatenate([p.talks for p in parts]),
                      np.concatenate([p.action for p in parts], axis=1),
                      np.concatenate([p.arg for p in parts], axis=1),
                      np.concatenate([p.request for p in parts], axis=1),
                      np.concatenate([p.package for p in parts]),
                      [r for p in parts for r in p.rationale])


def to_dict(sc: CompiledScenario, side: int, orders: Orders, k: int = 0) -> dict[str, Any]:
    """Game k's orders as a readable dict (the save format)."""
    items: dict[str, Any] = {}
    for i, item_id in enumerate(sc.item_ids):
        act = int(orders.action[i, k])
        entry: dict[str, Any] = {}
        if act != HOLD:
            entry["action"] = ACTION_NAMES[act]
            if act == OFFER:
                entry["position"] = sc.position_ids[i][int(orders.arg[i, k])]
        if orders.request[i, k] >= 0:
            entry["request"] = sc.position_ids[i][int(orders.request[i, k])]
        if entry:
            items[item_id] = entry
    out: dict[str, Any] = {"posture": sc.postures[side].ids[int(orders.posture[k])]}
    if orders.talks[k] != NO_TALKS:
        out["talks"] = TALKS_NAMES[int(orders.talks[k])]
    if orders.package[k] >= 0:
        out["package"] = sc.package_ids[int(orders.package[k])]
    if items:
        out["items"] = items
    if k < len(orders.rationale) and orders.rationale[k]:
        out["rationale"] = orders.rationale[k]
    return out


def from_dict(sc: CompiledScenario, side: int, data: dict[str, Any]) -> Orders:
    """Orders for one game from the dict form. Raises OrderError naming what is wrong."""
    if not isinstance(data, dict):
        raise OrderError("orders must be a mapping")
    ni = len(sc.item_ids)
    out = Orders.hold(ni, 1)
    postures = sc.postures[side].ids
    posture = data.get("posture", postures[0])
    if posture not in postures:
        raise OrderError(f"unknown posture '{posture}'")
    out.posture[0] = postures.index(posture)
    talks = data.get("talks", "none")
    if talks not in TALKS_NAMES:
        raise OrderError(f"unknown talks order '{talks}'")
    out.talks[0] = TALKS_NAMES.index(talks)
    package = data.get("package")
    if package is not None:
        if package not in sc.package_ids:
            raise OrderError(f"unknown package '{package}'")
        out.package[0] = sc.package_ids.index(package)
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise OrderError("items must be a mapping")
    for item_id, entry in items.items():
        if item_id not in sc.item_ids or not isinstance(entry, dict):
            raise OrderError(f"unknown agenda item '{item_id}'")
        i = sc.item_ids.index(item_id)
        positions = sc.position_ids[i]
        act = entry.get("action", "hold")
        if act not in ACTION_NAMES:
            raise OrderError(f"unknown action '{act}' on {item_id}")
        out.action[i, 0] = ACTION_NAMES.index(act)
        if act == "offer":
            if entry.get("position") not in positions:
                raise OrderError(f"offer on {item_id} names no position of that item")
            out.arg[i, 0] = positions.index(entry["position"])
        if "request" in entry:
            if entry["request"] not in positions:
                raise OrderError(f"request on {item_id} names no position of that item")
            out.request[i, 0] = positions.index(entry["request"])
    rationale = data.get("rationale", "")
    out.rationale = [str(rationale)[:500]]
    return out


@dataclass
class Legal:
    """What one side may order now, for N games (masks; True = allowed)."""

    posture: np.ndarray  # (postures, N)
    table: np.ndarray  # (N,) talks in session: item actions and packages are possible
    talks: np.ndarray  # (3, N): none / recess / resume
    item_open: np.ndarray  # (items, N): an action on this item is possible
    concede: np.ndarray  # (items, N)
    accept: np.ndarray  # (items, N)
    offer_lo: np.ndarray  # (items, N): the range of rungs the side may offer
    offer_hi: np.ndarray
    request_lo: np.ndarray  # (items, N): rungs beyond authority that may be asked for
    request_hi: np.ndarray
    package: np.ndarray  # (packages, N)

    def game(self, k: int) -> Legal:
        return Legal(**{name: np.ascontiguousarray(value[..., k:k + 1])
                        for name, value in self.__dict__.items()})


def legal_orders(sc: CompiledScenario, side: int, state: Any,
                 posture_ok: np.ndarray) -> Legal:
    """The legal orders of a side. `state` may be the truth or the side's view: everything read
    here (item status, positions, own authority, talks) is known to the side itself."""
    n = state.talks.shape[0]
    session = state.talks == 0
    status = state.status
    live = ((status == OPEN) | (status == DEADLOCKED)) & session
    own, other = state.pos[side], state.pos[1 - side]
    auth = state.auth[side]
    rungs = sc.rungs[:, None]
    if side == 0:  # the UN Command concedes by moving up the ladder
        concede = live & (own < auth) & (own < other)
        accept = live & (other <= auth)
        offer_lo, offer_hi = np.zeros_like(own), np.minimum(auth, other)
        request_lo = auth + 1
        request_hi = np.broadcast_to(rungs - 1, own.shape).astype(np.int16)
    else:
        concede = live & (own > auth) & (own > other)
        accept = live & (other >= auth)
        offer_lo = np.maximum(auth, other)
        offer_hi = np.broadcast_to(rungs - 1, own.shape).astype(np.int16)
        request_lo = np.zeros_like(own)
        request_hi = auth - 1
    pending_request = state.req_pos[side] >= 0
    request_hi = np.where(pending_request | (status == AGREED), request_lo - 1, request_hi)
    if sc.package_terms.shape[0]:
        terms = sc.package_terms[:, :, None]  # (packages, items, 1)
        within = (terms < 0) | ((terms <= auth[None]) if side == 0 else (terms >= auth[None]))
        discussable = (terms < 0) | ((status[None] == OPEN) | (status[None] == DEADLOCKED))
        package = np.all(within & discussable, axis=1) & session[None]
    else:
        package = np.zeros((0, n), dtype=bool)
    recess_by_me = (state.talks == 1) & ((state.recess_by == side) | (state.recess_by == 2))
    talks = np.stack([np.ones(n, dtype=bool), session, recess_by_me])
    return Legal(posture_ok, session, talks, live, concede, accept, offer_lo, offer_hi,
                 request_lo.astype(np.int16), request_hi.astype(np.int16), package)


def sanitize(orders: Orders, legal: Legal, side: int) -> Orders:
    """Replace anything illegal by holding, so that no order can break the rules: a policy or a
    hand-edited save can be wrong, the engine never is."""
    posture = _pick(legal.posture, orders.posture, np.argmax(legal.posture, axis=0))
    talks = _pick(legal.talks, orders.talks, NO_TALKS)
    act = orders.action
    arg = orders.arg.astype(np.int64)
    ok = (act == HOLD) | ((act == CONCEDE) & legal.concede) | ((act == ACCEPT) & legal.accept)
    ok |= (act == OFFER) & legal.item_open & (arg >= legal.offer_lo) & (arg <= legal.offer_hi)
    action = np.where(ok, act, HOLD).astype(np.int8)
    req = orders.request
    req_ok = (req >= legal.request_lo) & (req <= legal.request_hi)
    request = np.where(req_ok, req, -1).astype(np.int16)
    package = _pick(legal.package, orders.package, NO_PACKAGE) if legal.package.shape[0] else (
        np.full_like(orders.package, NO_PACKAGE))
    return Orders(posture.astype(np.int16), talks.astype(np.int8), action,
                  np.where(action == OFFER, arg, -1).astype(np.int16), request, package,
                  orders.rationale)


def _pick(allowed: np.ndarray, chosen: np.ndarray, fallback: Any) -> np.ndarray:
    """chosen where it indexes an allowed row (per game), else fallback."""
    rows = allowed.shape[0]
    idx = np.clip(chosen, 0, rows - 1).astype(np.intp)
    ok = (chosen >= 0) & (chosen < rows) & np.take_along_axis(allowed, idx[None], 0)[0]
    return np.where(ok, chosen, fallback).astype(chosen.dtype)


def why_illegal(sc: CompiledScenario, side: int, orders: Orders, legal: Legal,
                k: int = 0) -> tuple[str, str] | None:
    """The first order of game k that `sanitize` would change, as (what was ordered, why it is
    not allowed), or None when every order is legal. A live game refuses such orders and a
    replay reports them, so that no record holds an order the engine silently turned into
    holding."""
    posture = int(orders.posture[k])
    ids = sc.postures[side].ids
    if not 0 <= posture < len(ids):
        return "take an unknown posture", "the scenario has no such posture"
    if not legal.posture[posture, k] and legal.posture[:, k].any():  # none allowed: any goes
        return (f"take the posture '{ids[posture]}'",
                "the scenario does not allow that posture at this moment")
    talks = int(orders.talks[k])
    if not 0 <= talks < len(TALKS_NAMES):
        return "give an unknown order at the talks", "there is no such order"
    if not legal.talks[talks, k]:
        if talks == RECESS:
            return "call a recess", "the talks are already in recess"
        return "end the recess", "the talks are not in a recess that this side called"
    numbers = [item.number for item in sc.model.agenda.items]
    for i, item_id in enumerate(sc.item_ids):
        where = f"item {numbers[i]} ({item_id})"
        act = int(orders.action[i, k])
        if act != HOLD and not 0 <= act < len(ACTION_NAMES):
            return f"act on {where}", "there is no such action"
        if act != HOLD and not legal.item_open[i, k]:
            return (f"accept {where}" if act == ACCEPT else f"{ACTION_NAMES[act]} on {where}",
                    "the item is not open for discussion (not yet on the table, agreed, or "
                    "the talks are in recess)")
        if act == CONCEDE and not legal.concede[i, k]:
            return (f"concede on {where}", "there is no step left to concede within its "
                    "authority and short of the other side's position")
        if act == ACCEPT and not legal.accept[i, k]:
            return f"accept {where}", "the other side's terms are beyond its authority"
        if act == OFFER:
            rung = int(orders.arg[i, k])
            if not legal.offer_lo[i, k] <= rung <= legal.offer_hi[i, k]:
                return (f"offer {_rung_name(sc, i, rung)} on {where}",
                        f"it may offer only rungs {int(legal.offer_lo[i, k])} to "
                        f"{int(legal.offer_hi[i, k])} now")
        request = int(orders.request[i, k])
        if request >= 0 and not legal.request_lo[i, k] <= request <= legal.request_hi[i, k]:
            return (f"ask leave for {_rung_name(sc, i, request)} on {where}",
                    "a request may name only a rung beyond its authority, one at a time, "
                    "on an item not yet agreed")
    package = int(orders.package[k])
    if package >= 0:
        if package >= legal.package.shape[0]:
            return "put forward an unknown package", "the scenario has no such package"
        if not legal.package[package, k]:
            return (f"put forward the package '{sc.package_ids[package]}'",
                    "its terms are beyond its authority, or one of its items is not open, or "
                    "the talks are in recess")
    return None


def _rung_name(sc: CompiledScenario, item: int, rung: int) -> str:
    ids = sc.position_ids[item]
    return f"'{ids[rung]}'" if 0 <= rung < len(ids) else f"rung {rung}"
