"""GUI tests run under SDL's dummy drivers (set in tests/conftest.py) with a real App."""

import pygame
import pytest

from game.ui.app import App
from game.ui.config import UISettings


@pytest.fixture
def app():
    application = App(UISettings(width=1280, height=720), headless=True)
    yield application
    pygame.quit()


@pytest.fixture
def screen_texts():
    return texts_on_screen


@pytest.fixture
def press():
    return key


def texts_on_screen(app) -> list[str]:
    """Every string the widgets show: labels, buttons, text boxes, drop-down choices."""
    out: list[str] = []

    def walk(element) -> None:
        for attr in ("text", "html_text", "selected_option"):
            value = getattr(element, attr, None)
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, tuple) and value and isinstance(value[0], str):
                out.append(value[0])
        for option in getattr(element, "options_list", []) or []:
            out.append(option[0] if isinstance(option, tuple) else str(option))
        for child in getattr(element, "elements", []) or []:
            walk(child)
        container = getattr(element, "get_container", None)
        if callable(container) and container() is not element:
            walk(container())

    walk(app.manager.get_root_container())
    return out


def key(app, k, mod=0):
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    app.frame(0.016)


@pytest.fixture
def drawn(monkeypatch):
    """Every string rendered with pygame.font (the map, gauges, charts, pygame_gui's text)."""
    seen: list[str] = []
    real = pygame.font.Font

    class Recording(real):
        def render(self, text, *args, **kwargs):
            seen.append(str(text))
            return super().render(text, *args, **kwargs)

    monkeypatch.setattr(pygame.font, "Font", Recording)
    return seen
