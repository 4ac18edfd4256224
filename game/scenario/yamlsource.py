"""Load untrusted scenario YAML into plain Python data, remembering where everything was written.

Scenario files come from instructors, so this module assumes nothing about them:

* Only the safe parser is used (``yaml.CSafeLoader`` when libyaml is available). Python objects
  are never constructed from tags: a tag other than the plain YAML types is a diagnostic.
* The document is built from the parser's event stream rather than from ``yaml.compose()``.
  The composed node tree collapses every alias into a shared node, which loses where the alias
  was written and hides self-references; building from events keeps the exact position of
  every ``*alias`` (so a "billion laughs" bomb or a recursive alias is reported where it is
  written) and never recurses, so no input depth can overflow the Python stack.
* Size limits (``MAX_BYTES``, ``MAX_NODES``, ``MAX_DEPTH``) bound the work done for any input.
* Every failure becomes a :class:`Diagnostic` inside a :class:`ScenarioError`; no other exception
  escapes, whatever the input.

The :class:`Locator` returned next to the data maps a path such as ``("agenda", "items", 2)``
back to a line and column, which is what lets later validation errors point into the file.
"""

from __future__ import annotations

import bisect
import collections.abc
import datetime
import math
import os
import re
import stat
import types
import typing
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import pydantic
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from game.printable import describe, unsafe_character
from game.scenario.diagnostics import Diagnostic, ScenarioError, did_you_mean

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_NUMBER",
    "Locator",
    "Path",
    "load_yaml",
    "load_yaml_file",
    "pydantic_diagnostics",
]

MAX_BYTES = 2_000_000
"""Largest scenario file accepted, in bytes (a real scenario is a few tens of kilobytes)."""

MAX_NODES = 200_000
"""Most values (scalars, lists and mappings, counting every alias expansion) in a document."""

MAX_DEPTH = 64
"""Deepest nesting of lists/mappings accepted; deeper data would only break later recursion."""

MAX_NUMBER = 1e12
"""Largest magnitude of a number in a scenario: far beyond any real figure, and far enough
below the float range that the engine's arithmetic on such numbers cannot overflow."""

_MAX_DIAGNOSTICS = 100
"""Stop collecting after this many problems: a broken file should not print a wall of text."""

_MAX_NUMBER_CHARS = 100
"""Longer numbers are refused: YAML 1.1 base-60 integers cost quadratic time to convert."""

