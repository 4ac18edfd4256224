"""Small helpers for placing widgets: everything is computed from the window size and the UI
scale when a scene is built, so a resize or a new scale simply builds again."""

from __future__ import annotations

import pygame


def column(x: int, y: int, width: int, height: int, gap: int, count: int) -> list[pygame.Rect]:
    return [pygame.Rect(x, y + i * (height + gap), width, height) for i in range(count)]


def centred(size: tuple[int, int], width: int, height: int, top: int | None = None) -> pygame.Rect:
    w, h = size
    return pygame.Rect((w - width) // 2, (h - height) // 2 if top is None else top, width, height)
