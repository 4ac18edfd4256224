"""What happened this turn and why: the side's news of the turn, with sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.ui.markup import esc, plain
from game.ui.scenes.base import Scene
from game.ui.scenes.turn import fronts_of, news_html
from game.ui.theme import font_px
from game.ui.widgets.front_view import front_view
from game.vocab import SIDES

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.flow import GameFlow


class Results(Scene):
    """`side` -1 is a spectator (AI against AI): public news and both AIs' reasons."""

    def __init__(self, app: App, flow: GameFlow, side: int) -> None:
        super().__init__(app)
        self.flow, self.side = flow, side

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        session = self.flow.session
        turn = session.turn - 1
        pad = self.px(16)
        who = "spectators" if self.side < 0 else self.flow.side_name(self.side)
        UILabel(pygame.Rect(pad, pad, w - 2 * pad, self.px(34)),
                plain(f"Results of turn {turn + 1} ({session.sc.date_of(turn):%d %b %Y}) — "
                      f"for the {who}"), m, object_id="@heading")
        if self.side < 0:
            entries = [e for e in session.log.for_game(0, None)
                       if e.turn == turn and e.visibility == "public"]
        else:
            entries = [e for e in session.news(self.side) if e.turn == turn]
        body = news_html(entries, self.app.palette, limit=200)
        if self.side < 0 and session.explanations:
            reasons = session.explanations[-1]
            sides = session.sc.model.sides
            body = (f"<b>{esc(sides['unc'].short)} AI:</b> {esc(reasons['unc'])}<br>"
                    f"<b>{esc(sides['communist'].short)} AI:</b> "
                    f"{esc(reasons['communist'])}<br><br>{body}")
        elif self.side >= 0 and session.explanations:
            mine = session.explanations[-1][SIDES[self.side]]
            if mine:
                body = f"<b>Your reasoning:</b> {esc(mine)}<br><br>{body}"
        split = int(w * 0.55)
        UITextBox(body, pygame.Rect(pad, pad + self.px(44), split - 2 * pad,
                                    h - 2 * pad - self.px(110)), m)
        self.map_rect = pygame.Rect(split, pad + self.px(44), w - split - pad,
                                    h - 2 * pad - self.px(110))
        font = pygame.font.Font(None, font_px(self.app.settings.scale, 17))
        self.map = front_view(self.map_rect, self.app.palette, font, session.sc)
        self.view = session.view(max(self.side, 0))
        label = "See the debrief  [Enter]" if session.over else "Next turn  [Enter]"
        bw = self.px(300)
        self.next_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(50), bw,
                                                self.px(50)), label, m,
                                    object_id="@big_button")

    def draw(self, surface: pygame.Surface) -> None:
        self.map.draw(surface, fronts_of(self.view, self.flow.session.sc))

    def process_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.next_button) or (event.type == pygame.KEYDOWN and event.key in (
                    pygame.K_RETURN, pygame.K_KP_ENTER)):
            self.flow.next()
            return True
        return False
