"""The table: talks in session or recess, each agenda item's state machine, packages, and the
control system (requests to the higher authority and its answers).

Positions are rungs on a ladder from the UN Command's ideal (rung 0) to the Communist side's
(the last rung). The UN Command concedes by moving up, the Communist side by moving down; an
item is agreed when the two positions meet. Each item's status follows `TRANSITIONS`, the one
place where the state machine is written down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.log import News
from game.engine.orders import Orders
from game.engine.state import State
from game.scenario.compiled import CompiledScenario
from game.vocab import (
    ACCEPT,
    AGREED,
    CONCEDE,
    DEADLOCKED,
    OFFER,
    OPEN,
    PENDING,
    RECESS,
    RESUME,
    SIDES,
)


@dataclass(frozen=True)
class Transition:
    source: int
    when: str  # the name of a condition mask computed by `_conditions`
    target: int
    meaning: str


# The state machine of an agenda item: the first matching row fires, once per turn.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(PENDING, "opens", OPEN,
               "the item's opening condition holds while the talks are in session"),
    Transition(OPEN, "meet", AGREED, "the two sides' positions meet"),
    Transition(DEADLOCKED, "meet", AGREED, "the two sides' positions meet"),
    Transition(OPEN, "package", AGREED, "both sides accept a package that includes it"),
    Transition(DEADLOCKED, "package", AGREED, "both sides accept a package that includes it"),
    Transition(OPEN, "stalled", DEADLOCKED, "nobody has moved for `deadlock_after` turns"),
    Transition(DEADLOCKED, "moved", OPEN, "a side has moved"),
)


def resolve_table(sc: CompiledScenario, state: State, orders: tuple[Orders, Orders],
                  news: News | None) -> None:
    """The table phase, in place on `state`: talks, answers, requests, moves, transitions."""
    live = state.active
    _talks(sc, state, orders, live, news)
    _requests(sc, state, orders, live, news)
    _answers(sc, state, live, news)
    moved, meet, agreed_rung = _moves(state, orders, live)
    package_hit, package_rung = _packages(sc, state, orders, live, news)
    conditions = _conditions(sc, state, live, moved, meet, package_hit)
    new_status = state.status.copy()
    changed = np.zeros(state.status.shape, dtype=bool)
    for t in TRANSITIONS:
        hit = (state.status == t.source) & conditions[t.when] & ~changed
        new_status[hit] = t.target
        changed |= hit
    became_agreed = (new_status == AGREED) & (state.status != AGREED)
    rung = np.where(package_hit, package_rung, agreed_rung)
    state.agreed_pos = np.where(became_agreed, rung, state.agreed_pos).astype(np.int16)
    state.agreed_turn = np.where(became_agreed, state.turn, state.agreed_turn).astype(np.int16)
    for s in (0, 1):
        state.pos[s] = np.where(became_agreed, rung, state.pos[s])
    discussed = (new_status == OPEN) | (new_status == DEADLOCKED)
    session = state.talks == 0
    state.stall = np.where(moved | ~discussed, 0,
                           state.stall + (session & live)).astype(np.int16)
    if news is not None:
        _log_transitions(sc, state, new_status, changed, news)
    state.status = new_status


def _talks(sc: CompiledScenario, state: State, orders: tuple[Orders, Orders],
           live: np.ndarray, news: News | None) -> None:
    sides = [sc.model.sides[name] for name in SIDES]
    for s in (0, 1):
        asks = orders[s].talks
        start = live & (asks == RECESS) & (state.talks == 0)
        end = live & (asks == RESUME) & (state.talks == 1) & (
            (state.recess_by == s) | (state.recess_by == 2))
        state.talks = np.where(start, 1, np.where(end, 0, state.talks)).astype(np.int8)
        state.recess_by = np.where(start, s, np.where(end, -1, state.recess_by)).astype(np.int8)
        state.recess_turns = np.where(start | end, 0, state.recess_turns).astype(np.int16)
        if news is not None:
            who = f"The {sides[s].short} delegation"
            news.add(start, "public", "talks", f"{who} calls a recess of the talks.")
            news.add(end, "public", "talks", f"{who} ends the recess: the talks resume.")


def _answers(sc: CompiledScenario, state: State, live: np.ndarray, news: News | None) -> None:
    """Higher authorities answer the requests that are due this turn."""
    for s in (0, 1):
        due = live[None] & (state.req_pos[s] >= 0) & (state.req_due[s] <= state.turn)
        if not due.any():
            continue
        granted = np.zeros_like(due)
        for rule in sc.approvals[s]:
            i = rule.item
            asked = state.req_pos[s, i]
            within = asked <= rule.up_to if s == 0 else asked >= rule.up_to
            ok = due[i] & within & rule.when.mask(state, state.n)
            granted[i] |= ok
        further = np.maximum if s == 0 else np.minimum
        state.auth[s] = np.where(granted, further(state.auth[s], state.req_pos[s]), state.auth[s])
        if news is not None:
            authority = sc.model.authorities[SIDES[s]].name
            for i, item_id in enumerate(sc.item_ids):
                title = sc.model.agenda.items[i].title
                for k in np.flatnonzero(due[i]):
                    rung = int(state.req_pos[s, i, k])
                    label = sc.model.agenda.items[i].positions[rung].label
                    verdict = "approves" if granted[i, k] else "refuses"
                    news.add_one(int(k), SIDES[s], "authority",
                                f"{authority} {verdict} the request to go as far as "
                                f"'{label}' on {title}.", item=item_id)
        state.req_pos[s] = np.where(due, -1, state.req_pos[s])


def _requests(sc: CompiledScenario, state: State, orders: tuple[Orders, Orders],
              live: np.ndarray, news: News | None) -> None:
    for s in (0, 1):
        new = live[None] & (orders[s].request >= 0) & (state.req_pos[s] < 0)
        state.req_pos[s] = np.where(new, orders[s].request, state.req_pos[s])
        # A delay of one turn means the answer is in before the next turn's orders.
        state.req_due[s] = np.where(new, state.turn + sc.authority_delay[s] - 1,
                                    state.req_due[s]).astype(np.int16)
        if news is not None and new.any():
            authority = sc.model.authorities[SIDES[s]].name
            for i, item_id in enumerate(sc.item_ids):
                item = sc.model.agenda.items[i]
                for k in np.flatnonzero(new[i]):
                    label = item.positions[int(orders[s].request[i, k])].label
                    news.add_one(int(k), SIDES[s], "request",
                                f"The delegation asks {authority} for leave to go as far as "
                                f"'{label}' on {item.title}.", item=item_id)


def _moves(state: State, orders: tuple[Orders, Orders],
           live: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Apply concede/offer/accept; return (moved, meet, the rung agreed where they meet)."""
    session = (state.talks == 0) & live
    open_ = ((state.status == OPEN) | (state.status == DEADLOCKED)) & session[None]
    u, c = state.pos[0], state.pos[1]
    ou, oc = orders
    new_u = np.where(ou.action == CONCEDE, u + 1,
                     np.where(ou.action == OFFER, ou.arg,
                              np.where(ou.action == ACCEPT, c, u)))
    new_c = np.where(oc.action == CONCEDE, c - 1,
                     np.where(oc.action == OFFER, oc.arg,
                              np.where(oc.action == ACCEPT, u, c)))
    new_u = np.where(open_, new_u, u).astype(np.int16)
    new_c = np.where(open_, new_c, c).astype(np.int16)
    moved_u, moved_c = new_u != u, new_c != c
    meet = open_ & (new_u >= new_c)
    # Whoever stood still sets the terms; if both moved, they split the difference.
    rung = np.where(moved_u & ~moved_c, new_c,
                    np.where(moved_c & ~moved_u, new_u, (new_u + new_c) // 2)).astype(np.int16)
    state.pos[0], state.pos[1] = new_u, new_c
    return moved_u | moved_c, meet, rung


def _packages(sc: CompiledScenario, state: State, orders: tuple[Orders, Orders],
              live: np.ndarray, news: News | None) -> tuple[np.ndarray, np.ndarray]:
    shape = state.status.shape
    if not sc.package_ids:
        return np.zeros(shape, dtype=bool), np.zeros(shape, dtype=np.int16)
    session = (state.talks == 0) & live
    for s in (0, 1):
        put = session & (orders[s].package >= 0) & (orders[s].package != state.package[s])
        state.package[s] = np.where(put, orders[s].package, state.package[s])
        if news is not None:
            who = f"The {sc.model.sides[SIDES[s]].short} delegation"
            for k in np.flatnonzero(put):
                p = sc.model.agenda.packages[int(orders[s].package[k])]
                news.add_one(int(k), "public", "package", f"{who} puts a package on the table: "
                                                         f"{p.label}.")
    both = session & (state.package[0] >= 0) & (state.package[0] == state.package[1])
    idx = np.maximum(state.package[0], 0).astype(np.intp)
    terms = sc.package_terms[idx].T  # (items, N)
    hit = both[None] & (terms >= 0)
    if news is not None:
        for k in np.flatnonzero(both):
            p = sc.model.agenda.packages[int(idx[k])]
            news.add_one(int(k), "public", "package", f"Both sides accept the package: {p.label}.")
    state.package[:, both] = -1
    return hit, terms.astype(np.int16)


def _conditions(sc: CompiledScenario, state: State, live: np.ndarray, moved: np.ndarray,
                meet: np.ndarray, package: np.ndarray) -> dict[str, np.ndarray]:
    session = (state.talks == 0) & live
    opens = np.zeros(state.status.shape, dtype=bool)
    for i, cond in enumerate(sc.opens_when):
        if (state.status[i] == PENDING).any():
            opens[i] = cond.mask(state, state.n) & session
    stalled = (state.stall + 1 >= sc.deadlock_after[:, None]) & ~moved & session[None]
    return {"opens": opens, "meet": meet, "package": package, "stalled": stalled,
            "moved": moved}


def _log_transitions(sc: CompiledScenario, state: State, new_status: np.ndarray,
                     changed: np.ndarray, news: News) -> None:
    for i, item in enumerate(sc.model.agenda.items):
        for k in np.flatnonzero(changed[i]):
            to = int(new_status[i, k])
            if to == AGREED:
                label = item.positions[int(state.agreed_pos[i, k])].label
                text = f"Item {item.number}, {item.title}, is agreed: {label}."
            elif to == OPEN and state.status[i, k] == PENDING:
                text = f"Item {item.number}, {item.title}, comes up for discussion."
            elif to == DEADLOCKED:
                text = f"Item {item.number}, {item.title}, is deadlocked."
            else:
                text = f"Item {item.number}, {item.title}, moves again."
            news.add_one(int(k), "public", "agenda", text, item=item.id)

