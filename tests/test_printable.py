"""game.printable: no control character from a file reaches a terminal raw."""

from __future__ import annotations

import io

import pytest

from game.printable import PrintableStream, printable, unsafe_character

CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F,
                             *range(0x80, 0xA0), *range(0x202A, 0x202F),
                             *range(0x2066, 0x206A))]


def assert_clean(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
           or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
           or 0xD800 <= ord(c) <= 0xDFFF]
    assert not bad, f"raw control characters {bad!r} in {text!r}"


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_shown_visibly(char: str) -> None:
    shown = printable(f"a{char}b")
    assert_clean(shown)
    assert shown.startswith("a") and shown.endswith("b") and len(shown) > 3
    assert unsafe_character(f"a{char}b") is not None


def test_line_breaks_tabs_and_ordinary_text_are_kept() -> None:
    text = "Kaesong — 開城\n\tPanmunjom, 38°N ‘quoted’ é"
    assert printable(text) == text
    assert unsafe_character(text) is None


def test_an_escape_sequence_becomes_visible_text() -> None:
    assert printable("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J"


def test_an_undecodable_file_name_byte_is_shown_as_the_byte() -> None:
    assert printable("save-\udc9b2J.json") == "save-\\x9b2J.json"


def test_it_is_idempotent() -> None:
    once = printable("\x1b[2J\u202e\r")
    assert printable(once) == once


def test_a_carriage_return_may_be_let_through_for_line_breaks() -> None:
    assert unsafe_character("a\r\nb", allow_cr=True) is None
    assert unsafe_character("a\r\nb")[1].startswith("U+000D")


def test_the_stream_escapes_what_is_written_and_keeps_raw_for_our_own() -> None:
    out = io.StringIO()
    stream = PrintableStream(out)
    print("title \x1b[2J", file=stream)
    stream.raw.write("\r")
    assert out.getvalue() == "title \\x1b[2J\n\r"
