"""The front for a scenario the map of Korea cannot show: a diagram of each sector's line.

The map (`map_view`) knows the Korean sectors `west`, `central` and `east`. A scenario about
another war names its own sectors and `fighting.line`; drawing it on a map of Korea would
mislead, so it gets this instead: one column per sector, the reference line across the middle,
and each sector's front above (north) or below (south) it, from what the viewing side knows.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.markup import plain
from game.ui.palette import Palette
from game.ui.widgets.map_view import MapView, map_data


def on_the_map(sc: Any) -> bool:
    """Whether the map of Korea can draw this scenario's front (some sector is on it)."""
    try:
        known = {s["id"] for s in map_data().get("sectors", [])}
    except FileNotFoundError:
        return False
    return bool(known & set(sc.sector_ids))


def front_view(rect: pygame.Rect, palette: Palette, font: pygame.font.Font,
               sc: Any) -> MapView | FrontDiagram:
    """The map where the scenario's sectors are on it, else the diagram."""
    if on_the_map(sc):
        return MapView(rect, palette, font)
    return FrontDiagram(rect, palette, font, sc)


def _fit(font: pygame.font.Font, text: str, width: int) -> str:
    """`text`, shortened with an ellipsis until it fits `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


class FrontDiagram:
    """Draws into a rectangle of the screen; same `draw` as MapView."""

    def __init__(self, rect: pygame.Rect, palette: Palette, font: pygame.font.Font,
                 sc: Any) -> None:
        self.rect = rect
        self.palette = palette
        self.font = font
        self.line = plain(sc.model.fighting.line)
        self.sectors = [(s.id, plain(s.label)) for s in sc.model.fighting.sectors]
        # the scale covers every front's bounds, capped so a small move still shows
        spans = [max(abs(sc.lo[row]), abs(sc.hi[row])) for row in sc.sector_fronts]
        self.span = max(20.0, min(max(spans, default=50.0), 150.0))

    def draw(self, surface: pygame.Surface, fronts: dict[str, float | None],
             places: tuple[str, ...] = ()) -> None:
        pal, font, r = self.palette, self.font, self.rect
        clip = surface.get_clip()
        surface.set_clip(r)
        surface.fill(pal.sea, r)
        line_h = font.get_linesize()
        title = _fit(font, f"The front: km north (+) or south (−) of {self.line}", r.w - 8)
        surface.blit(font.render(title, True, pal.text), (r.x + 4, r.y + 4))
        top, bottom = r.y + 2 * line_h + 6, r.bottom - 2 * line_h - 6
        mid = (top + bottom) // 2
        half = max((bottom - top) // 2, 1)
        for x in range(r.x + 4, r.right - 4, 12):  # the reference line, dashed
            pygame.draw.line(surface, pal.parallel, (x, mid), (min(x + 6, r.right - 4), mid), 1)
        surface.blit(font.render(_fit(font, self.line, r.w // 2), True, pal.parallel),
                     (r.x + 4, mid + 2))
        width = (r.w - 8) / max(len(self.sectors), 1)
        for k, (sid, label) in enumerate(self.sectors):
            x0 = int(r.x + 4 + k * width)
            x1 = int(r.x + 4 + (k + 1) * width) - 6
            km = fronts.get(sid)
            if km is None:
                text = "unknown"
            else:
                shown = max(-self.span, min(self.span, km))
                y = int(mid - shown / self.span * half)
                pygame.draw.rect(surface, pal.land, pygame.Rect(x0, y, x1 - x0, bottom - y + 1))
                pygame.draw.line(surface, pal.communist, (x0, y - 2), (x1, y - 2), 3)
                pygame.draw.line(surface, pal.unc, (x0, y + 2), (x1, y + 2), 3)
                text = f"{km:+.0f} km"
            value = font.render(text, True, pal.text)
            y_text = top if km is None else max(top, y - value.get_height() - 6)
            surface.blit(value, (x0 + 2, y_text))
            name = font.render(_fit(font, label, x1 - x0), True, pal.muted)
            surface.blit(name, (x0, bottom + 4))
        surface.set_clip(clip)
        pygame.draw.rect(surface, pal.muted, r, 1)
