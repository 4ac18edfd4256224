"""Hostile saves for the window's Load screen and Continue: every way a file in the saves or
autosave folder can be wrong, built from one real game so each differs from a good save in
one respect. `build(folder, good)` writes them and returns {file name: what is wrong}.

Each variant is resealed (`record.seal_of`), as an editor who knows the format would do, so
it is refused for what it changes, not as edited; only those in `UNSEALED` keep the good
save's seal. `ODD_BUT_VALID` are the variants that are valid saves with odd content."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.session import record
from game.session.savefile import SaveGame

Raw = dict[str, Any]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Raw], Raw]:
    def change(raw: Raw) -> Raw:
        raw = copy.deepcopy(raw)
        node = raw
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return raw
    return change


def _drop(key: str) -> Callable[[Raw], Raw]:
    def change(raw: Raw) -> Raw:
        raw = copy.deepcopy(raw)
        raw.pop(key, None)
        return raw
    return change


NUL_TEXT = "bad\x00name\x1b[2J\x07<b>markup</b>%{name}{x}"
"""A NUL, a terminal escape, a bell, pygame_gui markup and format placeholders at once."""

VARIANTS: dict[str, tuple[str, Callable[[Raw], Raw]]] = {
    "rationale-object.json": ("a rationale that is an object",
                              _set(("turns", 0, "orders", "unc", "rationale"), {"x": [1]})),
    "rationale-list.json": ("a rationale that is a list",
                            _set(("turns", 0, "orders", "communist", "rationale"), [1, 2])),
    "nul-scenario-ref.json": ("a NUL in the scenario ref (reaches the error message)",
                              _set(("scenario", "ref"), "19\x0051")),
    "unknown-scenario.json": ("an unknown scenario ref",
                              _set(("scenario", "ref"), "no-such-scenario-" + NUL_TEXT)),
    "path-scenario.json": ("a scenario ref pointing at a folder",
                           _set(("scenario", "ref"), "/")),
    "changed-scenario.json": ("a save whose scenario changed", _set(("scenario", "sha256"),
                                                                     "0" * 64)),
    "label-markup.json": ("markup and placeholders in the label",
                          _set(("label",), "<b>markup</b>%{name}{x}&amp;<br>" * 5)),
    "label-longest.json": ("a label of the longest length a save takes",
                           _set(("label",), "W" * record.MAX_LINE)),
    "label-escapes.json": ("escapes and markup in the label", _set(("label",), NUL_TEXT * 3)),
    "label-edited.json": ("a label changed after saving (the seal does not match)",
                          _set(("label",), "changed by hand")),
    "label-object.json": ("a label that is an object", _set(("label",), {"a": 1})),
    "label-huge.json": ("a 100,000-character label", _set(("label",), "W" * 100_000)),
    "scenario-id-markup.json": ("markup in the scenario id", _set(("scenario", "id"), NUL_TEXT)),
    "players-int.json": ("players is a number", _set(("settings", "players"), 7)),
    "players-three.json": ("three players", _set(("settings", "players"),
                                                  ["human", "human", "human"])),
    "players-objects.json": ("players are objects", _set(("settings", "players"), [{}, []])),
    "players-policy.json": ("an unknown AI policy", _set(("settings", "players"),
                                                        ["human", "ai:" + NUL_TEXT])),
    "what-ifs-object.json": ("what-ifs is an object", _set(("settings", "what_ifs"), {"a": 1})),
    "what-ifs-unknown.json": ("an unknown what-if", _set(("settings", "what_ifs"), [NUL_TEXT])),
    "start-list.json": ("a campaign start that is a list", _set(("settings", "start"), [1])),
    "start-vars.json": ("campaign vars of the wrong type", _set(("settings", "start"),
                                                               {"vars": 5, "items": "x"})),
    "start-huge.json": ("huge numbers in the campaign start", _set(
        ("settings", "start"), {"vars": {"x": 10**400}, "items": {"y": 1e308}})),
    "reloads-bad.json": ("reloads of the wrong type", _set(("settings", "reloads"), [1, "x"])),
    "settings-list.json": ("settings is a list", _set(("settings",), [])),
    "seed-huge.json": ("a seed of 400 digits", _set(("seed",), 10**399)),
    "seed-negative.json": ("a negative seed", _set(("seed",), -1)),
    "seed-float.json": ("a seed that is a float", _set(("seed",), 1.5)),
    "game-index-huge.json": ("a game index of 2**80", _set(("game_index",), 2**80)),
    "game-index-str.json": ("a game index that is text", _set(("game_index",), "3")),
    "inject-int.json": ("inject is a number", _set(("turns", 0, "inject"), 5)),
    "inject-unknown.json": ("an unknown injected event",
                            _set(("turns", 0, "inject"), ["no-such-event<b>%{name}"])),
    "inject-objects.json": ("injected events are objects",
                            _set(("turns", 0, "inject"), [{"a": 1}])),
    "orders-string.json": ("orders that are text", _set(("turns", 0, "orders", "unc"), "hold")),
    "orders-items-list.json": ("agenda items that are a list",
                               _set(("turns", 0, "orders", "unc", "items"), [1])),
    "orders-posture.json": ("an unknown posture",
                            _set(("turns", 0, "orders", "unc", "posture"), NUL_TEXT)),
    "orders-posture-list.json": ("a posture that is a list",
                                 _set(("turns", 0, "orders", "unc", "posture"), [1])),
    "orders-package-obj.json": ("a package that is an object",
                                _set(("turns", 0, "orders", "unc", "package"), {"a": 1})),
    "orders-talks-num.json": ("talks that are a huge number",
                              _set(("turns", 0, "orders", "unc", "talks"), 10**30)),
    "checksum-wrong.json": ("a turn whose checksum is wrong (desync)",
                            _set(("turns", 0, "checksum"), "f" * 64)),
    "turn-gap.json": ("turn numbers out of order", _set(("turns", 0, "turn"), 5)),
    "turns-object.json": ("turns is an object", _set(("turns",), {"0": 1})),
    "log-strings.json": ("log entries that are text", _set(("log",), ["x", 1])),
    "log-nul.json": ("a log entry full of escapes", _set(("log",), [{"text": NUL_TEXT}])),
    "log-markup.json": ("a log entry full of markup", _set(("log",), [{
        "turn": 0, "date": "1951-07-10", "visibility": "public", "kind": "news",
        "text": "<b>markup</b>%{name}{x}&amp;<br>\n\tsecond line"}])),
    "saved-at-number.json": ("saved_at is a number", _set(("saved_at",), 1e300)),
    "saved-at-garbage.json": ("saved_at is garbage", _set(("saved_at",), NUL_TEXT)),
    "saved-at-year.json": ("saved_at in year 99999", _set(("saved_at",), "99999-01-01T00:00")),
    "version-new.json": ("a newer format version", _set(("version",), 99)),
    "version-huge.json": ("a format version of 10**300", _set(("version",), 10**300)),
    "version-text.json": ("a format version that is text", _set(("version",), "1")),
    "format-other.json": ("another format", _set(("format",), NUL_TEXT)),
    "no-format.json": ("no format key", _drop("format")),
    "no-scenario.json": ("no scenario", _drop("scenario")),
    "extra-field.json": ("an unexpected field", _set((NUL_TEXT,), 1)),
    "summary-wrong-type.json": ("a summary of the wrong type", _set(("summary",), [1, 2])),
    "summary-lies.json": ("a summary that is not the save's",
                          _set(("summary",), {"scenario": NUL_TEXT, "turns": 10**20,
                                              "saved_at": NUL_TEXT, "label": NUL_TEXT})),
}

UNSEALED = frozenset({"label-edited.json"})
ODD_BUT_VALID = frozenset({"label-markup.json", "label-longest.json", "log-markup.json"})


def sealed(raw: Any) -> Any:
    """`raw` with its seal recomputed; a valid save exactly as `write_save` writes it (its
    summary, which the seal covers, made its own)."""
    if not isinstance(raw, dict):
        return raw
    try:
        save = SaveGame.model_validate(raw)
    except ValueError:  # not a valid save: resealed as it is, refused for what is wrong
        pass
    else:
        written = json.loads(json.dumps(save.model_dump(exclude={"seal", "upgraded_from"})))
        if set(written) == set(raw) - {"seal"}:  # not a key left out (a default would fill it)
            raw = written
    try:
        return {**raw, "seal": record.seal_of(raw)}
    except (TypeError, ValueError):  # content JSON cannot hold: it keeps the old seal
        return raw


def variant(name: str, good: Raw) -> Any:
    """The variant `name` of the save `good` (resealed unless in UNSEALED)."""
    changed = VARIANTS[name][1](good)
    return changed if name in UNSEALED else sealed(changed)


RAW_FILES: dict[str, tuple[str, bytes]] = {
    "truncated.json": ("truncated JSON", b'{"format": "armistice-save", "version": 1, "sce'),
    "empty.json": ("an empty file", b""),
    "spaces.json": ("only white space", b"  \n\t "),
    "array.json": ("a JSON array", b"[1, 2, 3]"),
    "string.json": ("a JSON string", b'"armistice-save"'),
    "null.json": ("JSON null", b"null"),
    "nan.json": ("NaN", b'{"format": "armistice-save", "version": NaN}'),
    "latin1.json": ("not UTF-8", b'{"format": "armistice-save", "label": "caf\xe9"}'),
    "bom.json": ("a BOM then garbage", b"\xef\xbb\xbf{garbage"),
    "deep.json": ("JSON nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
    "bigint.json": ("an integer of 5,000 digits", b'{"version": ' + b"9" * 5000 + b"}"),
    "nul-bytes.json": ("NUL bytes", b"\x00" * 64),
    "binary.json": ("a PNG", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    "dup-keys.json": ("duplicate keys", b'{"format": "armistice-save", "format": 1}'),
}


def build(folder: Path, good: Raw) -> dict[str, str]:
    """Write the corpus into `folder` (a fresh or existing folder); return {name: problem}.

    The special files (FIFO, symlink loop, folder named x.json, huge file, non-UTF-8 name) are
    made here too; what a platform cannot make is left out.
    """
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    for name, (problem, _) in VARIANTS.items():
        (folder / name).write_text(json.dumps(variant(name, good)), encoding="utf-8")
        made[name] = problem
    for name, (problem, data) in RAW_FILES.items():
        (folder / name).write_bytes(data)
        made[name] = problem
    (folder / "folder.json").mkdir(exist_ok=True)
    made["folder.json"] = "a folder named like a save"
    big = folder / "huge.json"
    with big.open("wb") as out:  # sparse: 60 MB on paper, nothing on disk
        out.truncate(60 * 1024 * 1024)
    made["huge.json"] = "a 60 MB file"
    (folder / "dangling.json").symlink_to(folder / "nowhere.json")
    made["dangling.json"] = "a symlink to nothing"
    loop = folder / "loop.json"
    loop.symlink_to(loop)
    made["loop.json"] = "a symlink loop"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        made["fifo.json"] = "a FIFO"
    odd = os.fsencode(folder) + b"/caf\xe9-\xff.json"  # not UTF-8: a surrogate-escaped name
    with open(odd, "w", encoding="utf-8") as out:
        json.dump(good, out)
    made[os.fsdecode(odd).rsplit("/", 1)[1]] = "a file name that is not UTF-8"
    markup = folder / "<b>x<br>%{n}\x1b[2J\x07 &amp;.json"
    markup.write_text(json.dumps(good), encoding="utf-8")
    made[markup.name] = "markup and escapes in the file name"
    return made
