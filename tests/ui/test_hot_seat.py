"""A whole hot-seat game driven through the window by synthetic key presses. While one team is
at the screen, nothing of the other side's hidden state, briefing or orders is drawn."""

import pygame

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.debrief import Debrief
from game.ui.scenes.handoff import Handoff
from game.ui.scenes.results import Results
from game.ui.scenes.turn import Briefing, TurnScreen

SECRET = {0: "UN-PLAN-ZEBRA", 1: "KPA-PLAN-ORCHID"}


def secrets_of(sc, side: int) -> list[str]:
    """Strings that belong to side `side` alone."""
    name = ("unc", "communist")[side]
    info = sc.model.sides[name]
    own_only = [v.label for v in sc.model.variables.values()
                if v.owner == name and v.intel_noise is None and v.intel_relative == 0]
    return [info.briefing.strip()[:60], *info.objectives, *own_only, SECRET[side]]


def test_whole_hot_seat_game_never_shows_the_other_side(app, drawn, screen_texts, press):
    texts_on_screen, key = screen_texts, press
    sc = load_scenario(resolve("1951"))
    session = Session(sc, "1951", 12, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False)
    flow = GameFlow(app, session)
    app.flow = flow
    flow.start()
    steps = 0
    seen_scenes = set()
    while not isinstance(app.scene, Debrief):
        steps += 1
        assert steps < 2000, "the game did not reach its debrief"
        drawn.clear()
        app.frame(0.016)
        scene = app.scene
        seen_scenes.add(type(scene).__name__)
        on_screen = " ".join(texts_on_screen(app) + drawn)
        if isinstance(scene, Handoff):
            for side in (0, 1):
                for secret in secrets_of(sc, side):
                    assert secret not in on_screen, (type(scene).__name__, secret)
            key(app, pygame.K_RETURN)
            continue
        side = scene.side
        for secret in secrets_of(sc, 1 - side):
            assert secret not in on_screen, (type(scene).__name__, side, secret)
        if isinstance(scene, TurnScreen):
            scene.rationale.set_text(SECRET[side])
            key(app, pygame.K_RETURN, pygame.KMOD_CTRL)
        elif isinstance(scene, Briefing | Results):
            key(app, pygame.K_RETURN)
    assert session.over
    assert {"Handoff", "Briefing", "TurnScreen", "Results"} <= seen_scenes
    app.frame(0.016)
    everything = " ".join(texts_on_screen(app))
    assert SECRET[0] in everything and SECRET[1] in everything  # the debrief shows both
