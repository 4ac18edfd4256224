"""Every screen at 1280x720 and 1920x1080, at normal and projector scale: no label too small
for its text (pygame_gui warns when text would be cut off)."""

import warnings

import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session
from game.ui.app import App
from game.ui.config import UISettings
from game.ui.flow import GameFlow
from game.ui.scenes import debrief, handoff, load, menu, new_game, results, settings, sources, turn


@pytest.mark.parametrize("size, scale", [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                         ((1920, 1080), 1.5)])
def test_every_screen_fits(size, scale):
    sc = load_scenario(resolve("1951"))
    app = App(UISettings(width=size[0], height=size[1], scale=scale), headless=True)
    hot = Session(sc, "1951", 3, (PlayerSpec("human"), PlayerSpec("human")), autosave=False)
    ai = PlayerSpec("ai", "historical")
    watch = Session(sc, "1951", 3, (ai, ai), autosave=False)
    for _ in range(8):
        watch.advance()
    flow = GameFlow(app, hot)
    watch_flow = GameFlow(app, watch)
    scenes = [menu.MainMenu(app), new_game.NewGame(app), load.LoadGame(app),
              settings.SettingsScene(app), sources.Sources(app),
              turn.Briefing(app, flow, 0), turn.Briefing(app, flow, 1),
              turn.TurnScreen(app, flow, 0), turn.TurnScreen(app, flow, 1),
              handoff.Handoff(app, flow, 1), results.Results(app, watch_flow, -1)]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Label Rect is too small")
        for scene in scenes:
            app.show(scene)
            app.frame(0.016)
        while not watch.over:
            watch.advance()
        app.show(debrief.Debrief(app, watch_flow))
        app.frame(0.016)
