"""Ten thousand random events across every screen (fixed seed): clicks, drags, wheel, keys,
text, resizes. The game must never raise."""

import random

import pygame

from game.ui.scenes.menu import MainMenu

KEYS = [pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_F9, pygame.K_F1, pygame.K_p, pygame.K_n,
        pygame.K_c, pygame.K_l, pygame.K_s, pygame.K_r, pygame.K_h, pygame.K_a, pygame.K_1,
        pygame.K_2, pygame.K_3, pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_BACKSPACE,
        pygame.K_e, pygame.K_EQUALS, pygame.K_MINUS]


def random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    w, h = size
    pos = (rng.randrange(w), rng.randrange(h))
    kind = rng.random()
    if kind < 0.45:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
    if kind < 0.70:
        return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)
    if kind < 0.80:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if kind < 0.84:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False,
                                  precise_x=0.0, precise_y=0.0)
    if kind < 0.97:
        mod = rng.choice((0, 0, 0, pygame.KMOD_CTRL))
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=mod,
                                  unicode=rng.choice("abc12 "), scancode=0)
    return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice("ab12"))


def test_ten_thousand_random_events(app):
    # "Quit" on the menu ends the loop; the test then starts again from the menu. Modal key
    # presses that would leave the window (F11) are not among the keys.
    rng = random.Random(1951)
    app.show(MainMenu(app))
    visited = set()
    for _ in range(10_000):
        app.handle(random_event(rng, app.size))
        if not app.running:
            app.running = True
            app.show(MainMenu(app))
        app.frame(0.02)
        visited.add(type(app.scene).__name__)
    assert {"MainMenu", "NewGame"} <= visited
    print(sorted(visited))
    assert len(visited) >= 5, visited
