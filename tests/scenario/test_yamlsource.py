"""Tests for game.scenario.yamlsource: positions, refusals, and "no traceback for any input"."""

from __future__ import annotations

import datetime
import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import yamlsource
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.yamlsource import MAX_BYTES, MAX_DEPTH, load_yaml, load_yaml_file

LOADERS = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.insert(0, yaml.CSafeLoader)


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Run a test with libyaml and with the pure-Python fallback: both must behave the same."""
    monkeypatch.setattr(yamlsource, "_Loader", request.param)
    yield request.param


def fail(text: str | bytes, filename: str = "s.yaml") -> list[Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        load_yaml(text, filename)
    assert info.value.diagnostics, "a ScenarioError must carry at least one diagnostic"
    return info.value.diagnostics


def one(text: str | bytes) -> str:
    diagnostics = fail(text)
    assert len(diagnostics) == 1, diagnostics
    return str(diagnostics[0])


NESTED = """\
title: Kaesong
agenda:
  items:
    - id: ceasefire
      positions: [a, "b"]
    - id: pows
      note: |
        text
  start: 1951-07-10
"""


# -- positions ---------------------------------------------------------------------------------


def test_positions_of_keys_and_values_in_nested_maps_and_lists(loader: Any) -> None:
    data, loc = load_yaml(NESTED, "s.yaml")
    assert data["agenda"]["items"][0]["positions"] == ["a", "b"]
    assert loc.key(("title",)) == (1, 1)
    assert loc.value(("title",)) == (1, 8)
    assert loc.key(("agenda",)) == (2, 1)
    assert loc.value(("agenda",)) == (3, 3)  # a block mapping starts at its first key
    assert loc.key(("agenda", "items")) == (3, 3)
    assert loc.value(("agenda", "items")) == (4, 5)  # the first "-"
    assert loc.key(("agenda", "items", 1)) == (6, 7)  # a list item's "key" is its start
    assert loc.value(("agenda", "items", 1)) == (6, 7)
    assert loc.key(("agenda", "items", 0, "positions")) == (5, 7)
    assert loc.value(("agenda", "items", 0, "positions")) == (5, 18)
    assert loc.value(("agenda", "items", 0, "positions", 1)) == (5, 22)
    assert loc.key(("agenda", "items", 0, "positions", 1)) == (5, 22)
    assert loc.value(("agenda", "items", 1, "note")) == (7, 13)
    assert loc.value(("agenda", "start")) == (9, 10)
    assert loc.key(()) == loc.value(()) == (1, 1)


def test_missing_paths_resolve_to_the_deepest_existing_prefix(loader: Any) -> None:
    _, loc = load_yaml(NESTED, "s.yaml")
    assert loc.value(("agenda", "items", 1, "nope")) == loc.value(("agenda", "items", 1))
    assert loc.key(("agenda", "items", 9, "id")) == (3, 3)  # the "items" key
    assert loc.value(("agenda", "items", "x")) == (4, 5)
    assert loc.value(("nope", "deeper")) == (1, 1)
    assert loc.value(("title", "under a scalar")) == (1, 8)
    assert loc.existing_prefix(("agenda", "items", 1, "nope")) == ("agenda", "items", 1)
    assert loc.exists(("agenda", "items", 1)) and not loc.exists(("agenda", "x"))


def test_value_style_and_offsets_inside_strings(loader: Any) -> None:
    text = "a: plain text\nb: 'single'\nc: \"double\"\nd: |\n  block\ne: >\n  folded\nf: [x]\n"
    _, loc = load_yaml(text, "s.yaml")
    assert [loc.value_style((k,)) for k in "abcdef"] == [None, "'", '"', "|", ">", None]
    assert loc.position_in_value(("a",), 6) == (1, 10)  # the "t" of "text"
    assert loc.position_in_value(("b",), 0) == (2, 5)  # after the quote
    assert loc.position_in_value(("c",), 3) == (3, 8)
    assert loc.position_in_value(("d",), 2) == loc.value(("d",))  # block: not mapped
    assert loc.source_line(2) == "b: 'single'"
    assert loc.source_line(0) == loc.source_line(99) == ""


def test_anchor_and_tag_are_not_part_of_the_value_position(loader: Any) -> None:
    text = "a: &x 'quoted'\nb: !!str 12\nc: *x\n"
    data, loc = load_yaml(text, "s.yaml")
    assert data == {"a": "quoted", "b": "12", "c": "quoted"}
    assert loc.value(("a",)) == (1, 7)
    assert loc.value(("b",)) == (2, 10)
    assert loc.value(("c",)) == (3, 4)  # the alias itself
    assert loc.value_style(("c",)) == "*"


def test_windows_line_endings_and_bom(loader: Any) -> None:
    data, loc = load_yaml(b"\xef\xbb\xbfa: 1\r\nb: x\r\n", "s.yaml")
    assert data == {"a": 1, "b": "x"}
    assert loc.value(("b",)) == (2, 4)
    assert loc.source_line(1) == "a: 1"


def test_scalars_resolve_to_plain_python_types(loader: Any) -> None:
    text = (
        "i: 42\nf: 2.5\nt: true\nn: null\ns: hello\nq: '1951-07-10'\nd: 1951-07-10\n"
        "dt: 1953-07-27 10:00:00\ne: ''\n"
    )
    data, _ = load_yaml(text, "s.yaml")
    assert data == {
        "i": 42,
        "f": 2.5,
        "t": True,
        "n": None,
        "s": "hello",
        "q": "1951-07-10",
        "d": datetime.date(1951, 7, 10),
        "dt": datetime.datetime(1953, 7, 27, 10, 0),
        "e": "",
    }
    assert type(data["d"]) is datetime.date


def test_non_mapping_documents_load(loader: Any) -> None:
    assert load_yaml("- 1\n- 2\n", "s.yaml")[0] == [1, 2]
    assert load_yaml("just text", "s.yaml")[0] == "just text"


# -- syntax errors -----------------------------------------------------------------------------


def test_syntax_error_position_and_message(loader: Any) -> None:
    message = one("title: ok\nagenda: a: b\n")
    assert message.startswith("s.yaml:2:10: could not parse YAML: mapping values are not allowed")


def test_unterminated_quote_names_where_it_started(loader: Any) -> None:
    message = one('a: 1\nb: "never closed\n')
    assert "could not parse YAML: found unexpected end of stream" in message
    assert "line 2, column 4" in message


def test_bad_indentation(loader: Any) -> None:
    message = one("a:\n  b: 1\n c: 2\n")
    assert message.startswith("s.yaml:3:2: could not parse YAML:")


def test_control_character_is_reported_where_it_is(loader: Any) -> None:
    message = one("a: 1\nb: x\x07y\n")
    assert message.startswith("s.yaml:2:5: could not read YAML: the character U+0007")


# -- structural problems -----------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key(loader: Any) -> None:
    assert one("a: 1\nb:\n  c: 1\n  c: 2\n") == (
        "s.yaml:4:3: duplicate key 'c' (first defined at line 3, column 3)"
    )


def test_all_duplicate_keys_are_reported(loader: Any) -> None:
    diagnostics = fail("a: 1\na: 2\nb: 1\nb: 2\n")
    assert [(d.line, d.col) for d in diagnostics] == [(2, 1), (4, 1)]


def test_non_scalar_key(loader: Any) -> None:
    assert one("? [a, b]\n: 1\n") == (
        "s.yaml:1:3: a key must be a plain value such as a name or number, not a list"
    )


def test_empty_file(loader: Any) -> None:
    for text in ("", "   \n\n", "# only a comment\n", b""):
        assert one(text) == "s.yaml:1:1: the file is empty"


def test_multiple_documents(loader: Any) -> None:
    assert one("a: 1\n---\nb: 2\n").startswith(
        "s.yaml:2:1: the file contains more than one YAML document"
    )


def test_too_deep(loader: Any) -> None:
    message = one("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert f"nested more than {MAX_DEPTH} levels deep" in message
    load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "s.yaml")  # exactly at the limit is fine


def test_too_deep_through_an_alias(loader: Any) -> None:
    inner = "[" * 40 + "]" * 40
    text = f"a: &a {inner}\nb: {'[' * 30}*a{']' * 30}\n"
    assert f"nested more than {MAX_DEPTH} levels deep" in one(text)


# -- tags --------------------------------------------------------------------------------------


def test_python_object_tags_are_refused_and_never_run(loader: Any, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert one(text) == (
        "s.yaml:1:4: unsupported tag '!!python/object/apply:os.system': only plain values "
        "(text, numbers, true/false, null, dates), lists and mappings are allowed"
    )
    assert not marker.exists()
    assert "unsupported tag '!!python/object:os.system'" in one("!!python/object:os.system {}")
    assert "unsupported tag '!!python/name:os.system'" in one("a: !!python/name:os.system ''")
    assert "unsupported tag '!custom'" in one("a: !custom 1")
    assert "unsupported tag '!!binary'" in one("a: !!binary aGVsbG8=")


def test_explicit_standard_tags_work_and_bad_values_are_diagnostics(loader: Any) -> None:
    data, _ = load_yaml("a: !!str 12\nb: !!int '7'\nc: !!float 1\n", "s.yaml")
    assert data == {"a": "12", "b": 7, "c": 1.0}
    assert one("a: !!int abc\n").startswith("s.yaml:1:10: invalid integer 'abc'")
    assert one("a: !!bool maybe\n").startswith("s.yaml:1:11: invalid boolean 'maybe'")
    assert one("d: 1951-02-30\n").startswith("s.yaml:1:4: invalid date '1951-02-30'")
    assert "number is too long" in one("n: " + "1" * 5000 + "\n")


# -- aliases -----------------------------------------------------------------------------------


def test_small_aliases_and_merge_keys_work(loader: Any) -> None:
    text = """\
