"""Gauges: each figure a side can see, as a bar where a bar means something (support,
fortification, supply, pressure, opinion) and as a number otherwise. Estimates of the other
side's figures are marked with ~ and drawn hollow."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.engine.view import View
from game.ui.markup import plain
from game.ui.palette import Palette


@dataclass(frozen=True)
class Gauge:
    label: str
    text: str
    fraction: float | None  # None: a count, no bar
    estimate: bool
    owner: str


def gauge_rows(sc, view: View) -> list[Gauge]:
    fronts = {sc.var_names[r] for r in sc.sector_fronts}
    rows = []
    for name, var in sc.model.variables.items():
        row = sc.var_index[name]
        if name in fronts or not (view.known[row] or view.estimated[row]):
            continue
        x = float(view.vars[row, 0])
        if math.isnan(x):
            continue
        approx = "" if view.known[row] else "~"
        if var.max - var.min <= 1:  # a share or a flag: two decimals
            text = f"{approx}{x:.2f}"
        else:
            text = f"{approx}{x:,.0f}{var.unit if var.unit == '%' else ''}"
        bar = None if var.max - var.min > 1000 else (x - var.min) / (var.max - var.min)
        rows.append(Gauge(plain(var.label), text, bar, not view.known[row], var.owner))
    return rows


def draw_gauges(surface: pygame.Surface, rect: pygame.Rect, gauges: list[Gauge],
                palette: Palette, font: pygame.font.Font) -> None:
    pygame.draw.rect(surface, palette.panel, rect)
    line = font.get_linesize() + 6
    columns = 2 if rect.width > 420 else 1
    per_col = max(1, math.ceil(len(gauges) / columns))
    col_w = rect.width // columns
    for k, g in enumerate(gauges):
        col, r = divmod(k, per_col)
        x = rect.x + 6 + col * col_w
        y = rect.y + 4 + r * line
        if y + line > rect.bottom:
            continue
        colour = {"unc": palette.unc, "communist": palette.communist}.get(g.owner, palette.text)
        value = font.render(g.text, True, colour)
        width = col_w - 12
        label = _fit(font, g.label, width - value.get_width() - 8)
        surface.blit(font.render(label, True, palette.text), (x, y))
        surface.blit(value, (x + width - value.get_width(), y))
        if g.fraction is not None:
            bar = pygame.Rect(x, y + font.get_linesize(), width, 3)
            pygame.draw.rect(surface, palette.background, bar)
            filled = bar.copy()
            filled.width = int(bar.width * min(max(g.fraction, 0.0), 1.0))
            pygame.draw.rect(surface, colour, filled, 1 if g.estimate else 0)


def _fit(font: pygame.font.Font, text: str, width: int) -> str:
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"
