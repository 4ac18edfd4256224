"""A message over whatever screen is showing, owned by the app rather than by a scene.

Scenes rebuild their widgets often (a resize, a change of text size, a new turn), and that
clears every pygame_gui element; a notice notices it is gone and builds itself again, so it
stays until it times out or the player closes it (its close button, its own button, or Esc).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox, UIWindow

if TYPE_CHECKING:
    from game.ui.app import App


class _Window(UIWindow):
    """A UIWindow that remembers being closed by the player (not by a scene's rebuild)."""

    closed_by_player = False

    def on_close_window_button_pressed(self) -> None:
        self.closed_by_player = True
        self.kill()


class Notice:
    """A titled message: `seconds` None stays until closed; `owner` is what it belongs to
    (the game in progress): it goes away when the screen shown no longer belongs to it."""

    def __init__(self, title: str, html: str, *, owner: object, seconds: float | None = None,
                 button: str = "OK  [Esc]") -> None:
        self.title, self.html, self.owner = title, html, owner
        self.seconds_left = seconds
        self.button_text = button
        self.window: _Window | None = None
        self._manager: object = None
        self.button: UIButton | None = None
        self.done = False

    def _build(self, app: App) -> None:
        px = lambda v: round(v * app.settings.scale)  # noqa: E731
        sw, sh = app.size
        self._manager = app.manager
        w = min(max(px(760), sw // 2), sw - px(40))
        top = px(48)
        self.window = _Window(pygame.Rect((sw - w) // 2, top, w, sh - 2 * top), app.manager,
                              window_display_title=self.title, resizable=False,
                              always_on_top=True)
        inner = self.window.get_container().get_rect()
        frame = self.window.rect.height - inner.height  # title bar and borders
        bh, bw, gap = px(40), px(220), px(10)
        room = inner.height - bh - 2 * gap
        box = UITextBox(self.html, pygame.Rect(0, 0, inner.width, -1), app.manager,
                        container=self.window)  # -1: as tall as its text
        if box.rect.height > room:  # a long message scrolls rather than leave the screen
            box.kill()
            box = UITextBox(self.html, pygame.Rect(0, 0, inner.width, room), app.manager,
                            container=self.window)
        text_h = box.rect.height
        self.button = UIButton(pygame.Rect(inner.width - bw - gap, text_h + gap, bw, bh),
                               self.button_text, app.manager, container=self.window)
        outer = self.window.rect  # includes the shadow, as set_dimensions expects
        height = frame + text_h + bh + 2 * gap
        self.window.set_dimensions((outer.width, height))

    def update(self, app: App, dt: float) -> bool:
        """Keep the notice on screen; False once it is over."""
        if self.done or getattr(app.scene, "flow", None) is not self.owner:
            self.close()
            return False
        if self.window is not None and self.window.closed_by_player:
            self.done = True
            return False
        if self.seconds_left is not None:
            self.seconds_left -= dt
            if self.seconds_left <= 0:
                self.close()
                return False
        if self.window is None or not self.window.alive() or self._manager is not app.manager:
            self._build(app)  # cleared by a scene's rebuild, or a new theme's new manager
        return True

    def process_event(self, event: pygame.event.Event) -> bool:
        """Close on the notice's button or Esc (used, so Esc does not also leave the game)."""
        if self.window is None or not self.window.alive():
            return False
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.button) or (
                event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
            self.close()
            return True
        return False

    def close(self) -> None:
        self.done = True
        if self.window is not None and self.window.alive():
            self.window.kill()
