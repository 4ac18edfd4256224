"""Text that is safe to print on a terminal, whatever file or user it came from.

A scenario, a save or a file name can carry control characters: an escape sequence can clear
the screen, retitle the window or paint a fake hand-over, a carriage return can overwrite what
was printed, and a bidirectional override can make text read differently from what it is.
`printable` shows every such character as a visible escape (``\\x1b``, ``\\u202e``) instead of
emitting it; line breaks and tabs are kept.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

__all__ = ["UNSAFE", "PrintableStream", "printable", "unsafe_character"]

# C0 controls but tab and line feed, DEL, C1 controls, the bidirectional embeddings, overrides
# and isolates, and lone surrogates (an undecodable byte of a file name, which the terminal
# would receive raw).
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
"""Characters never printed raw (and refused in scenario text, see `unsafe_character`)."""


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character shown as a visible escape; `\\n` and `\\t` kept.

    Idempotent, so text that has been through it already can go through it again."""
    if not isinstance(text, str):
        text = str(text)
    return UNSAFE.sub(_show, text)


def unsafe_character(text: str, allow_cr: bool = False) -> tuple[int, str] | None:
    """The first character of `text` that `printable` would escape, as (index, description),
    or None. `allow_cr` lets a carriage return through (a file's own line breaks)."""
    for match in UNSAFE.finditer(text):
        if allow_cr and match.group() == "\r":
            continue
        return match.start(), describe(match.group())
    return None


_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab",
          0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete",
          0x85: "next line", 0x9B: "control sequence introducer"}


def describe(char: str) -> str:
    """``U+001B (escape)``, ``U+202E (a bidirectional override)``."""
    code = ord(char)
    if code in _NAMES:
        name = _NAMES[code]
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        name = "a bidirectional control that can disguise text"
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate, not a character"
    else:
        name = "a control character"
    return f"U+{code:04X} ({name})"


class PrintableStream(io.TextIOBase):
    """A text stream that passes everything written through `printable` on its way to
    `stream`. `raw` is the stream itself, for the program's own control sequences (a progress
    bar's carriage return, the hot-seat screen clear)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.raw = stream

    def write(self, text: str) -> int:  # type: ignore[override]
        self.raw.write(printable(text))
        return len(text)

    def writelines(self, lines: Any) -> None:  # type: ignore[override]
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)
