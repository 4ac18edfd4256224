"""Colours. The default palette is Okabe and Ito's, distinguishable with the common forms of
colour blindness; the two sides are blue and vermilion, never red against green."""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    background: Colour
    panel: Colour
    text: Colour
    muted: Colour
    accent: Colour
    unc: Colour
    communist: Colour
    sea: Colour
    land: Colour
    land_other: Colour
    border: Colour
    parallel: Colour
    good: Colour
    warn: Colour


PALETTES: dict[str, Palette] = {
    "colour-blind safe": Palette(
        background=(24, 28, 34), panel=(36, 41, 50), text=(236, 236, 230), muted=(160, 166, 176),
        accent=(240, 228, 66), unc=(86, 180, 233), communist=(213, 94, 0), sea=(30, 52, 74),
        land=(120, 112, 92), land_other=(78, 80, 74), border=(30, 30, 30),
        parallel=(240, 228, 66), good=(0, 158, 115), warn=(230, 159, 0)),
    "standard": Palette(
        background=(26, 30, 36), panel=(40, 46, 56), text=(240, 240, 236), muted=(168, 172, 180),
        accent=(250, 210, 90), unc=(70, 130, 220), communist=(210, 60, 50), sea=(34, 58, 86),
        land=(128, 120, 96), land_other=(84, 86, 80), border=(30, 30, 30),
        parallel=(250, 210, 90), good=(80, 180, 90), warn=(230, 150, 40)),
}


def hexcode(c: Colour) -> str:
    return "#{:02X}{:02X}{:02X}".format(*c)
