"""What the reports share outside their templates: the sides' colours and an atomic write.

A report is handed in, mailed and printed, often opened with no network: it is one file that
asks for nothing from outside. Its markup (the frame, the style sheet for screen and print)
is in templates/page.html.j2 and style.css.j2, written through render.py with autoescape.
"""

from __future__ import annotations

from pathlib import Path

from game.files import write_atomic

UNC = "#0072B2"  # Okabe-Ito blue and vermilion: the two sides, safe for colour blindness
COMMUNIST = "#D55E00"
MUTED = "#666666"
SIDE_COLOURS = {"unc": UNC, "communist": COMMUNIST, "both": "#1a1a1a"}


def write_text_file(path: str | Path, text: str) -> Path:
    """Write a report, graph or chart text through the one atomic writer (`game.files`): the
    whole file or nothing, an existing file never left half-written. Raises OSError
    (`files.WriteError`, one line naming the file)."""
    return write_atomic(path, text, make_folder=True)
