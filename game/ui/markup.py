"""Text from scenario files, saves and players, made safe to show in the window.

pygame_gui's text boxes and tooltips parse an HTML-like markup (`<b>`, `<font>`, `<a>`,
`<img src=…>` that loads a file), and pygame's fonts refuse a NUL or a lone surrogate with an
exception. So every text that did not come from this program goes through one of two
functions: `esc` for a text box or tooltip (markup shown literally), `plain` for a label, a
button, a drop-down choice or a font render (one line). Both show control characters as a
visible escape (`\\x1b`) instead of passing them on.
"""

from __future__ import annotations

import html
import re

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional overrides and isolates that
# can make a text read differently from what it is
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every control character shown as an escape (tabs and line breaks kept)."""
    return _CONTROL.sub(_visible, str(text))


def plain(text: object) -> str:
    """One line for a label, button, drop-down or font render: controls shown as escapes,
    tabs and line breaks as spaces."""
    return _LINE_BREAKS.sub(" ", printable(text))


def esc(text: object) -> str:
    """For a pygame_gui text box or tooltip: the text shown literally, markup and all."""
    return html.escape(printable(text), quote=False)  # data is never put in an attribute
