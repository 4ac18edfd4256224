"""The map of the peninsula: Natural Earth coastlines and borders, the 38th parallel, the
front by sector from what the viewing side knows, and the places of the talks and battles.

The projection is equirectangular with the longitude scaled by cos(38°), fitted to the widget.
Coastlines are projected once per size and cached; the front is drawn every frame.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pygame

import game
from game.ui.palette import Palette

_PACKAGE = Path(game.__file__).resolve().parent
KM_PER_DEGREE = 111.0
ATTRIBUTION = "Map: Natural Earth (public domain)"
FRONT_WINDOW = (124.9, 36.75, 129.6, 39.85)
KIND_ORDER = {"talks": 0, "city": 1, "battle": 2, "island": 3}


@lru_cache(maxsize=1)
def map_data() -> dict[str, Any]:
    for folder in (_PACKAGE / "assets" / "map", _PACKAGE.parent / "assets" / "map"):
        path = folder / "korea.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("assets/map/korea.json is missing from this installation")


class MapView:
    """Draws into a rectangle of the screen."""

    def __init__(self, rect: pygame.Rect, palette: Palette, font: pygame.font.Font,
                 window: tuple[float, float, float, float] | None = FRONT_WINDOW) -> None:
        """`window` (lon0, lat0, lon1, lat1) is the part of the map to show: by default the
        front and the talks; None for the whole peninsula."""
        self.rect = rect
        self.palette = palette
        self.font = font
        data = map_data()
        lon0, lat0, lon1, lat1 = window or data["bbox"]
        self.bbox = (lon0, lat0, lon1, lat1)
        kx = math.cos(math.radians(38.0))
        width_units = (lon1 - lon0) * kx
        height_units = lat1 - lat0
        scale = min(rect.width / width_units, rect.height / height_units)
        self.kx = kx
        self.scale = scale
        self.origin = (rect.x + (rect.width - width_units * scale) / 2,
                       rect.y + (rect.height - height_units * scale) / 2)
        self.base = self._render_base(data)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        lon0, _, _, lat1 = self.bbox
        return (self.origin[0] + (lon - lon0) * self.kx * self.scale,
                self.origin[1] + (lat1 - lat) * self.scale)

    def _render_base(self, data: dict[str, Any]) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)
        surf.fill(self.palette.sea)
        ox, oy = self.rect.topleft
        for country in data["countries"]:
            korean = country.get("id") in ("PRK", "KOR")
            colour = self.palette.land if korean else self.palette.land_other
            for polygon in country["polygons"]:
                points = [(x - ox, y - oy) for x, y in (self.project(*p) for p in polygon)]
                if len(points) >= 3:
                    pygame.draw.polygon(surf, colour, points)
                    pygame.draw.lines(surf, self.palette.border, True, points, 1)
        return surf

    def draw(self, surface: pygame.Surface, fronts: dict[str, float | None],
             places: tuple[str, ...] = ()) -> None:
        """`fronts` maps a sector id to km north of the 38th parallel (None: unknown)."""
        surface.blit(self.base, self.rect.topleft)
        data = map_data()
        pal = self.palette
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        # the 38th parallel
        lat = data.get("parallel", {}).get("lat", 38.0)
        x0, y = self.project(self.bbox[0], lat)
        x1, _ = self.project(self.bbox[2], lat)
        for x in range(int(x0), int(x1), 12):
            pygame.draw.line(surface, pal.parallel, (x, y), (min(x + 6, x1), y), 1)
        label = self.font.render("38th parallel", True, pal.parallel)
        surface.blit(label, (self.rect.x + 4, y - label.get_height() - 2))
        # the front, sector by sector (UN Command side south of it)
        # through each sector's middle, from the west end of the first to the east end of
        # the last, so the line reads as a front rather than a staircase
        known = [(s, fronts.get(s["id"])) for s in data.get("sectors", [])]
        known = [(s, km) for s, km in known if km is not None]
        points = []
        for k, (sector, km) in enumerate(known):
            lat_front = 38.0 + km / KM_PER_DEGREE
            lo, hi = sector["lon"]
            if k == 0:
                points.append(self.project(lo, lat_front))
            points.append(self.project((lo + hi) / 2, lat_front))
            if k == len(known) - 1:
                points.append(self.project(hi, lat_front))
        if len(points) >= 2:
            pygame.draw.lines(surface, pal.communist, False, [(x, y - 2) for x, y in points], 3)
            pygame.draw.lines(surface, pal.unc, False, [(x, y + 2) for x, y in points], 3)
        # places: markers always, names where they do not collide (talks sites first)
        taken: list[pygame.Rect] = []
        chosen = [p for p in data.get("places", []) if not places or p["id"] in places]
        for place in sorted(chosen, key=lambda p: KIND_ORDER.get(p.get("kind", ""), 9)):
            px, py = self.project(place["lon"], place["lat"])
            if not self.rect.collidepoint(px, py):
                continue
            colour = pal.accent if place.get("kind") == "talks" else pal.text
            if place.get("kind") == "battle":
                pygame.draw.line(surface, colour, (px - 4, py - 4), (px + 4, py + 4), 2)
                pygame.draw.line(surface, colour, (px - 4, py + 4), (px + 4, py - 4), 2)
            else:
                pygame.draw.circle(surface, colour, (int(px), int(py)), 4)
            text = self.font.render(place["name"], True, colour)
            for dx, dy in ((6, -text.get_height() // 2), (-6 - text.get_width(),
                                                           -text.get_height() // 2),
                           (-text.get_width() // 2, 6), (-text.get_width() // 2,
                                                         -6 - text.get_height())):
                box = text.get_rect(topleft=(px + dx, py + dy))
                if box.collidelist(taken) < 0 and self.rect.contains(box):
                    surface.blit(text, box)
                    taken.append(box.inflate(4, 2))
                    break
        credit = self.font.render(ATTRIBUTION, True, pal.muted)
        surface.blit(credit, (self.rect.right - credit.get_width() - 4,
                              self.rect.bottom - credit.get_height() - 2))
        surface.set_clip(clip)
        pygame.draw.rect(surface, pal.muted, self.rect, 1)
