"""Text from scenario files, saves, file names and players, made safe to show in the window.

pygame_gui's text boxes and tooltips parse an HTML-like markup (`<b>`, `<font>`, `<a>`,
`<img src=…>` that loads a file), and pygame's fonts refuse a NUL or a lone surrogate with an
exception. So every text that did not come from this program goes through one of two
functions: `esc` for a text box or tooltip (markup shown literally), `plain` for a label, a
button, a drop-down choice or a font render (one line). Both show control characters as a
visible escape (`\\x1b`), by the same rule as the terminal (`game.printable`).
"""

from __future__ import annotations

import html
import re

from game.printable import printable

__all__ = ["esc", "plain", "printable"]

_LINE_BREAKS = re.compile("[\t\n\r]")


def _cut(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def plain(text: object, limit: int | None = None) -> str:
    """One line for a label, button, drop-down or font render: controls shown as escapes,
    tabs and line breaks as spaces; cut to `limit` characters with an ellipsis."""
    return _cut(_LINE_BREAKS.sub(" ", printable(str(text))), limit)


def esc(text: object, limit: int | None = None) -> str:
    """For a pygame_gui text box or tooltip: the text shown literally, markup and all."""
    shown = _cut(printable(str(text)), limit)
    return html.escape(shown, quote=False)  # data is never put in an attribute
