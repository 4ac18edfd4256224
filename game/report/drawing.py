"""A picture as a list of shapes, with no drawing library: charts and graphs are built once as a
`Drawing` and written as SVG here (for HTML reports and the `graph` command) or as PNG by
`game.ui.raster` (which owns pygame; nothing of pygame lives outside `game/ui`).

Coordinates are pixels from the top-left corner; colours are `#rrggbb` strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Literal

Anchor = Literal["start", "middle", "end"]

INK = "#1a1a1a"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    radius: float = 0.0


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str = INK
    width: float = 1.0
    dashed: bool = False
    arrow: bool = False  # an arrowhead at the last point


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 12.0
    fill: str = INK
    anchor: Anchor = "start"
    bold: bool = False


Shape = Rect | Line | Circle | Text


@dataclass
class Drawing:
    width: int
    height: int
    background: str = "#ffffff"
    title: str = ""
    shapes: list[Shape] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, fill: str | None = None,
             stroke: str | None = None, width: float = 1.0, radius: float = 0.0) -> None:
        self.shapes.append(Rect(x, y, w, h, fill, stroke, width, radius))

    def line(self, points: list[tuple[float, float]] | tuple[tuple[float, float], ...],
             stroke: str = INK, width: float = 1.0, dashed: bool = False,
             arrow: bool = False) -> None:
        self.shapes.append(Line(tuple(points), stroke, width, dashed, arrow))

    def circle(self, x: float, y: float, r: float, fill: str | None = None,
               stroke: str | None = None, width: float = 1.0) -> None:
        self.shapes.append(Circle(x, y, r, fill, stroke, width))

    def text(self, x: float, y: float, text: str, size: float = 12.0, fill: str = INK,
             anchor: Anchor = "start", bold: bool = False) -> None:
        self.shapes.append(Text(x, y, text, size, fill, anchor, bold))

    def to_svg(self) -> str:
        """A standalone SVG document (also valid inline in HTML)."""
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
               f'height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
               f'font-family="{FONT}" role="img">']
        if self.title:
            out.append(f"<title>{escape(self.title)}</title>")
        out.append(f'<rect width="100%" height="100%" fill="{self.background}"/>')
        if any(isinstance(s, Line) and s.arrow for s in self.shapes):
            out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
                       'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
                       '<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>')
        out.extend(_svg(s) for s in self.shapes)
        out.append("</svg>")
        return "\n".join(out)


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _paint(fill: str | None, stroke: str | None, width: float) -> str:
    return (f'fill="{fill or "none"}"'
            + (f' stroke="{stroke}" stroke-width="{_num(width)}"' if stroke else ""))


def _svg(s: Shape) -> str:
    if isinstance(s, Rect):
        r = f' rx="{_num(s.radius)}"' if s.radius else ""
        return (f'<rect x="{_num(s.x)}" y="{_num(s.y)}" width="{_num(s.w)}" '
                f'height="{_num(s.h)}"{r} {_paint(s.fill, s.stroke, s.width)}/>')
    if isinstance(s, Line):
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in s.points)
        extra = (' stroke-dasharray="5 4"' if s.dashed else "") + (
            ' marker-end="url(#arrow)"' if s.arrow else "")
        return (f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" '
                f'stroke-width="{_num(s.width)}" stroke-linejoin="round"{extra}/>')
    if isinstance(s, Circle):
        return (f'<circle cx="{_num(s.x)}" cy="{_num(s.y)}" r="{_num(s.r)}" '
                f'{_paint(s.fill, s.stroke, s.width)}/>')
    weight = ' font-weight="bold"' if s.bold else ""
    return (f'<text x="{_num(s.x)}" y="{_num(s.y)}" font-size="{_num(s.size)}" '
            f'fill="{s.fill}" text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>')
