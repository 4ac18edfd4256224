"""Settings: fullscreen, UI scale for a projector, colours, the default turn timer."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox

from game.ui.config import PALETTES, SCALES
from game.ui.scenes.base import Scene
from game.ui.scenes.turn import HELP, esc


class SettingsScene(Scene):
    title = "Settings"

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        s = self.app.settings
        pad, row = self.px(24), self.px(34)
        col = min(self.px(420), w - 2 * pad)
        UILabel(pygame.Rect(pad, pad, w, self.px(40)), "Settings", m, object_id="@heading")
        y = pad + self.px(56)

        def labelled(text: str) -> pygame.Rect:
            nonlocal y
            UILabel(pygame.Rect(pad, y, col, self.px(24)), text, m, object_id="@muted")
            y += self.px(26)
            rect = pygame.Rect(pad, y, col, row)
            y += row + self.px(12)
            return rect

        self.scale_menu = UIDropDownMenu([f"{x:.2f}" for x in SCALES], f"{s.scale:.2f}",
                                         labelled("Text and UI scale (Ctrl +/-)"), m)
        self.scale_menu.set_tooltip("Larger text for a classroom projector.")
        self.palette_menu = UIDropDownMenu(list(PALETTES), s.palette, labelled("Colours"), m)
        self.palette_menu.set_tooltip("'colour-blind safe' uses the Okabe-Ito colours.")
        self.fullscreen_button = UIButton(labelled("Display (F11)"),
                                          "Leave fullscreen" if s.fullscreen else
                                          "Go fullscreen", m)
        UITextBox(f"<b>Keyboard</b><br>{esc(HELP)}<br><br>Window size is remembered; drag "
                  "the window's edge to resize.", pygame.Rect(pad, y, min(w - 2 * pad,
                                                                          self.px(700)),
                                                             self.px(150)), m)
        bw = self.px(200)
        self.back_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(50), bw,
                                                self.px(50)), "Back  [Esc]", m)

    def process_event(self, event: pygame.event.Event) -> bool:
        from game.ui.scenes.menu import MainMenu

        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.scale_menu:
                self.app.settings.scale = float(event.text)
                self.app.restyle()
            elif event.ui_element is self.palette_menu:
                self.app.settings.palette = event.text
                self.app.restyle()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.fullscreen_button:
                self.app.toggle_fullscreen()
            elif event.ui_element is self.back_button:
                self.app.show(MainMenu(self.app))
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.show(MainMenu(self.app))
            return True
        return False