Path = tuple[Hashable, ...]
"""A path into the loaded data: mapping keys (usually ``str``) and list indices (``int``)."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG_PREFIX = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG_PREFIX + "merge"
_SCALAR_KINDS = {
    _TAG_PREFIX + "null": "null",
    _TAG_PREFIX + "bool": "boolean",
    _TAG_PREFIX + "int": "integer",
    _TAG_PREFIX + "float": "number",
    _TAG_PREFIX + "str": "string",
    _TAG_PREFIX + "timestamp": "date",
}
_NUMBER_TAGS = {_TAG_PREFIX + "int", _TAG_PREFIX + "float"}
_MAP_TAGS = {None, "!", _TAG_PREFIX + "map"}
_SEQ_TAGS = {None, "!", _TAG_PREFIX + "seq"}
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks the YAML parser counts
_BOM = "\ufeff"

_constructor = SafeConstructor()

_CONTROL_RULE = ("control characters and bidirectional overrides are not allowed in a "
                 "scenario (printed, they could take over the terminal or disguise the text)")
_MAX_CONTROL_DIAGNOSTICS = 10
_RAW_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _short_tag(tag: str) -> str:
    """Render a tag the way it is usually written (``!!python/object`` rather than a URI)."""
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


# --------------------------------------------------------------------------------------------
# Positions


@dataclass(eq=False, slots=True)
class _Pos:
    """Where one value was written. Aliases get their own ``_Pos`` sharing ``children``."""

    value: tuple[int, int]
    end: tuple[int, int]
    key: tuple[int, int] | None = None
    style: str | None = None
    text: str | None = None  # the scalar's text, to check that columns inside it can be mapped
    children: dict[Any, _Pos] | list[_Pos] | None = None


class Locator:
    """Maps paths into the loaded data back to 1-based (line, column) positions in the file.

    Lookups never raise: a path that does not exist (a missing key, say) resolves to its deepest
    existing prefix, which is the best place to point at when reporting it.
    """

    def __init__(self, filename: str, text: str, root: _Pos) -> None:
        self.filename = filename
        self._text = text
        self._root = root
        self._line_starts = _line_starts(text)

    def _walk(self, path: Iterable[Hashable]) -> tuple[list[_Pos], int]:
        """Follow ``path``; return the nodes visited (root first) and how many elements matched."""
        nodes = [self._root]
        matched = 0
        for element in path:
            child = _child(nodes[-1], element)
            if child is None:
                break
            nodes.append(child)
            matched += 1
        return nodes, matched

    def existing_prefix(self, path: Iterable[Hashable]) -> Path:
        """The longest prefix of ``path`` that exists in the document."""
        path = tuple(path)
        return path[: self._walk(path)[1]]

    def exists(self, path: Iterable[Hashable]) -> bool:
        """Whether ``path`` names a value in the document."""
        path = tuple(path)
        return self._walk(path)[1] == len(path)

    def key(self, path: Iterable[Hashable]) -> tuple[int, int]:
        """Position of the key of the last path element (a list item's start for an index)."""
        node = self._walk(path)[0][-1]
        return node.key if node.key is not None else node.value

    def value(self, path: Iterable[Hashable]) -> tuple[int, int]:
        """Position where the value at ``path`` starts (after any ``&anchor`` or ``!tag``)."""
        return self._walk(path)[0][-1].value

    def value_style(self, path: Iterable[Hashable]) -> str | None:
        """Scalar style of the value at ``path``: None (plain), ``'``, ``"``, ``|`` or ``>``.

        An alias (``*name``) reports ``"*"``: its text is elsewhere, so columns inside the string
        cannot be mapped. Lists and mappings report None.
        """
        return self._walk(path)[0][-1].style

    def position_in_value(self, path: Iterable[Hashable], offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the string at ``path``, e.g. an error in an
        expression. Plain and quoted scalars are followed across folded lines; the value's
        start is returned when the text cannot be mapped character for character (block
        scalars, escape sequences)."""
        node = self._walk(path)[0][-1]
        line, col = node.value
        if node.text is None or node.style not in (None, "'", '"'):
            return node.value
        quote = 0 if node.style is None else 1
        pos = self._line_starts[line - 1] + col - 1 + quote if line <= len(
            self._line_starts) else None
        if pos is None:
            return node.value
        src, text = self._text, node.text
        target = max(0, min(offset, len(text)))
        for k in range(target):
            if pos >= len(src):
                return node.value
            ch = text[k]
            if src[pos] == ch:
                pos += 1
                continue
            if ch == " " and src[pos] in "\r\n":  # a folded line break: skip to the text
                while pos < len(src) and src[pos] in " \t\r\n":
                    pos += 1
                continue
            return node.value  # an escape or anything else we cannot follow
        at_line = bisect.bisect_right(self._line_starts, pos)
        return (at_line, pos - self._line_starts[at_line - 1] + 1)

    def source_line(self, line: int) -> str:
        """Text of 1-based ``line`` without its line break ("" if there is no such line)."""
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        match = _LINE_BREAK.search(self._text, start)
        return self._text[start : match.start() if match else len(self._text)]


def _child(node: _Pos, element: Hashable) -> _Pos | None:
    """The child of ``node`` named by one path element, tolerating ``"1951"`` vs ``1951`` keys."""
    children = node.children
    if isinstance(children, list):
        if isinstance(element, int) and not isinstance(element, bool):
            return children[element] if 0 <= element < len(children) else None
        return None
    if children is None:
        return None
    try:
        found = children.get(element)
    except TypeError:  # an unhashable path element
        return None
    if found is None and isinstance(element, str | int):
        text = str(element)
        found = next((pos for k, pos in children.items() if str(k) == text), None)
    return found


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


# --------------------------------------------------------------------------------------------
# Building the document from parser events


class _Fatal(Exception):
    """Stops building: a limit was hit, nothing after this point would be trustworthy."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic


@dataclass(slots=True)
class _Item:
    """A finished value on its way to its parent."""

    value: Any
    pos: _Pos
    size: int  # number of values it expands to, counting aliases in full
    height: int  # nesting levels inside it (0 for a scalar)
    is_scalar: bool
    is_merge: bool = False  # the ``<<`` merge key


@dataclass(slots=True)
class _Frame:
    """A list or mapping being filled in."""

    kind: Literal["seq", "map"]
    start: tuple[int, int]
    anchor: str | None
    data: Any
    children: Any
    size: int = 1
    height: int = 1
    # Mapping state: the pending key, and merged (``<<``) mappings to apply when it closes.
    expect_key: bool = True
    key: Any = None
    key_pos: tuple[int, int] | None = None
    key_state: Literal["ok", "skip", "merge"] = "ok"
    merges: list[tuple[dict[Any, Any], dict[Any, _Pos]]] = field(default_factory=list)


@dataclass(slots=True)
class _Anchored:
    value: Any
    pos: _Pos
    size: int
    height: int
    is_scalar: bool
    is_merge: bool


class _Builder:
    """Turns the parser's events into Python data plus a position tree, enforcing the limits."""

    def __init__(self, text: str, filename: str) -> None:
        self.loader: Any = None
        self.text = text
        self.filename = filename
        self.line_starts = _line_starts(text)
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, _Anchored] = {}
        self.anchor_lines: dict[str, tuple[int, int]] = {}
        self.open_anchors: set[str] = set()
        self.total = 0

    # -- helpers

    def error(self, where: tuple[int, int], message: str) -> None:
        if len(self.diagnostics) >= _MAX_DIAGNOSTICS:
            raise self.fatal(where, f"too many problems; stopping after {_MAX_DIAGNOSTICS}")
        self.diagnostics.append(Diagnostic(self.filename, where[0], where[1], message))

    def fatal(self, where: tuple[int, int], message: str) -> _Fatal:
        return _Fatal(Diagnostic(self.filename, where[0], where[1], message))

    @staticmethod
    def mark(mark: Any) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1)

    def content_start(self, event: Any) -> tuple[int, int]:
        """Where a node's content starts: the parser's start mark includes ``&anchor !tag``."""
        start = self.mark(event.start_mark)
        if event.anchor is None and event.tag is None:
            return start
        line = min(start[0], len(self.line_starts))
        i = min(self.line_starts[line - 1] + start[1] - 1, len(self.text))
        text, n = self.text, len(self.text)
        while i < n and text[i] in "&!":
            while i < n and text[i] not in " \t\r\n\x85\u2028\u2029":
                i += 1
            while i < n:
                if text[i] in " \t\r\n\x85\u2028\u2029":
                    i += 1
                elif text[i] == "#":
                    match = _LINE_BREAK.search(text, i)
                    i = match.end() if match else n
                else:
                    break
        i = min(i, self.index(event.end_mark))
        line = bisect.bisect_right(self.line_starts, i)
        return (line, i - self.line_starts[line - 1] + 1)

    def index(self, mark: Any) -> int:
        line = min(mark.line, len(self.line_starts) - 1)
        return min(self.line_starts[line] + mark.column, len(self.text))

    def count(self, size: int, where: tuple[int, int], alias: str | None = None) -> None:
        self.total += size
        if self.total <= MAX_NODES:
            return
        if alias is not None:
            raise self.fatal(
                where,
                f"alias '*{alias}' expands the document to more than {MAX_NODES:,} values; "
                "aliases nested like this (a 'billion laughs' bomb) are refused",
            )
        raise self.fatal(where, f"the document has more than {MAX_NODES:,} values")

    def define_anchor(self, name: str, where: tuple[int, int]) -> None:
        if name in self.anchor_lines:
            first = self.anchor_lines[name]
            self.error(
                where,
                f"anchor '&{name}' is defined twice (first at line {first[0]}, "
                f"column {first[1]}); give each anchor its own name",
            )
        self.anchor_lines[name] = where

    # -- events

    def document(self) -> _Item:
        """Build one document's root value (the DocumentStartEvent has been consumed)."""
        stack: list[_Frame] = []
        while True:
            event = self.loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                item = self.scalar(event)
            elif isinstance(event, yaml.AliasEvent):
                item = self.alias(event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                stack.append(self.open(event, len(stack)))
                continue
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                item = self.close(stack.pop(), event)
            else:  # the parser guarantees well-formed nesting; be safe rather than loop
                raise self.fatal(self.mark(event.start_mark), "unexpected YAML structure")
            if len(stack) + item.height > MAX_DEPTH:
                raise self.fatal(
                    item.pos.value, f"the data is nested more than {MAX_DEPTH} levels deep"
                )
            if not stack:
                item.pos.key = item.pos.value
                return item
            self.attach(stack[-1], item)

    def scalar(self, event: Any) -> _Item:
        where = self.content_start(event)
        end = self.mark(event.end_mark)
        self.count(1, where)
        if event.anchor is not None:
            self.define_anchor(event.anchor, self.mark(event.start_mark))
        raw: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, raw, event.implicit)
        value: Any = raw
        is_merge = tag == _MERGE_TAG
        if is_merge:
            pass  # meaningful only as a key; elsewhere it is just the string "<<"
        elif tag not in _SCALAR_KINDS:
            self.error(
                self.mark(event.start_mark),
                f"unsupported tag '{_short_tag(tag)}': only plain values "
                "(text, numbers, true/false, null, dates), lists and mappings are allowed",
            )
        elif tag in _NUMBER_TAGS and len(raw) > _MAX_NUMBER_CHARS:
            self.error(where, f"number is too long ({len(raw)} characters)")
        else:
            node = ScalarNode(tag, raw, event.start_mark, event.end_mark, style=event.style)
            try:
                value = SafeConstructor.yaml_constructors[tag](_constructor, node)
            except Exception as exc:  # any constructor failure means a bad value
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.error(where, f"invalid {_SCALAR_KINDS[tag]} {_shorten(raw)}: {detail}")
                value = raw
        if isinstance(value, str):
            self.refuse_controls(value, where)
        elif tag in _NUMBER_TAGS and isinstance(value, int | float) and not isinstance(
                value, bool):
            self.check_number(value, raw, where)
        pos = _Pos(value=where, end=end, style=event.style or None, text=raw)
        item = _Item(value, pos, 1, 0, is_scalar=True, is_merge=is_merge)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchored(value, pos, 1, 0, True, is_merge)
        return item

    def refuse_controls(self, text: str, where: tuple[int, int]) -> None:
        """Every string of the document (keys and values) passes here: refuse the characters
        that would act on a terminal instead of being shown (written as escapes such as
        ``"\\e"``; raw ones are refused where they stand by `_refuse_raw_controls`)."""
        found = unsafe_character(text)
        if found is not None:
            self.error(where, f"this text contains {found[1]}: {_CONTROL_RULE}")

    def check_number(self, value: float, raw: str, where: tuple[int, int]) -> None:
        """Refuse .inf, .nan and numbers beyond MAX_NUMBER, at the number."""
        shown = raw if len(raw) <= 24 else raw[:21] + "..."  # a number: digits and signs
        limit = "numbers in a scenario are at most 1e12 either way"
        if isinstance(value, float) and math.isnan(value):
            self.error(where, f"{shown} is not a number: give a finite value")
        elif isinstance(value, float) and math.isinf(value):
            self.error(where, f"{shown} is infinite: give a finite value ({limit})")
        elif abs(value) > MAX_NUMBER:
            self.error(where, f"the number {shown} is too large: {limit}")

    def alias(self, event: Any) -> _Item:
        where = self.mark(event.start_mark)
        end = self.mark(event.end_mark)
        name: str = event.anchor
        if name in self.open_anchors:
            self.error(
                where,
                f"alias '*{name}' refers to the list or mapping that contains it "
                "(recursive aliases are not allowed)",
            )
            self.count(1, where)
            return _Item(None, _Pos(where, end, style="*"), 1, 0, is_scalar=True)
        target = self.anchors.get(name)
        if target is None:
            self.error(where, f"unknown alias '*{name}': there is no anchor '&{name}' before it")
            self.count(1, where)
            return _Item(None, _Pos(where, end, style="*"), 1, 0, is_scalar=True)
        self.count(target.size, where, alias=name)
        pos = _Pos(where, end, style="*", text=target.pos.text, children=target.pos.children)
        return _Item(
            target.value, pos, target.size, target.height, target.is_scalar, target.is_merge
        )

    def open(self, event: Any, depth: int) -> _Frame:
        where = self.content_start(event)
        if depth >= MAX_DEPTH:
            raise self.fatal(where, f"the data is nested more than {MAX_DEPTH} levels deep")
        self.count(1, where)
        is_map = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            self.error(
                self.mark(event.start_mark),
                f"unsupported tag '{_short_tag(event.tag)}': only plain values "
                "(text, numbers, true/false, null, dates), lists and mappings are allowed",
            )
        if event.anchor is not None:
            self.define_anchor(event.anchor, self.mark(event.start_mark))
            self.open_anchors.add(event.anchor)
        return _Frame(
            kind="map" if is_map else "seq",
            start=where,
            anchor=event.anchor,
            data={} if is_map else [],
            children={} if is_map else [],
        )

    def close(self, frame: _Frame, event: Any) -> _Item:
        data, children = frame.data, frame.children
        if frame.merges:
            # As in PyYAML: keys written in the mapping win over merged ones, and earlier
            # entries of a ``<<: [*a, *b]`` list win over later ones.
            merged: dict[Any, Any] = {}
            merged_pos: dict[Any, _Pos] = {}
            for values, positions in reversed(frame.merges):
                merged.update(values)
                merged_pos.update(positions)
            merged.update(data)
            merged_pos.update(children)
            data, children = merged, merged_pos
        pos = _Pos(frame.start, self.mark(event.end_mark), children=children)
        item = _Item(data, pos, frame.size, frame.height, is_scalar=False)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = _Anchored(
                data, pos, frame.size, frame.height, False, False
            )
        return item

    def attach(self, frame: _Frame, item: _Item) -> None:
        frame.size += item.size
        frame.height = max(frame.height, item.height + 1)
        if frame.kind == "seq":
            item.pos.key = item.pos.value
            frame.data.append(item.value)
            frame.children.append(item.pos)
        elif frame.expect_key:
            self.take_key(frame, item)
        else:
            frame.expect_key = True
            if frame.key_state == "merge":
                self.take_merge(frame, item)
            elif frame.key_state == "ok":
                item.pos.key = frame.key_pos
                frame.data[frame.key] = item.value
                frame.children[frame.key] = item.pos

    def take_key(self, frame: _Frame, item: _Item) -> None:
        frame.expect_key = False
        frame.key_pos = item.pos.value
        frame.key_state = "skip"
        if not item.is_scalar:
            kind = "mapping" if isinstance(item.value, dict) else "list"
            self.error(
                item.pos.value,
                f"a key must be a plain value such as a name or number, not a {kind}",
            )
        elif item.is_merge:
            frame.key_state = "merge"
        elif item.value in frame.data:
            first = frame.children[item.value].key or frame.start
            self.error(
                item.pos.value,
                f"duplicate key {_shorten(item.value)} (first defined at line {first[0]}, "
                f"column {first[1]})",
            )
        else:
            frame.key = item.value
            frame.key_state = "ok"

    def take_merge(self, frame: _Frame, item: _Item) -> None:
        """``<<: *defaults`` or ``<<: [*a, *b]``: remember mappings to merge on close."""
        if isinstance(item.value, dict) and isinstance(item.pos.children, dict):
            frame.merges.append((item.value, item.pos.children))
            return
        if isinstance(item.value, list) and isinstance(item.pos.children, list):
            for value, pos in zip(item.value, item.pos.children, strict=True):
                if isinstance(value, dict) and isinstance(pos.children, dict):
                    frame.merges.append((value, pos.children))
                else:
                    self.error(pos.value, "each entry of a merge ('<<') list must be a mapping")
            return
        self.error(item.pos.value, "a merge key ('<<') needs a mapping or a list of mappings")


