"""What the reports share outside their templates: the sides' colours and an atomic write.

A report is handed in, mailed and printed, often opened with no network: it is one file that
asks for nothing from outside. Its markup (the frame, the style sheet for screen and print)
is in templates/page.html.j2 and style.css.j2, written through render.py with autoescape.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

UNC = "#0072B2"  # Okabe-Ito blue and vermilion: the two sides, safe for colour blindness
COMMUNIST = "#D55E00"
MUTED = "#666666"
SIDE_COLOURS = {"unc": UNC, "communist": COMMUNIST, "both": "#1a1a1a"}


def write_text_file(path: str | Path, text: str) -> Path:
    """Write a report, graph or chart text atomically (a temporary file beside the target,
    then a rename), so an existing file is never left half-written. Raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
