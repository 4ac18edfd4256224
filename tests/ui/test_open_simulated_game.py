"""A game opened from a simulated run (`armistice simulate ... --game K`) opens in the window:
listed by the Load screen, and, being over, shown as its debrief."""

from game.session import savefile
from game.session.rerun import play_game
from game.ui.scenes.debrief import Debrief
from game.ui.scenes.load import LoadGame, open_save


def test_a_simulated_game_is_listed_and_opens_to_its_debrief(app, sc1951, screen_texts):
    session = play_game(sc1951, "1951", 6, 123, ("random", "historical"))
    path = savefile.autosave(session.to_save())
    app.show(LoadGame(app))
    app.frame(0.016)
    assert any(path.name in text for text in screen_texts(app))
    assert open_save(app, path)
    app.frame(0.016)
    assert isinstance(app.scene, Debrief)
    assert app.flow.session.game_index == 123
    assert app.flow.session.state.checksum() == session.state.checksum()
