"""A scene: one screen of the game. It builds its widgets for the current window size, reacts
to events, and draws; it never changes game state except through the Session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    title = ""

    def __init__(self, app: App) -> None:
        self.app = app
        self.status = ""  # this screen's one-line message (see App.status); dies with it

    # lifecycle -------------------------------------------------------------------------
    def build(self) -> None:
        """Create this scene's widgets for the current window size and scale."""

    def process_event(self, event: pygame.event.Event) -> bool:
        """Handle an event; True if it was used."""
        return False

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what pygame_gui does not (maps, charts) under the widgets."""

    def leave(self) -> None:
        """Called when the scene is replaced."""

    # helpers ---------------------------------------------------------------------------
    def px(self, value: float) -> int:
        return round(value * self.app.settings.scale)