defaults: &defaults
  trust: 3
  mood: calm
un:
  <<: *defaults
  mood: tense
china: *defaults
both:
  <<: [{trust: 1}, *defaults]
"""
    data, loc = load_yaml(text, "s.yaml")
    assert data["un"] == {"trust": 3, "mood": "tense"}
    assert data["china"] == {"trust": 3, "mood": "calm"}
    assert data["both"] == {"trust": 1, "mood": "calm"}
    assert loc.value(("china",)) == (7, 8)  # where the alias is used
    assert loc.key(("china", "trust")) == (2, 3)  # where the text actually is
    assert loc.key(("un", "trust")) == (2, 3)
    assert loc.key(("un", "mood")) == (6, 3)  # the overriding key


def test_billion_laughs_is_refused_quickly(loader: Any) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for prev, name in itertools.pairwise(names):
        refs = ",".join(f"*{prev}" for _ in range(9))
        lines.append(f"{name}: &{name} [{refs}]")
    text = "\n".join(lines) + "\n"
    started = time.perf_counter()
    diagnostics = fail(text)
    assert time.perf_counter() - started < 2.0
    assert len(diagnostics) == 1
    (d,) = diagnostics
    assert "expands the document to more than 200,000 values" in d.message
    assert d.message.startswith("alias '*")
    # The diagnostic points at an alias token on the line where the limit was crossed.
    assert text.splitlines()[d.line - 1][d.col - 1] == "*"


def test_alias_bomb_through_merge_keys_is_refused(loader: Any) -> None:
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for level in range(1, 9):
        refs = ", ".join(f"x{i}: *a{level - 1}" for i in range(10))
        lines.append(f"a{level}: &a{level} {{{refs}}}")
    assert "expands the document" in one("\n".join(lines) + "\n")


def test_recursive_alias_is_refused(loader: Any) -> None:
    assert one("a: &a [1, *a]\n") == (
        "s.yaml:1:11: alias '*a' refers to the list or mapping that contains it "
        "(recursive aliases are not allowed)"
    )
    assert "recursive" in one("a: &m\n  self: *m\n")


def test_unknown_alias_and_duplicate_anchor(loader: Any) -> None:
    assert one("a: *nope\n") == (
        "s.yaml:1:4: unknown alias '*nope': there is no anchor '&nope' before it"
    )
    assert one("a: &x 1\nb: &x 2\n").startswith("s.yaml:2:4: anchor '&x' is defined twice")


# -- sizes and bytes ---------------------------------------------------------------------------


def test_oversized_text_and_bytes_are_refused() -> None:
    big = "#" * (MAX_BYTES + 1)
    expected = "s.yaml:1:1: the file is too large: 2,000,001 bytes (the limit is 2,000,000 bytes)"
    assert one(big) == expected
    assert one(big.encode()) == expected
    # Multi-byte characters count as bytes, not characters.
    assert "too large" in one("é" * (MAX_BYTES // 2 + 1))


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as stream:
        stream.truncate(MAX_BYTES + 10)  # sparse: cheap to create, must not be read
    with pytest.raises(ScenarioError) as info:
        load_yaml_file(path)
    assert str(info.value) == (
        f"{path}:1:1: the file is too large: 2,000,010 bytes (the limit is 2,000,000 bytes)"
    )


def test_non_utf8_bytes_are_reported_at_the_bad_byte() -> None:
    assert one(b"a: 1\nb: caf\xe9\n") == (
        "s.yaml:2:7: the file is not UTF-8 text: byte 0xe9 cannot be decoded; "
        "save the file as UTF-8"
    )
    assert "(it looks like UTF-16)" in one("a: 1\n".encode("utf-16"))


def test_lone_surrogate_in_text() -> None:
    assert one("a: 1\nb: \ud800\n").startswith("s.yaml:2:4: invalid character U+D800")


def test_load_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    data, loc = load_yaml_file(path)
    assert data == {"a": [1, 2]}
    assert loc.filename == str(path)
    assert load_yaml_file(str(path))[0] == data


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "this is a directory, not a scenario file"),
        (lambda p: p / "missing.yaml", "no such file"),
    ],
)
def test_load_yaml_file_unreadable_paths(tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(ScenarioError) as info:
        load_yaml_file(path)
    assert str(info.value) == f"{path}:1:1: {message}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_load_yaml_file_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    with pytest.raises(ScenarioError, match="permission denied"):
        load_yaml_file(path)


def test_load_yaml_file_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("titre: été\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_yaml_file(path)
    assert str(info.value).startswith(f"{path}:1:8: the file is not UTF-8 text")


def test_scenario_error_lists_every_diagnostic() -> None:
    error = ScenarioError(fail("a: 1\na: 2\nb: *nope\n"))
    assert str(error).splitlines() == [
        "s.yaml:2:1: duplicate key 'a' (first defined at line 1, column 1)",
        "s.yaml:3:4: unknown alias '*nope': there is no anchor '&nope' before it",
    ]


# -- no traceback, whatever the input ------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab01 :-?,[]{}&*!|>'\"#%@`\\\n\t.~<=é\x00\x07\ufeff\u2028")),
    max_size=80,
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_diagnose(text: str | bytes) -> None:
    """The contract: either data and a working locator, or a ScenarioError with diagnostics."""
    try:
        data, loc = load_yaml(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.line >= 1 and d.col >= 1 and d.message
        return
    assert loc.key(("x", 0)) and loc.value(()) and loc.source_line(1) is not None
    if isinstance(data, dict):
        for key in data:
            assert loc.exists((key,))


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    load_or_diagnose(text)


@FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes) -> None:
    load_or_diagnose(data)


@FUZZ
@given(YAMLISH)
def test_yaml_like_text_never_raises_anything_else(text: str) -> None:
    load_or_diagnose(text)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="needs libyaml to compare")
@FUZZ
@given(YAMLISH)
def test_pure_python_fallback_never_raises_anything_else(text: str) -> None:
    original = yamlsource._Loader
    yamlsource._Loader = yaml.SafeLoader
    try:
        load_or_diagnose(text)
    finally:
        yamlsource._Loader = original


def test_a_flood_of_problems_is_cut_short() -> None:
    diagnostics = fail("".join(f"k: {i}\n" for i in range(500)))
    assert len(diagnostics) == 101
    assert diagnostics[-1].message == "too many problems; stopping after 100"
