"""Display settings kept between runs (window size, fullscreen, UI scale, palette)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from game.files import write_atomic
from game.session.savefile import data_dir

SCALES = (0.8, 1.0, 1.25, 1.5, 1.75, 2.0)
PALETTES = ("standard", "colour-blind safe")


@dataclass
class UISettings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    scale: float = 1.0
    palette: str = "colour-blind safe"
    turn_timer_minutes: int = 0  # 0: no timer

    @staticmethod
    def path() -> Path:
        return data_dir() / "settings.json"

    @classmethod
    def load(cls) -> UISettings:
        """The saved settings, or defaults where the file is missing or damaged."""
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        out = cls()
        if isinstance(raw, dict):
            for f in fields(cls):
                value = raw.get(f.name)
                if isinstance(value, type(getattr(out, f.name))) or (
                        f.type == "float" and isinstance(value, int | float)):
                    setattr(out, f.name, value)
        out.width = min(max(out.width, 1024), 7680)
        out.height = min(max(out.height, 600), 4320)
        out.scale = min(SCALES, key=lambda s: abs(s - float(out.scale)))
        if out.palette not in PALETTES:
            out.palette = PALETTES[1]
        out.turn_timer_minutes = min(max(out.turn_timer_minutes, 0), 60)
        return out

    def save(self) -> None:
        with contextlib.suppress(OSError):  # a convenience: never stop the game over them
            write_atomic(self.path(), json.dumps(asdict(self), indent=2), make_folder=True)
