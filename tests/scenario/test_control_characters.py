"""A generated corpus: every string of `scenarios/1951.yaml` (keys and values, of every
section) with each kind of control character written into it must be refused, at that string,
as a diagnostic (never a traceback); `armistice validate` exits 1 with a clean message.

The strings are found from the parser's events, so a field added to the format is covered
without touching this test. Injections are batched (each file carries one per string of a
group, all reported together), which keeps the corpus to a few seconds.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from yaml.nodes import ScalarNode

from game.cli import main
from game.scenario.diagnostics import ScenarioError
from game.scenario.yamlsource import load_yaml

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "1951.yaml"
# Each kind: the escape written inside a double-quoted YAML string, and the character it is.
KINDS = {
    "escape": ("\\e[2J", "\x1b"), "nul": ("\\0", "\x00"), "bell": ("\\a", "\x07"),
    "backspace": ("\\b", "\x08"), "carriage-return": ("\\r", "\r"), "delete": ("\\x7f", "\x7f"),
    "c1-csi": ("\\x9b", "\x9b"), "c1-next-line": ("\\N", "\x85"),
    "bidi-override": ("\\u202e", "\u202e"), "bidi-isolate": ("\\u2066", "\u2066"),
}
GROUP = 80  # injections per generated file (the loader reports up to 100 problems)


@dataclass(frozen=True)
class Scalar:
    start: int  # character span of the scalar in the file
    end: int
    value: str


@functools.cache
def strings() -> tuple[Scalar, ...]:
    text = SCENARIO.read_text(encoding="utf-8")
    found, resolver = [], yaml.resolver.Resolver()
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if not isinstance(event, yaml.ScalarEvent) or event.anchor or event.tag:
            continue
        if event.style is None and resolver.resolve(
                ScalarNode, event.value, (True, False)) != "tag:yaml.org,2002:str":
            continue  # a number, date, boolean or null
        found.append(Scalar(event.start_mark.index, event.end_mark.index, event.value))
    return tuple(found)


def inject(group: list[Scalar], escape: str) -> tuple[str, list[tuple[int, int]]]:
    """The scenario with each scalar of `group` rewritten as a double-quoted string with
    `escape` in its middle; and where each rewritten string starts (line, column)."""
    text = SCENARIO.read_text(encoding="utf-8")
    pieces, starts, at = [], [], 0
    for s in sorted(group, key=lambda s: s.start):
        pieces.append(text[at:s.start])
        span = text[s.start:s.end]
        half = len(s.value) // 2
        quoted = json.dumps(s.value[:half], ensure_ascii=False)[:-1] + escape + json.dumps(
            s.value[half:], ensure_ascii=False)[1:]
        starts.append(sum(map(len, pieces)))
        pieces.append(quoted + span[len(span.rstrip()):])  # keep the line breaks after it
        at = s.end
    pieces.append(text[at:])
    new = "".join(pieces)
    return new, [(new.count("\n", 0, i) + 1, i - new.rfind("\n", 0, i)) for i in starts]


def groups() -> list[tuple[str, int]]:
    n = len(strings())
    return [(kind, lo) for kind in KINDS for lo in range(0, n, GROUP)]


def test_the_corpus_covers_every_section() -> None:
    assert len(strings()) > 500
    text = SCENARIO.read_text(encoding="utf-8")
    sections = {m.group(1) for m in re.finditer(r"^([a-z_]+):", text, re.M)}
    lines = {text.count("\n", 0, s.start) for s in strings()}
    for section in sections:  # every top-level section holds at least one tried string
        first = text.count("\n", 0, text.index(f"\n{section}:") + 1)
        assert any(line >= first for line in lines), section


@pytest.mark.parametrize(("kind", "lo"), groups(), ids=lambda v: str(v))
def test_every_string_refuses_every_control_character(kind: str, lo: int) -> None:
    escape, char = KINDS[kind]
    group = list(strings()[lo:lo + GROUP])
    text, expected = inject(group, escape)
    try:
        load_yaml(text, "corpus.yaml")
    except ScenarioError as exc:
        got = {(d.line, d.col) for d in exc.diagnostics
               if f"this text contains U+{ord(char):04X}" in d.message}
        others = [str(d) for d in exc.diagnostics if (d.line, d.col) not in set(expected)]
    except Exception as exc:  # a traceback
        pytest.fail(f"{type(exc).__name__} escaped: {exc}")
    else:
        pytest.fail("loaded with control characters in it")
    missing = [(s.value[:40], where) for s, where in zip(group, expected, strict=True)
               if where not in got]
    assert not missing, f"not refused at the string: {missing[:5]}"
    assert not others, others[:5]


@pytest.mark.parametrize("kind", list(KINDS))
def test_validate_exits_1_with_a_clean_message(kind: str, tmp_path: Path, capsys) -> None:
    escape, char = KINDS[kind]
    scalar = strings()[len(strings()) // 3]
    text, [(line, col)] = inject([scalar], escape)
    path = tmp_path / "one.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith(f"{path}:{line}:{col}: this text contains U+{ord(char):04X}")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out.err)
