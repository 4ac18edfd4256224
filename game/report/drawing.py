"""A picture as a list of shapes, with no drawing library: charts and graphs are built once as a
`Drawing` and written as SVG here (for HTML reports and the `graph` command) or as PNG by
`game.ui.raster` (which owns pygame; nothing of pygame lives outside `game/ui`).

Coordinates are pixels from the top-left corner; colours are `#rrggbb` strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Anchor = Literal["start", "middle", "end"]

INK = "#1a1a1a"
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-z]+")  # `#rrggbb` (or short, or with alpha), `none`


@dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"  # the template's switch
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
    kind: ClassVar[str] = "line"  # the template's switch
    points: tuple[tuple[float, float], ...]
    stroke: str = INK
    width: float = 1.0
    dashed: bool = False
    arrow: bool = False  # an arrowhead at the last point


@dataclass(frozen=True)
class Circle:
    kind: ClassVar[str] = "circle"  # the template's switch
    x: float
    y: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"  # the template's switch
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
        """A standalone SVG document (also valid inline in HTML). Written by the template
        drawing.svg.j2 with autoescape, so every text and attribute value (titles, labels and
        legends from scenarios, colours) is escaped."""
        from game.report.render import render  # render -> jinja2; keep `import drawing` light

        paints = [self.background, *(getattr(s, key, None) for s in self.shapes
                                     for key in ("fill", "stroke"))]
        bad = [c for c in paints if c is not None and not _COLOUR.fullmatch(c)]
        if bad:  # colours are the program's own, never a file's: this is a bug, say so
            raise ValueError(f"not a colour: {bad[0]!r}")
        arrows = any(isinstance(s, Line) and s.arrow for s in self.shapes)
        return render("drawing.svg.j2", d=self, font=FONT, arrows=arrows, num=_num)


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")
