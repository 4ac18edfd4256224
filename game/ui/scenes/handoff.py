"""Between teams at one machine: a screen that shows nothing of either side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel

from game.ui.markup import plain
from game.ui.scenes.base import Scene

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.flow import GameFlow


class Handoff(Scene):
    def __init__(self, app: App, flow: GameFlow, side: int) -> None:
        super().__init__(app)
        self.flow, self.side = flow, side
        self.handed_to: int | None = None

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        name = self.flow.side_name(self.side)
        UILabel(pygame.Rect(0, h // 2 - self.px(110), w, self.px(56)), "Hand over", m,
                object_id="@title")
        UILabel(pygame.Rect(0, h // 2 - self.px(40), w, self.px(30)),
                plain(f"Next: the {name} team."), m, object_id="@subtitle")
        UILabel(pygame.Rect(0, h // 2, w, self.px(26)),
                "The other team should look away. Nothing of either side is on screen.", m,
                object_id="@centred")
        bw = self.px(420)
        short = self.flow.session.sc.model.sides[("unc", "communist")[self.side]].short
        self.ready = UIButton(pygame.Rect((w - bw) // 2, h // 2 + self.px(50), bw, self.px(52)),
                              plain(f"{short} team ready  [Enter]"), m, object_id="@big_button")

    def process_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.ready) or (
                event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN,
                                                               pygame.K_KP_ENTER)):
            self.handed_to = self.side
            self.flow.next()
            return True
        return False
