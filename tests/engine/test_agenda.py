"""The table: moves, agreement, deadlock, recess, requests up the chain, packages."""

import numpy as np

from game.engine.orders import Orders
from game.engine.state import new_state
from game.engine.turn import legal, resolve_turn
from game.vocab import ACCEPT, AGREED, CONCEDE, DEADLOCKED, OFFER, OPEN, PENDING, RECESS, RESUME


def _hold(sc, n=1):
    return Orders.hold(len(sc.item_ids), n), Orders.hold(len(sc.item_ids), n)


def _item(sc, name):
    return sc.item_ids.index(name)


def test_positions_meet_and_the_item_is_agreed(sc1951):
    state = new_state(sc1951, 1)
    a = _item(sc1951, "agenda")
    unc, com = _hold(sc1951)
    unc.action[a] = CONCEDE  # 0 -> 1, within authority
    com.action[a] = OFFER
    com.arg[a] = 1
    # The Communist delegation may not offer rung 1 yet: beyond its authority, so it holds.
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[a, 0] == OPEN
    assert state.pos[0, a, 0] == 1 and state.pos[1, a, 0] == 3
    unc, com = _hold(sc1951)
    com.action[a] = ACCEPT  # accept the UN position? beyond authority: ignored
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[a, 0] == OPEN


def test_request_is_answered_and_widens_authority(sc1951):
    state = new_state(sc1951, 1)
    a = _item(sc1951, "agenda")
    assert state.auth[1, a, 0] == 2
    unc, com = _hold(sc1951)
    com.request[a] = 1
    state, _ = resolve_turn(sc1951, state, (unc, com))  # Beijing answers before the next turn
    assert state.auth[1, a, 0] == 1
    assert state.req_pos[1, a, 0] == -1
    unc, com = _hold(sc1951)
    unc.action[a] = CONCEDE
    com.action[a] = OFFER
    com.arg[a] = 1
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[a, 0] == AGREED
    assert state.agreed_pos[a, 0] == 1
    assert state.agreed_turn[a, 0] == 1
    d = _item(sc1951, "demarcation")
    unc, com = _hold(sc1951)
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[d, 0] == OPEN  # item 2 opens once item 1 is agreed


def test_a_refused_request_leaves_authority_alone(sc1951):
    state = new_state(sc1951, 1)
    p = _item(sc1951, "prisoners")
    state.status[p] = OPEN
    unc, com = _hold(sc1951)
    unc.request[p] = 1  # Washington grants neutral custody only if support collapses
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.auth[0, p, 0] == 0
    assert state.req_pos[0, p, 0] == -1


def test_no_movement_deadlocks_and_a_move_reopens(sc1951):
    state = new_state(sc1951, 1)
    a = _item(sc1951, "agenda")
    for _ in range(sc1951.deadlock_after[a]):
        state, _ = resolve_turn(sc1951, state, _hold(sc1951))
    assert state.status[a, 0] == DEADLOCKED
    unc, com = _hold(sc1951)
    unc.action[a] = CONCEDE
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[a, 0] == OPEN


def test_recess_freezes_the_table_until_the_caller_resumes(sc1951):
    state = new_state(sc1951, 1)
    a = _item(sc1951, "agenda")
    unc, com = _hold(sc1951)
    com.talks[0] = RECESS
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.talks[0] == 1 and state.recess_by[0] == 1
    unc, com = _hold(sc1951)
    unc.action[a] = CONCEDE
    unc.talks[0] = RESUME  # not the UNC's recess to end
    assert not legal(sc1951, state, 0).concede[a, 0]
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.talks[0] == 1
    assert state.pos[0, a, 0] == 0
    assert state.recess_turns[0] == 2
    unc, com = _hold(sc1951)
    com.talks[0] = RESUME
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.talks[0] == 0


def test_a_package_accepted_by_both_settles_its_items(sc1951):
    state = new_state(sc1951, 1)
    s, p = _item(sc1951, "supervision"), _item(sc1951, "prisoners")
    state.status[s] = OPEN
    state.status[p] = OPEN
    k = sc1951.package_ids.index("april_package")
    assert not legal(sc1951, state, 0).package[k, 0]  # beyond the UNC's instructions on airfields
    state.auth[0, s] = 2
    state.auth[1, s] = 2
    state.auth[1, p] = 0
    assert legal(sc1951, state, 0).package[k, 0] and legal(sc1951, state, 1).package[k, 0]
    unc, com = _hold(sc1951)
    unc.package[0] = k
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.package[0, 0] == k and state.status[s, 0] == OPEN
    unc, com = _hold(sc1951)
    com.package[0] = k
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[s, 0] == AGREED and state.status[p, 0] == AGREED
    assert state.agreed_pos[s, 0] == 2 and state.agreed_pos[p, 0] == 0


def test_illegal_orders_are_replaced_by_holding(sc1951):
    state = new_state(sc1951, 1)
    d = _item(sc1951, "demarcation")
    unc, com = _hold(sc1951)
    unc.action[d] = CONCEDE  # the item is pending
    unc.posture[0] = 99  # no such posture
    unc.request[d] = 0  # not beyond authority
    state, _ = resolve_turn(sc1951, state, (unc, com))
    assert state.status[d, 0] == PENDING
    assert state.pos[0, d, 0] == 0
    assert 0 <= state.posture[0, 0] < len(sc1951.postures[0].ids)
    assert state.req_pos[0, d, 0] == -1


def test_every_game_ends_by_the_end_of_the_calendar(sc1951):
    state = new_state(sc1951, 8, n=16)
    for _ in range(sc1951.turns):
        state, _ = resolve_turn(sc1951, state, _hold(sc1951, 16))
    assert not state.active.any()
    assert (state.outcome >= 0).all()
    stalemate = next(o.index for o in sc1951.outcomes if o.id == "stalemate")
    assert (state.outcome == stalemate).all()
    assert (state.end_turn == sc1951.turns - 1).all()
    assert np.isfinite(state.score).all()
