"""Draw a `game.report.drawing.Drawing` into pixels and write it as PNG.

pygame is already the game's own dependency, so PNG charts and graphs cost nothing more to
install; they use the same Noto Sans that the game's screens use. Works with no display (the
dummy video driver is set here when no driver was chosen).
"""

from __future__ import annotations

import io
import itertools
import math
from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

from game.files import write_atomic
from game.report.drawing import Circle, Drawing, Line, Rect, Text

_FONTS = Path(pygame_gui.__file__).resolve().parent / "data"


@lru_cache(maxsize=64)
def _font(px: int, bold: bool) -> pygame.font.Font:
    path = _FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")
    return pygame.font.Font(str(path) if path.is_file() else None, px)


def _colour(c: str) -> pygame.Color:
    if len(c) == 4 and c.startswith("#"):  # the short form #rgb, as SVG allows
        c = "#" + "".join(ch * 2 for ch in c[1:])
    return pygame.Color(c)


def render(drawing: Drawing, scale: float = 1.0) -> pygame.Surface:
    """The drawing as a surface, `scale` times its size (2.0 for a sharp print)."""
    if not pygame.font.get_init():
        pygame.font.init()
    w, h = max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale))
    surf = pygame.Surface((w, h))
    surf.fill(_colour(drawing.background))
    s = scale
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            r = pygame.Rect(round(shape.x * s), round(shape.y * s), max(1, round(shape.w * s)),
                            max(1, round(shape.h * s)))
            rad = round(shape.radius * s)
            if shape.fill:
                pygame.draw.rect(surf, _colour(shape.fill), r, border_radius=rad)
            if shape.stroke:
                pygame.draw.rect(surf, _colour(shape.stroke), r,
                                 width=max(1, round(shape.width * s)), border_radius=rad)
        elif isinstance(shape, Line):
            pts = [(x * s, y * s) for x, y in shape.points]
            _polyline(surf, _colour(shape.stroke), pts, max(1, round(shape.width * s)),
                      shape.dashed, s)
            if shape.arrow and len(pts) >= 2:
                _arrowhead(surf, _colour(shape.stroke), pts[-2], pts[-1], 7 * s)
        elif isinstance(shape, Circle):
            c = (round(shape.x * s), round(shape.y * s))
            r = max(1, round(shape.r * s))
            if shape.fill:
                pygame.draw.circle(surf, _colour(shape.fill), c, r)
            if shape.stroke:
                pygame.draw.circle(surf, _colour(shape.stroke), c, r,
                                   width=max(1, round(shape.width * s)))
        elif isinstance(shape, Text):
            _text(surf, shape, s)
    return surf


def _polyline(surf: pygame.Surface, colour: pygame.Color, pts: list[tuple[float, float]],
              width: int, dashed: bool, s: float) -> None:
    if len(pts) < 2:
        return
    if not dashed:
        if width == 1:
            pygame.draw.aalines(surf, colour, False, pts)
        else:
            pygame.draw.lines(surf, colour, False, pts, width)
        return
    on, off = 5 * s, 4 * s
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        length = math.hypot(x1 - x0, y1 - y0)
        t = 0.0
        while t < length:
            a, b = t / length, min(t + on, length) / length
            pygame.draw.line(surf, colour, (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                             (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), width)
            t += on + off


def _arrowhead(surf: pygame.Surface, colour: pygame.Color, a: tuple[float, float],
               b: tuple[float, float], size: float) -> None:
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    left = (b[0] - size * math.cos(angle - 0.4), b[1] - size * math.sin(angle - 0.4))
    right = (b[0] - size * math.cos(angle + 0.4), b[1] - size * math.sin(angle + 0.4))
    pygame.draw.polygon(surf, colour, [b, left, right])


def _text(surf: pygame.Surface, t: Text, s: float) -> None:
    font = _font(max(6, round(t.size * s)), t.bold)
    img = font.render(t.text, True, _colour(t.fill))
    x = t.x * s
    if t.anchor == "middle":
        x -= img.get_width() / 2
    elif t.anchor == "end":
        x -= img.get_width()
    # SVG places text by its baseline; pygame by its top
    surf.blit(img, (round(x), round(t.y * s - font.get_ascent())))


def save_png(drawing: Drawing, path: Path, scale: float = 1.0) -> None:
    """Write the drawing as a PNG file: encoded in memory, then written by the one atomic
    writer, so a full disk reports an error (`files.WriteError`) and never leaves a truncated
    PNG where a good one was."""
    write_atomic(path, png_bytes(render(drawing, scale)))


def png_bytes(surface: pygame.Surface) -> bytes:
    """The surface encoded as PNG, in memory."""
    buf = io.BytesIO()
    pygame.image.save(surface, buf, "png")
    return buf.getvalue()

