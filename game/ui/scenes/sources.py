"""Sources and credits: where the history, the map and the tools come from."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.scenario.bundled import bundled_names, resolve
from game.scenario.diagnostics import ScenarioError
from game.scenario.loader import load_scenario
from game.ui.scenes.base import Scene
from game.ui.scenes.turn import esc

CREDITS = (
    "<b>History</b><br>U.S. decision-making in the Korean armistice negotiations (the seed "
    "paper), checked against Foreign Relations of the United States, 1951 vol. VII and "
    "1952-1954 vol. XV, and W. G. Hermes, <i>Truce Tent and Fighting Front</i> (U.S. Army "
    "Center of Military History, 1966). The full fact base, and where the paper and the record "
    "disagree: docs/history/record.md.<br><br>"
    "<b>Map</b><br>Coastlines and borders: Natural Earth (public domain), via the world-atlas "
    "package (ISC licence). Towns: GeoNames (CC BY 4.0); battle sites as cited in "
    "assets/map/ATTRIBUTION.md.<br><br>"
    "<b>Software</b><br>pygame-ce, pygame_gui (with the Noto Sans fonts), PyYAML, pydantic, "
    "NumPy.")


class Sources(Scene):
    title = "Sources and credits"

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        pad = self.px(24)
        UILabel(pygame.Rect(pad, pad, w, self.px(40)), "Sources and credits", m,
                object_id="@heading")
        parts = [CREDITS]
        for name in bundled_names():
            try:
                sc = load_scenario(resolve(name))
            except ScenarioError:
                continue
            sources = sorted({e.source for e in sc.model.history.timeline}
                             | {e.source for e in sc.model.events if e.source})
            parts.append(f"<b>Sources cited in {esc(sc.model.title)}</b><br>"
                         + "<br>".join(f"• {esc(s)}" for s in sources))
        UITextBox("<br><br>".join(parts), pygame.Rect(pad, pad + self.px(50), w - 2 * pad,
                                                      h - 2 * pad - self.px(120)), m)
        bw = self.px(200)
        self.back_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(50), bw,
                                                self.px(50)), "Back  [Esc]", m)

    def process_event(self, event: pygame.event.Event) -> bool:
        from game.ui.scenes.menu import MainMenu

        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.back_button) or (event.type == pygame.KEYDOWN and
                                      event.key == pygame.K_ESCAPE):
            self.app.show(MainMenu(self.app))
            return True
        return False
