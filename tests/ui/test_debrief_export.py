"""The debrief screen's Export (Ctrl+E) writes the HTML debrief a team hands in."""

import pygame

from game.session import savefile
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.debrief import Debrief


def test_ctrl_e_writes_the_debrief(app, press, sc1951):
    ai = PlayerSpec("ai", "historical")
    session = Session(sc1951, "1951", 12, (ai, ai), autosave=False)
    while not session.over:
        session.advance()
    app.show(Debrief(app, GameFlow(app, session)))
    app.frame(0.016)
    press(app, pygame.K_e, pygame.KMOD_CTRL)
    path = savefile.data_dir() / "reports" / f"debrief-{sc1951.id}-12.html"
    assert app.status == f"Debrief written to {path}"
    page = path.read_text(encoding="utf-8")
    assert f"<h2>{session.outcome.title}</h2>" in page and "<svg" in page
