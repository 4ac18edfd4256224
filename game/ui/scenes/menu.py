"""The main menu: new game, continue, load, settings, sources and credits, quit."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel

from game.session import savefile
from game.ui.scenes.base import Scene
from game.ui.widgets.layout import column

SHORTCUTS = {pygame.K_n: "new", pygame.K_c: "continue", pygame.K_l: "load",
             pygame.K_s: "settings", pygame.K_r: "sources", pygame.K_q: "quit"}


class MainMenu(Scene):
    title = "Main menu"

    def build(self) -> None:
        m = self.app.manager
        w, h = self.app.size
        bw, bh, gap = self.px(360), self.px(46), self.px(12)
        top = max(self.px(200), h // 2 - 3 * (bh + gap) + self.px(40))
        UILabel(pygame.Rect(0, top - self.px(170), w, self.px(56)), "ARMISTICE", m,
                object_id="@title")
        UILabel(pygame.Rect(0, top - self.px(112), w, self.px(30)),
                "Negotiating the end of the Korean War, 1951-1953", m, object_id="@subtitle")
        UILabel(pygame.Rect(0, top - self.px(78), w, self.px(26)),
                "Fight and talk at once. Every concession needs your government's leave.", m,
                object_id="@centred")
        # Only names here (the menu is rebuilt on every resize): Continue replays the newest
        # autosave when chosen, and goes back to older ones if it does not replay.
        self.latest = bool(savefile.autosaves())
        entries = [
            ("new", "New game  [N]", "Choose a scenario, a side and an opponent."),
            ("continue", "Continue  [C]", "Resume the most recent autosave that opens."
             if self.latest else "No autosave yet: start a new game."),
            ("load", "Load  [L]", "Open a saved game."),
            ("settings", "Settings  [S]", "Window, fullscreen, UI scale, colours, turn timer."),
            ("sources", "Sources and credits  [R]", "Where the history and the map come from."),
            ("quit", "Quit  [Q]", "Leave the game (your game is autosaved every turn)."),
        ]
        self.buttons: dict[str, UIButton] = {}
        for rect, (key, text, tip) in zip(column((w - bw) // 2, top, bw, bh, gap, len(entries)),
                                          entries, strict=True):
            self.buttons[key] = UIButton(rect, text, m, tool_tip_text=tip,
                                         object_id="@big_button")
        if not self.latest:
            self.buttons["continue"].disable()

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, button in self.buttons.items():
                if event.ui_element is button:
                    self.choose(key)
                    return True
        if event.type == pygame.KEYDOWN and event.key in SHORTCUTS:
            self.choose(SHORTCUTS[event.key])
            return True
        return False

    def choose(self, key: str) -> None:
        from game.ui.scenes import load, new_game, settings, sources

        if key == "new":
            self.app.show(new_game.NewGame(self.app))
        elif key == "continue" and self.latest:
            load.continue_latest(self.app)
        elif key == "load":
            self.app.show(load.LoadGame(self.app))
        elif key == "settings":
            self.app.show(settings.SettingsScene(self.app))
        elif key == "sources":
            self.app.show(sources.Sources(self.app))
        elif key == "quit":
            self.app.running = False
