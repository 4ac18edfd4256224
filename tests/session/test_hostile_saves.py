"""Hostile saves: one real save (1951, AI on both sides, with instructor entries) with every
field mutated every way we know — wrong types, huge and negative numbers, NaN and infinity
spelled as strings and as 1e999, deep nesting, long strings, control characters, objects where
strings go, missing, repeated and extra keys. `replay --verify` and `text --load` must answer
each with exit 1 and one line naming the file, never a traceback; the same mutants with their
seal recomputed reach the checks behind the seal and must be as clean."""

from __future__ import annotations

import copy
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game import cli
from game.session import record
from game.session.session import PlayerSpec, Session

# Values put in place of any field: wrong types, huge and negative numbers, non-finite numbers
# spelled as strings, control characters, long strings, objects where strings go.
REPLACEMENTS: list[tuple[str, Any]] = [
    ("null", None),
    ("true", True),
    ("zero", 0),
    ("minus one", -1),
    ("a fraction", 1.5),
    ("2**63", 2**63),
    ("10**30", 10**30),
    ("minus 10**30", -(10**30)),
    ("'NaN'", "NaN"),
    ("'inf'", "inf"),
    ("'-Infinity'", "-Infinity"),
    ("an empty string", ""),
    ("a string", "teleport"),
    ("a terminal escape", "\x1b]0;pwned\x07\x1b[2J"),
    ("a NUL", "a\x00b"),
    ("a C1 control", "\x9b31m"),
    ("a carriage return", "line\rfake"),
    ("a lone surrogate", "\udfff"),
    ("a bidi override", "\u202eevil"),
    ("a long string", "x" * 100_000),
    ("an empty list", []),
    ("a list", [1, "two", None]),
    ("an empty object", {}),
    ("an object", {"text": "nested", "kind": {"deeper": [1]}}),
]

# Raw JSON text put in place of a field (things json.dumps cannot write).
RAW_REPLACEMENTS: list[tuple[str, str]] = [
    ("1e999", "1e999"),
    ("-1e999", "-1e999"),
    ("deep nesting", "[" * 5000 + "]" * 5000),
    ("deep objects", '{"a":' * 3000 + "1" + "}" * 3000),
    ("a 5000-digit number", "9" * 5000),
]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a node below `node` (dict keys and list indices)."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield (*prefix, key)
            yield from paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield (*prefix, index)
            yield from paths(child, (*prefix, index))


def _wanted(path: tuple[Any, ...], last_turn: int) -> bool:
    """Turns and log entries repeat one shape: mutate the first and last turn, one log entry."""
    if len(path) >= 2 and path[0] == "turns" and path[1] not in (0, last_turn):
        return False
    return not (len(path) >= 2 and path[0] == "log" and path[1] != 0)


