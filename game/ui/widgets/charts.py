"""Line charts of the war over time, drawn with pygame (no plotting dependency)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.markup import plain
from game.ui.palette import Colour, Palette


def line_chart(surface: pygame.Surface, rect: pygame.Rect, title: str,
               series: Sequence[tuple[str, Sequence[float], Colour]], x_labels: Sequence[str],
               palette: Palette, font: pygame.font.Font) -> None:
    pygame.draw.rect(surface, palette.panel, rect)
    surface.blit(font.render(plain(title), True, palette.accent), (rect.x + 6, rect.y + 4))
    values = [v for _, vs, _ in series for v in vs]
    if not values:
        return
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    top = rect.y + font.get_linesize() + 8
    plot = pygame.Rect(rect.x + 56, top, rect.width - 66, rect.bottom - top - font.get_linesize()
                       - 8)
    pygame.draw.rect(surface, palette.background, plot)
    for frac in (0.0, 0.5, 1.0):
        y = plot.bottom - frac * plot.height
        pygame.draw.line(surface, palette.muted, (plot.x, y), (plot.right, y), 1)
        tick = font.render(_short(lo + frac * (hi - lo)), True, palette.muted)
        surface.blit(tick, (plot.x - tick.get_width() - 4, y - tick.get_height() // 2))
    n = max(len(vs) for _, vs, _ in series)
    for _label, vs, colour in series:
        if len(vs) >= 2:
            pts = [(plot.x + k * plot.width / max(n - 1, 1),
                    plot.bottom - (v - lo) / (hi - lo) * plot.height) for k, v in enumerate(vs)]
            pygame.draw.lines(surface, colour, False, pts, 2)
    x = rect.right - 6
    for label, _, colour in reversed(series):  # legend, top right
        text = font.render(plain(label), True, colour)
        x -= text.get_width()
        surface.blit(text, (x, rect.y + 4))
        x -= 14
    if x_labels:
        y = plot.bottom + 2
        first = font.render(x_labels[0], True, palette.muted)
        last = font.render(x_labels[-1], True, palette.muted)
        surface.blit(first, (plot.x, y))
        surface.blit(last, (plot.right - last.get_width(), y))


def _short(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1e6:.1f}M"
    if abs(v) >= 1000:
        return f"{v / 1000:.0f}k"
    return f"{v:.0f}"
