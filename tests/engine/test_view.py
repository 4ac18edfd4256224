"""What a side sees: its own state exactly, the other's through noise, hidden things never."""

import numpy as np

from game.engine.state import new_state
from game.engine.view import side_view


def test_own_and_public_exact_other_estimated_hidden_unknown(sc1951):
    state = new_state(sc1951, 4, n=200)
    row = sc1951.var_index
    unc = side_view(sc1951, state, 0)
    assert np.array_equal(unc.vars[row["unc_support"]], state.vars[row["unc_support"]])
    assert np.array_equal(unc.vars[row["unc_fortification"]],
                          state.vars[row["unc_fortification"]])
    est = unc.vars[row["com_fortification"]]
    assert not np.array_equal(est, state.vars[row["com_fortification"]])
    assert abs(np.mean(est - state.vars[row["com_fortification"]])) < 3
    assert np.isnan(unc.vars[row["com_resolve"]]).all()
    assert np.isnan(unc.vars[row["stalin_war_value"]]).all()
    com = side_view(sc1951, state, 1)
    assert np.array_equal(com.vars[row["com_resolve"]], state.vars[row["com_resolve"]])


def test_other_sides_authority_requests_and_posture_are_blanked(sc1951):
    state = new_state(sc1951, 4, n=3)
    state.req_pos[1, 0] = 1
    state.posture[1] = 2
    view = side_view(sc1951, state, 0)
    assert (view.auth[1] == -1).all()
    assert (view.req_pos[1] == -1).all()
    assert (view.posture[1] == -1).all()
    assert np.array_equal(view.auth[0], state.auth[0])


def test_a_view_holds_copies_not_the_state(sc1951):
    state = new_state(sc1951, 4, n=3)
    before = state.vars.copy()
    view = side_view(sc1951, state, 0)
    view.status[:] = 3
    view.vars[:] = 0
    assert (state.status != 3).any()
    assert (state.vars == before).all()


def test_unseen_events_are_hidden_from_a_side(sc1951):
    state = new_state(sc1951, 4, n=2)
    e = sc1951.event_ids.index("tunnels_reported")  # visible to the UN Command only
    state.event_count[e] = 1
    state.event_last[e] = 0
    assert (side_view(sc1951, state, 1).event_count[e] == 0).all()
    assert (side_view(sc1951, state, 0).event_count[e] == 1).all()