def _at(raw: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = raw
    for key in path[:-1]:
        parent = parent[key]
    return parent, path[-1]


def _name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "(root)"


MARK = "__HOSTILE_RAW__"


def mutants(raw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(description, file text) for every mutation of the save `raw` (a sealed, valid save)."""
    last_turn = len(raw.get("turns", [])) - 1
    chosen = [p for p in paths(raw) if _wanted(p, last_turn)]
    for path in chosen:
        for label, value in REPLACEMENTS:
            data = copy.deepcopy(raw)
            parent, key = _at(data, path)
            parent[key] = copy.deepcopy(value)
            yield f"{_name(path)} = {label}", json.dumps(data)
        for label, text in RAW_REPLACEMENTS:
            data = copy.deepcopy(raw)
            parent, key = _at(data, path)
            parent[key] = MARK
            yield f"{_name(path)} = {label}", json.dumps(data).replace(f'"{MARK}"', text)
        data = copy.deepcopy(raw)
        parent, key = _at(data, path)
        if isinstance(parent, dict):
            del parent[key]
            yield f"{_name(path)} missing", json.dumps(data)
        else:
            parent.append(copy.deepcopy(parent[key]))  # a repeated entry
            yield f"{_name(path)} repeated", json.dumps(data)
    for path in [(), *chosen]:
        data = copy.deepcopy(raw)
        node = data
        for key in path:
            node = node[key]
        if isinstance(node, dict):
            node["zz_extra"] = 1
            yield f"{_name(path)} has an extra key", json.dumps(data)


def resealed(text: str) -> str | None:
    """The same mutant with its seal recomputed (to reach the checks behind the seal), or None
    where it is not a JSON object with a seal."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or "seal" not in data:
        return None
    try:
        data["seal"] = record.seal_of(data)
    except (ValueError, TypeError, RecursionError):
        return None
    return json.dumps(data)


# --------------------------------------------------------------------------------------------
# The tests


@pytest.fixture(scope="module")
def real_save(sc1951, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    ai = PlayerSpec("ai")
    start = {"from": {"scenario": sc1951.id, "sha256": sc1951.sha256},  # a campaign game
             "vars": {"unc_support": 55.0, "front_west": 1.0},
             "items": {"recommendations": {"status": 0, "pos": [0, 2], "auth": [0, 2],
                                           "agreed_pos": -1}}}
    session = Session(sc1951, "1951", 11, (ai, ai), autosave=False, label="Class 3B",
                      start=start)
    session.record_instructor("pause", "Instructor: paused the game.")
    session.advance(inject=(sc1951.event_ids[0],))
    session.record_instructor("reveal", "Instructor: revealed both sides.")
    for _ in range(2):
        session.advance()
    session.record_instructor("note", "Instructor: set the turn timer to 5 min.")
    path = tmp_path_factory.mktemp("real") / "real.json"
    session.save(path)
    return json.loads(path.read_text(encoding="utf-8"))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = cli.main(argv)
    return code, capsys.readouterr().err


def _one_line_naming(err: str, path: Path) -> bool:
    lines = err.strip("\n").split("\n")
    return len(lines) == 1 and str(path) in lines[0] and "Traceback" not in err


def test_the_real_save_verifies(real_save, tmp_path, capsys, monkeypatch):
    path = tmp_path / "real.json"
    path.write_text(json.dumps(real_save), encoding="utf-8")
    code, err = _run(["replay", "--verify", "--all", str(path)], capsys, monkeypatch)
    assert (code, err) == (0, "")


def test_every_hostile_save_is_one_line_never_a_traceback(real_save, tmp_path, capsys,
                                                          monkeypatch):
    path = tmp_path / "hostile.json"
    tried = clean = 0
    failures: list[str] = []
    original = json.dumps(real_save, sort_keys=True)
    for name, text in mutants(real_save):
        path.write_text(text, encoding="utf-8")
        same = _same_save(text, original)
        for argv in (["replay", "--verify", "--all", str(path)], ["text", "--load", str(path),
                                                         "--no-autosave"]):
            if same and argv[0] == "text":
                continue  # an equivalent save is a good game: it would be played out
            tried += 1
            try:
                code, err = _run(argv, capsys, monkeypatch)
            except BaseException as exc:
                failures.append(f"{argv[0]}: {name}: raised {type(exc).__name__}: {exc}"[:300])
                continue
            if (code == 0 and same) or (code == 1 and _one_line_naming(err, path)):
                clean += 1
            else:
                failures.append(f"{argv[0]}: {name}: exit {code}, stderr {err[:200]!r}")
    print(f"hostile saves: {tried} tried / {clean} clean")
    assert not failures, f"{len(failures)} of {tried}:\n" + "\n".join(failures[:40])
    assert tried > 2000


def test_resealed_hostile_saves_reach_the_replay_checks_cleanly(real_save, tmp_path, capsys,
                                                                monkeypatch):
    """With the seal recomputed, a mutant gets past the seal: what the schema lets through
    must still be refused at replay in one line (or replay as a valid game)."""
    path = tmp_path / "resealed.json"
    tried = clean = 0
    failures: list[str] = []
    for name, text in mutants(real_save):
        sealed = resealed(text)
        if sealed is None:
            continue
        path.write_text(sealed, encoding="utf-8")
        tried += 1
        try:
            code, err = _run(["replay", "--verify", "--all", str(path)], capsys, monkeypatch)
        except BaseException as exc:
            failures.append(f"{name}: raised {type(exc).__name__}: {exc}"[:300])
            continue
        if (code == 0 and err == "") or (code == 1 and _one_line_naming(err, path)):
            clean += 1
        else:
            failures.append(f"{name}: exit {code}, stderr {err[:200]!r}")
    print(f"resealed hostile saves: {tried} tried / {clean} clean")
    assert not failures, f"{len(failures)} of {tried}:\n" + "\n".join(failures[:40])
    assert tried > 1000


def _same_save(text: str, original: str) -> bool:
    """Whether a mutant still reads as the very same save (e.g. a default value removed)."""
    from game.session.savefile import SaveError, SaveGame, _validate

    try:
        data = json.loads(text)
        save = _validate(data, "x")
    except (ValueError, RecursionError, SaveError):
        return False
    if not isinstance(save, SaveGame) or save.seal is None:
        return False
    return bool(save.sealed) and json.dumps(
        {**save.model_dump(exclude={"upgraded_from"})}, sort_keys=True) == original