# --------------------------------------------------------------------------------------------
# Entry points


def load_yaml(text: str | bytes, filename: str) -> tuple[Any, Locator]:
    """Parse one YAML document from ``text`` (``bytes`` must be UTF-8).

    Returns the data as plain Python (dict, list, str, int, float, bool, None, datetime.date,
    datetime.datetime) and a :class:`Locator` for it. Raises :class:`ScenarioError` for anything
    wrong with the input, and nothing else.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        text = _decode(bytes(text), filename)
    else:
        _check_text(text, filename)
    if text.startswith(_BOM):
        text = text[1:]  # invisible in editors; dropping it keeps columns as the user sees them
    _refuse_raw_controls(text, filename)
    loader: Any = None
    builder = _Builder(text, filename)
    try:
        loader = builder.loader = _Loader(text)  # the pure-Python reader checks text here
        loader.get_event()  # StreamStartEvent
        if loader.check_event(yaml.StreamEndEvent):
            raise builder.fatal((1, 1), "the file is empty")
        loader.get_event()  # DocumentStartEvent
        root = builder.document()
        loader.get_event()  # DocumentEndEvent
        if loader.check_event(yaml.DocumentStartEvent):
            event = loader.get_event()
            raise builder.fatal(
                builder.mark(event.start_mark),
                "the file contains more than one YAML document (a second one starts here); "
                "a scenario must be a single document",
            )
    except _Fatal as exc:
        raise ScenarioError([*builder.diagnostics, exc.diagnostic]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([*builder.diagnostics, _yaml_error(exc, text, filename)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if builder.diagnostics:
        raise ScenarioError(builder.diagnostics)
    return root.value, Locator(filename, text, root.pos)


def load_yaml_file(path: str | os.PathLike[str]) -> tuple[Any, Locator]:
    """Read and parse a scenario file, refusing oversized, unreadable or non-file paths."""
    filename = os.fsdecode(os.fspath(path))

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Diagnostic(filename, 1, 1, message)])

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise fail("this is a directory, not a scenario file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("this is not a regular file")
        if info.st_size > MAX_BYTES:
            raise fail(_too_big(info.st_size))
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise fail(f"the file cannot be read: {exc.strerror or exc}") from None
    return load_yaml(data, filename)


def _too_big(size: int) -> str:
    return f"the file is too large: {size:,} bytes (the limit is {MAX_BYTES:,} bytes)"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` in ``text``, counting YAML line breaks."""
    starts = _line_starts(text[:index])
    return (len(starts), index - starts[-1] + 1)


