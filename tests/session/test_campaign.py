"""Campaigns: a finished game hands its end state to the next scenario, and the new game
replays on its own from its save."""

import pytest

from game.session.campaign import CampaignError, carry_over
from game.session.session import PlayerSpec, Session, replay

AI = PlayerSpec("ai", "historical")


def _finished(sc, seed=5):
    session = Session(sc, "1951", seed, (AI, AI), autosave=False)
    while not session.over:
        session.advance()
    return session


def test_carry_over_takes_shared_figures_and_items(sc1951):
    done = _finished(sc1951)
    start = carry_over(sc1951, done.state, sc1951)
    row = sc1951.var_index["com_fortification"]
    assert start["vars"]["com_fortification"] == pytest.approx(done.state.vars[row, 0])
    assert start["items"]["agenda"]["status"] == 3
    nxt = Session(sc1951, "1951", 6, (AI, AI), autosave=False, start=start)
    assert nxt.state.vars[row, 0] == pytest.approx(done.state.vars[row, 0])
    assert nxt.state.status[0, 0] == 3


def test_a_campaign_game_replays_from_its_own_save(sc1951):
    start = carry_over(sc1951, _finished(sc1951).state, sc1951)
    game = Session(sc1951, "1951", 6, (AI, AI), autosave=False, start=start)
    for _ in range(4):
        game.advance()
    again = replay(sc1951, game.to_save())
    assert again.state.checksum() == game.state.checksum()


def test_an_unfinished_game_cannot_lead_on(sc1951):
    session = Session(sc1951, "1951", 5, (AI, AI), autosave=False)
    session.advance()
    with pytest.raises(CampaignError, match="not finished"):
        carry_over(sc1951, session.state, sc1951)