def _decode(data: bytes, filename: str) -> str:
    if len(data) > MAX_BYTES:
        raise ScenarioError([Diagnostic(filename, 1, 1, _too_big(len(data)))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8")  # valid: the error is the first bad byte
        line, col = _position(prefix, len(prefix))
        hint = ""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = " (it looks like UTF-16)"
        message = (
            f"the file is not UTF-8 text{hint}: byte 0x{data[exc.start]:02x} cannot be decoded; "
            "save the file as UTF-8"
        )
        raise ScenarioError([Diagnostic(filename, line, col, message)]) from None


def _refuse_raw_controls(text: str, filename: str) -> None:
    """Refuse control characters written into the file itself, comments included (a
    bidirectional override in a comment can make the lines around it read differently), at
    the character. The YAML reader itself refuses the C0 and C1 controls and DEL (a raw NEL
    is a line break); the bidirectional controls are the ones it lets through."""
    found = []
    for match in _RAW_UNSAFE.finditer(text):
        line, col = _position(text, match.start())
        found.append(Diagnostic(filename, line, col,
                                f"the character {describe(match.group())}: {_CONTROL_RULE}"))
        if len(found) >= _MAX_CONTROL_DIAGNOSTICS:
            break
    if found:
        raise ScenarioError(found)


def _check_text(text: str, filename: str) -> None:
    """Apply the byte limit to a ``str`` and refuse lone surrogates (not encodable as UTF-8)."""
    if len(text) * 4 > MAX_BYTES:  # only encode when the result might exceed the limit
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise ScenarioError([Diagnostic(filename, 1, 1, _too_big(size))])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, col = _position(text, exc.start)
        message = f"invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)"
        raise ScenarioError([Diagnostic(filename, line, col, message)]) from None


_OPEN_QUOTE = re.compile(r""":\s+(["'])""")


def _unclosed_quote(text: str, up_to_line: int) -> int | None:
    """The last line before `up_to_line` where a quoted value opens after `key:` and does not
    close on the same line: the usual cause of a confusing parser error far below it."""
    found = None
    for number, line in enumerate(text.splitlines()[:up_to_line], start=1):
        match = _OPEN_QUOTE.search(line)
        if not match or line.lstrip().startswith("#"):
            continue
        quote = match.group(1)
        rest = line[match.end():]
        closed = rest.replace("\\" + quote, "").count(quote) if quote == '"' else (
            rest.replace(quote * 2, "").count(quote))
        if closed == 0:
            found = number
    return found


def _yaml_error(exc: yaml.YAMLError, text: str, filename: str) -> Diagnostic:
    """Turn a parser exception into a diagnostic at the problem's position."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = f"could not parse YAML: {exc.problem or exc.context or 'invalid syntax'}"
        if exc.problem and exc.context:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not exc.problem_mark:
                cm = exc.context_mark
                message += f" that starts at line {cm.line + 1}, column {cm.column + 1}"
            message += ")"
        opened = _unclosed_quote(text, line)
        if opened and opened != line:
            message += (f"; a quoted value at line {opened} is not closed on its line — a "
                        "missing closing quote?")
        return Diagnostic(filename, line, col, message)
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        index = text.find(chr(char)) if isinstance(char, int) and 0 <= char < 0x110000 else -1
        line, col = _position(text, index) if index >= 0 else (1, 1)
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return Diagnostic(
            filename,
            line,
            col,
            f"could not read YAML: the character {shown} is not allowed ({exc.reason})",
        )
    return Diagnostic(filename, 1, 1, f"could not parse YAML: {exc}")


# --------------------------------------------------------------------------------------------
# Pydantic validation errors → diagnostics


_TYPE_NAMES = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time",
    "datetime_type": "a date and time",
    "datetime_parsing": "a date and time",
    "none_required": "null",
}


def pydantic_diagnostics(
    exc: pydantic.ValidationError,
    locator: Locator,
    filename: str,
    model: type[pydantic.BaseModel] | None = None,
) -> list[Diagnostic]:
    """One diagnostic per validation error, at the key or value it is about, sorted by position.

    ``model`` (the model that was validated) enables "did you mean" suggestions for unknown keys.
    """
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for error in exc.errors(include_url=False):
        kind = error.get("type", "")
        loc = tuple(error.get("loc", ()))
        path, at_key = _real_path(loc, locator, keep_last=kind == "missing")
        if kind == "extra_forbidden" and path and path[-1] == loc[-1]:
            where = locator.key(path)
            key = path[-1]
            message = f"unknown key {_quote(key)} {_within(path[:-1])}"
            if model is not None and isinstance(key, str):
                message += did_you_mean(key, _allowed_keys(model, path[:-1]))
        elif kind == "missing" and path:
            where = locator.key(path[:-1])
            message = f"missing required key {_quote(path[-1])}"
            if path[:-1]:
                message += f" {_within(path[:-1])}"
        else:
            where = locator.key(path) if at_key else locator.value(path)
            message = _type_message(kind, error.get("msg", ""), error.get("input"), error)
            if at_key and path:
                message = f"key {_quote(path[-1])} {_within(path[:-1])}: {message}"
            elif path:
                message = f"{_readable(path)}: {message}"
        diagnostic = Diagnostic(filename, where[0], where[1], message)
        if str(diagnostic) not in seen:
            seen.add(str(diagnostic))
            out.append(diagnostic)
    out.sort(key=lambda d: (d.line, d.col))
    return out


def _real_path(loc: tuple[Any, ...], locator: Locator, keep_last: bool) -> tuple[Path, bool]:
    """Drop loc parts that are pydantic's bookkeeping rather than keys in the document.

    A part is kept if it exists in the document below what was kept so far; otherwise it is a
    union/validator tag (or a discriminator value) and is dropped. ``keep_last`` keeps a final
    part that does not exist, which is the point of a "missing" error. The flag says the error
    is about the last key itself (pydantic's ``[key]`` marker), not its value.
    """
    path: list[Any] = []
    for i, part in enumerate(loc):
        if part == "[key]":
            return tuple(path), True
        if locator.exists((*path, part)) or (keep_last and i == len(loc) - 1):
            path.append(part)
    return tuple(path), False


def _allowed_keys(model: type[pydantic.BaseModel], path: Path) -> list[str]:
    """Field names (and aliases) of the model(s) found by walking ``model``'s annotations."""
    frontier: list[Any] = [model]
    for part in path:
        frontier = [child for ann in frontier for child in _descend(ann, part)]
        if not frontier:
            return []
    names: list[str] = []
    for ann in frontier:
        for cls in _models(ann):
            for name, info in cls.model_fields.items():
                alias = info.validation_alias if isinstance(info.validation_alias, str) else None
                names.append(alias or info.alias or name)
    return names


def _unwrap(annotation: Any) -> list[Any]:
    """Strip Annotated/Optional/Union (and RootModel) down to the candidate concrete types."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if (
        isinstance(annotation, type)
        and issubclass(annotation, pydantic.RootModel)
        and "root" in annotation.model_fields
    ):
        return _unwrap(annotation.model_fields["root"].annotation)
    return [annotation]


def _models(annotation: Any) -> list[type[pydantic.BaseModel]]:
    return [
        t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, pydantic.BaseModel)
    ]


def _descend(annotation: Any, part: Any) -> list[Any]:
    """The annotations that the value at ``part`` inside a value of ``annotation`` may have."""
    result: list[Any] = []
    for ann in _unwrap(annotation):
        origin = typing.get_origin(ann) or ann
        args = typing.get_args(ann)
        if isinstance(ann, type) and issubclass(ann, pydantic.BaseModel):
            for name, info in ann.model_fields.items():
                aliases = {name, info.alias, info.validation_alias}
                if part in aliases:
                    result.append(info.annotation)
        elif isinstance(part, int) and origin in (list, tuple, set, frozenset) and args:
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                result.extend(args[part : part + 1])
            else:
                result.append(args[0])
        elif origin is dict and len(args) == 2:
            result.append(args[1])
        elif _is_abc(origin, "Sequence") and isinstance(part, int) and args:
            result.append(args[0])
        elif _is_abc(origin, "Mapping") and len(args) == 2:
            result.append(args[1])
    return result


def _is_abc(origin: Any, name: str) -> bool:
    base = getattr(collections.abc, name)
    return isinstance(origin, type) and issubclass(origin, base) and origin is not str


def _type_message(kind: str, msg: str, value: Any, error: Any) -> str:
    got = _describe(value)
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]}, got {got}"
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected")
        if expected:
            return f"expected {expected}, got {got}"
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    if msg.startswith("Input should be "):
        return f"expected {msg[len('Input should be ') :]}, got {got}"
    return f"{msg} (got {got})" if msg else f"invalid value {got}"


def _describe(value: Any) -> str:
    """A short, YAML-flavoured description of an input value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return _shorten(value)


def _shorten(value: Any, limit: int = 40) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(key: Any) -> str:
    return f"'{key}'" if isinstance(key, str) else repr(key)


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _within(path: Path) -> str:
    return f"in {_readable(path)}" if path else "at the top level"


def _readable(path: Path) -> str:
    """``("agenda", "items", 2, "positions")`` → ``agenda.items[2].positions``."""
    if not path:
        return "the top level"
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            parts.append(f"[{part}]")
        elif isinstance(part, str) and _IDENTIFIER.match(part):
            parts.append(f".{part}" if parts else part)
        else:
            parts.append(f"[{part!r}]")
    return "".join(parts)
