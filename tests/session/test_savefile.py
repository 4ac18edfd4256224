"""Tests for game.session.savefile: the save contract, hostile bytes, atomic writes, autosaves."""

from __future__ import annotations

import copy
import errno
import json
import os
import re
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.session import record, savefile
from game.session.savefile import (
    MAX_SAVE_BYTES,
    SaveError,
    SaveGame,
    ScenarioRef,
    TurnRecord,
    autosave,
    autosave_dir,
    checksum_hex,
    data_dir,
    latest_autosave,
    list_saves,
    read_save,
    saves_dir,
    upgrade,
    write_save,
)

# --------------------------------------------------------------------------------------------
# Helpers


def make_save(turns: int = 3, *, seed: int = 12345, game_index: int = 0, **extra: Any) -> SaveGame:
    return SaveGame(
        scenario=ScenarioRef(id="korea-1951", sha256=checksum_hex(b"scenario"), ref="1951"),
        seed=seed,
        game_index=game_index,
        settings={"players": ["human", "ai:historical"], "what_ifs": []},
        turns=[
            TurnRecord(
                turn=t,
                orders={
                    "unc": {"posture": "hold_line", "items": {"agenda": {"action": "concede"}}},
                    "communist": {"posture": "active_defence", "rationale": f"round {t}"},
                },
                checksum=checksum_hex(f"state {t}".encode()),
            )
            for t in range(turns)
        ],
        log=[
            {"turn": t, "date": "1951-07-10", "visibility": "public", "kind": "talks",
             "text": f"Talks resume at Kaesong (round {t})."}
            for t in range(turns)
        ],
        saved_at=datetime(2026, 11, 24, 18, 0, tzinfo=UTC),
        **extra,
    )


def valid_raw(turns: int = 3) -> dict[str, Any]:
    """A save as written on disk (sealed)."""
    raw = json.loads(json.dumps(make_save(turns).model_dump(mode="json")))
    del raw["upgraded_from"]
    raw["seal"] = record.seal_of(raw)
    return raw


def write_raw(path: Path, raw: Any) -> Path:
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime, to prove nothing was touched."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def error_of(path: Path) -> str:
    with pytest.raises(SaveError) as info:
        read_save(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message and "Traceback" not in message
    assert info.value.path == path
    return message.removeprefix(f"{path}: ")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "data"
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(root))
    return root


# --------------------------------------------------------------------------------------------
# The contract


def test_round_trip_and_on_disk_layout(tmp_path: Path) -> None:
    save = make_save(label="before the POW question")
    path = tmp_path / "game.json"
    write_save(path, save)
    assert read_save(path) == save

    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert list(on_disk) == [
        "format",
        "version",
        "engine_version",
        "summary",
        "scenario",
        "seed",
        "game_index",
        "settings",
        "turns",
        "instructor",
        "log",
        "saved_at",
        "label",
        "seal",
    ]
    assert on_disk["format"] == "armistice-save"
    assert on_disk["version"] == 2
    assert on_disk["engine_version"] == "0.1.0"
    assert on_disk["summary"] == {
        "scenario": "korea-1951",
        "turns": 3,
        "saved_at": "2026-11-24T18:00:00+00:00",
        "label": "before the POW question",
    }
    assert on_disk["scenario"] == {
        "id": "korea-1951",
        "sha256": checksum_hex(b"scenario"),
        "ref": "1951",
    }
    assert on_disk["saved_at"] == "2026-11-24T18:00:00+00:00"
    assert [t["turn"] for t in on_disk["turns"]] == [0, 1, 2]
    assert set(on_disk["turns"][0]) == {"turn", "orders", "inject", "instructor", "checksum"}
    assert set(on_disk["turns"][0]["orders"]) == {"unc", "communist"}


def test_defaults_are_a_valid_new_game() -> None:
    save = SaveGame(scenario=ScenarioRef(id="x", sha256="0" * 64, ref="x.yaml"), seed=0)
    assert (save.format, save.version, save.game_index) == ("armistice-save", 2, 0)
    assert save.turns == [] and save.log == [] and save.label is None
    assert save.settings == {"players": ["human", "human"]}
    assert save.saved_at.tzinfo is not None


def test_checksum_hex_is_sha256() -> None:
    assert checksum_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert checksum_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["turns"][2].pop("checksum"), "turn 2 is missing its checksum"),
        (lambda d: d.pop("seed"), "the save is missing its seed"),
        (lambda d: d.update(extra=1), "the save has an unexpected field 'extra'"),
        (lambda d: d["scenario"].update(path="x"), "scenario has an unexpected field 'path'"),
        (lambda d: d["turns"][1].update(note="x"), "turn 1 has an unexpected field 'note'"),
        (lambda d: d.update(seed="12345"), "seed: Input should be a valid integer"),
        (lambda d: d.update(seed=True), "seed: Input should be a valid integer"),
        (lambda d: d.update(seed=1.0), "seed: Input should be a valid integer"),
        (lambda d: d.update(seed=-1), "seed: Input should be greater than or equal to 0"),
        (lambda d: d.update(seed=2**63), "seed: Input should be less than"),
        (lambda d: d.update(game_index=-3), "game_index: Input should be greater than"),
        (lambda d: d.update(settings=[]), "settings: Input should be a valid dictionary"),
        (lambda d: d.update(log=[1]), "log entry 0: Input should be a valid dictionary"),
        (
            lambda d: d["turns"][0].update(checksum="A" * 64),
            "turn 0 checksum: must be 64 lowercase",
        ),
        (lambda d: d["turns"][0].update(checksum="ab"), "turn 0 checksum: must be 64 lowercase"),
        (lambda d: d["scenario"].update(sha256="g" * 64), "scenario sha256: must be 64 lowercase"),
        (lambda d: d["turns"][1]["orders"].pop("unc"), "turn 1 orders: must have orders for"),
        (lambda d: d["turns"][1]["orders"].update(un={}), "turn 1 orders un [key]: Input should"),
        (lambda d: d["turns"][1]["orders"].update(unc=[1]), "turn 1 orders unc: Input should be"),
        (lambda d: d["turns"][1].update(turn=2), "turn numbers must run 0, 1, 2"),
        (lambda d: d["turns"].reverse(), "turn numbers must run 0, 1, 2"),
        (lambda d: d["turns"].pop(0), "turn numbers must run 0, 1, 2"),
        (lambda d: d.update(saved_at=1700000000), "saved_at: must be an ISO 8601"),
        (
            lambda d: d.update(saved_at="2026-11-24T18:00:00"),
            "saved_at: Input should have timezone",
        ),
        (lambda d: d.update(label=5), "label: Input should be a valid string"),
        (lambda d: d.update(version="1"), "save format version '1' is not a whole number"),
        (lambda d: d.update(version=True), "save format version True is not a whole number"),
        (lambda d: d.pop("version"), "not an Armistice save (it has no format version)"),
        (lambda d: d.update(version=0), "save format version 0 is not supported"),
        (lambda d: d.update(format="armistice-scenario"), "not an Armistice save (its format is"),
        (lambda d: d.pop("format"), 'not an Armistice save (it has no "format"'),
    ],
)
def test_invalid_fields_give_one_line_messages(tmp_path: Path, mutate: Any, expected: str) -> None:
    raw = valid_raw()
    mutate(raw)
    path = write_raw(tmp_path / "bad.json", raw)
    assert expected in error_of(path)


def test_models_reject_bad_values_in_code_too() -> None:
    with pytest.raises(ValueError):
        TurnRecord(turn=0, orders={"unc": {}}, checksum="0" * 64)
    with pytest.raises(ValueError):
        ScenarioRef(id="x", sha256="0" * 64, ref="x", extra="no")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        SaveGame.model_validate({**valid_raw(), "turns": [valid_raw()["turns"][1]]})


# --------------------------------------------------------------------------------------------
# Hostile bytes on disk


def test_newer_version_message_is_exact(tmp_path: Path) -> None:
    raw = valid_raw()
    raw["version"] = 7
    path = write_raw(tmp_path / "x.json", raw)
    with pytest.raises(SaveError) as info:
        read_save(path)
    assert str(info.value) == (
        f"{path}: save format version 7 is newer than this game understands (2)"
    )


def test_truncated_json_names_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "format": "armistice-save",\n  "version": 1,\n  "seed": 12'
    path = tmp_path / "x.json"
    path.write_text(text[:-1] + ",", encoding="utf-8")  # cut mid-file
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
    assert where.startswith("line 4")
    assert error_of(path) == f"not an Armistice save (truncated or corrupt JSON at {where})"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not an Armistice save (the file is empty)"),
        (b" \n\t ", "not an Armistice save (the file is empty)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not an Armistice save (not UTF-8 text"),
        (b"\x00" * 64, "not an Armistice save (truncated or corrupt JSON at line 1, column 1)"),
        (b"[1, 2, 3]", "not an Armistice save (a JSON array, not an object)"),
        (b'"save"', "not an Armistice save (a JSON string, not an object)"),
        (b"42", "not an Armistice save (a JSON number, not an object)"),
        (b"null", "not an Armistice save (JSON null, not an object)"),
        (b'{"format": "armistice-save", "version": 1, "seed": NaN}', "NaN is not valid JSON"),
        (b'{"a": Infinity}', "Infinity is not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not an Armistice save (JSON nested too deeply)"),
        (b'{"version": ' + b"9" * 5000 + b"}", "not an Armistice save (invalid JSON"),
        (b"\xef\xbb\xbf[]", "not an Armistice save (a JSON array, not an object)"),  # BOM ok
    ],
)
def test_garbage_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    assert expected in error_of(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.json") == "no such file"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert error_of(folder) == "is a folder, not a save file"
    assert "cannot be opened" in error_of(Path(str(tmp_path / "nul") + "\x00.json"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert error_of(fifo) == "is not a regular file"


@pytest.mark.skipif(
    os.name == "nt" or getattr(os, "geteuid", lambda: 1)() == 0,
    reason="chmod cannot make a file unreadable for root or on Windows",
)
def test_unreadable_file_real_permissions(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    write_save(path, make_save())
    path.chmod(0)
    try:
        assert error_of(path) == "cannot be read (permission denied)"
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    write_save(path, make_save())
    real_open = os.open

    def deny(p: Any, *args: Any, **kwargs: Any) -> int:
        if Path(p) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(p))
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    assert error_of(path) == "cannot be read (permission denied)"


def test_huge_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(MAX_SAVE_BYTES + 1)  # sparse: costs no disk

    def no_reading(*args: Any) -> bytes:
        raise AssertionError("a huge file must be refused before reading")

    monkeypatch.setattr(os, "read", no_reading)
    message = error_of(path)
    assert message.startswith("too large to be a save") and "limit is 50 MB" in message


def test_growing_file_limit_enforced_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """st_size can be stale; the read loop must stop at the limit anyway."""
    monkeypatch.setattr(savefile, "MAX_SAVE_BYTES", 1000)
    path = tmp_path / "grow.json"
    path.write_bytes(b" " * 10)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, n) or b" " * n)
    assert error_of(path).startswith("too large to be a save (over")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.json"
    path.write_bytes(content)
    try:
        read_save(path)
    except SaveError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
    assert path.read_bytes() == content  # reading never changes the file


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_arbitrary_json_never_crashes(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    path = write_raw(tmp_path_factory.mktemp("json") / "x.json", value)
    with pytest.raises(SaveError):
        read_save(path)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draw=st.data(), replacement=json_values)
def test_wrong_type_anywhere_is_a_save_error(
    tmp_path_factory: pytest.TempPathFactory, draw: st.DataObject, replacement: Any
) -> None:
    """Replace any node of a valid save with any JSON value: a SaveError or a valid save."""
    raw = valid_raw(turns=2)
    where = draw.draw(st.sampled_from(_paths(raw)[1:]))
    target = raw
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = replacement
    path = write_raw(tmp_path_factory.mktemp("mut") / "x.json", raw)
    try:
        save = read_save(path)
    except SaveError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
    else:  # accepted (e.g. a free-form field): it must survive a write/read round trip
        write_save(path, save)
        assert read_save(path) == save


_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))
_LINES = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t")


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 2**63 - 1),
    game_index=st.integers(0, 10**9),
    n_turns=st.integers(0, 5),
    settings_=st.fixed_dictionaries(
        {"players": st.lists(st.sampled_from(["human", "ai", "ai:random"]), min_size=2,
                             max_size=2)},
        optional={"what_ifs": st.lists(st.text(_PRINTABLE, min_size=1, max_size=10),
                                       max_size=3, unique=True),
                  "ai_seed": st.integers(0, 2**63 - 1),
                  "game_id": st.text("0123456789abcdef", min_size=8, max_size=32)}),
    log=st.lists(st.fixed_dictionaries(
        {"turn": st.integers(0, 100), "date": st.text(_PRINTABLE, max_size=10),
         "visibility": st.sampled_from(["public", "unc", "communist", "debrief"]),
         "kind": st.text(_PRINTABLE, min_size=1, max_size=10),
         "text": st.text(_LINES, max_size=30)}), max_size=3),
    label=st.none() | st.text(_PRINTABLE, max_size=30),
    scenario_id=st.text(_PRINTABLE, min_size=1, max_size=30),
)
def test_valid_saves_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    game_index: int,
    n_turns: int,
    settings_: dict[str, Any],
    log: list[dict[str, Any]],
    label: str | None,
    scenario_id: str,
) -> None:
    save = make_save(n_turns, seed=seed, game_index=game_index, label=label)
    save = save.model_copy(
        update={
            "settings": settings_,
            "log": log,
            "scenario": ScenarioRef(id=scenario_id, sha256="f" * 64, ref=scenario_id),
        }
    )
    path = tmp_path_factory.mktemp("rt") / "x.json"
    write_save(path, save)
    assert read_save(path) == save


def test_lone_surrogates_are_refused_in_one_line(tmp_path: Path) -> None:
    # JSON can spell them ("\\udfff") but no terminal or UTF-8 text can show them
    raw = valid_raw()
    raw["turns"][0]["orders"]["unc"]["rationale"] = "\ud800"
    path = write_raw(tmp_path / "x.json", raw)
    assert error_of(path) == ("turn 0 orders unc rationale: must not contain U+D800 (a lone "
                              "surrogate, not a character) (at character 1)")
    assert record.clean_text("a\udfffb") == "a b"  # live input is cleaned instead


def test_reading_corrupt_saves_touches_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    write_save(folder / "good.json", make_save())
    (folder / "bad.json").write_bytes(b'{"format": "armistice-save", "vers')
    (folder / "array.json").write_bytes(b"[]")
    (folder / "notes.txt").write_text("not a save")
    (folder / ".hidden.json.1234.tmp").write_text("leftover")
    before = snapshot(folder)
    for name in ("bad.json", "array.json", "notes.txt", ".hidden.json.1234.tmp"):
        with pytest.raises(SaveError):
            read_save(folder / name)
    list_saves(folder)
    assert snapshot(folder) == before


# --------------------------------------------------------------------------------------------
# Atomic writes


def _old_save(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "game.json"
    write_save(path, make_save(2))
    return path, path.read_bytes()


def _assert_untouched(tmp_path: Path, path: Path, old: bytes) -> None:
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp file left


def test_failed_replace_leaves_old_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, old = _old_save(tmp_path)

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SaveError) as info:
        write_save(path, make_save(5))
    assert str(info.value) == f"{path}: cannot be written (invalid cross-device link)"
    _assert_untouched(tmp_path, path, old)


def test_disk_full_mid_write_leaves_old_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = _old_save(tmp_path)
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(SaveError, match="disk full"):
        write_save(path, make_save(5))
    assert len(calls) == 2  # really failed in the middle
    _assert_untouched(tmp_path, path, old)


def test_failed_fsync_leaves_old_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, old = _old_save(tmp_path)

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(SaveError, match="input/output error"):
        write_save(path, make_save(5))
    _assert_untouched(tmp_path, path, old)


def test_unexpected_exception_still_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = _old_save(tmp_path)

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_save(path, make_save(5))
    _assert_untouched(tmp_path, path, old)


def test_failed_serialisation_touches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = _old_save(tmp_path)

    def broken_dumps(*args: Any, **kwargs: Any) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(json, "dumps", broken_dumps)
    with pytest.raises(SaveError, match="cannot be saved"):
        write_save(path, make_save(5))
    _assert_untouched(tmp_path, path, old)


def test_unsaveable_content_is_refused(tmp_path: Path) -> None:
    path, old = _old_save(tmp_path)
    for bad in (
        make_save().model_copy(update={"settings": {"x": float("nan")}}),
        make_save().model_copy(update={"settings": {"x": {1, 2}}}),
        make_save().model_copy(update={"seed": -1}),  # model_copy does not validate
    ):
        with pytest.raises(SaveError, match=f"^{re.escape(str(path))}: cannot be saved"):
            write_save(path, bad)
    _assert_untouched(tmp_path, path, old)


def test_write_over_a_folder_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "taken.json"
    target.mkdir()
    with pytest.raises(SaveError, match="cannot be written"):
        write_save(target, make_save())
    assert target.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["taken.json"]


def test_write_fsyncs_file_then_replaces_then_fsyncs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    path = tmp_path / "sub" / "game.json"  # parent folder created on demand
    save = make_save()
    write_save(path, save)
    expected = ["fsync file", "replace"] + ([] if os.name == "nt" else ["fsync dir"])
    assert events == expected
    assert read_save(path) == save
    assert sorted(p.name for p in path.parent.iterdir()) == ["game.json"]


# --------------------------------------------------------------------------------------------
# Upgrading


def test_upgrade_current_version_is_identity() -> None:
    raw = valid_raw()
    assert upgrade(copy.deepcopy(raw)) == raw
    assert set(savefile.UPGRADERS) == {1}  # versions 1 and 2 exist


def test_upgrade_runs_steps_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def from_0(old: dict[str, Any]) -> dict[str, Any]:
        old["seed"] = old.pop("random_seed")
        return old

    monkeypatch.setattr(savefile, "UPGRADERS", {0: from_0, 1: savefile.UPGRADERS[1]})
    old = valid_raw()
    old["random_seed"] = old.pop("seed")
    old["version"] = 0
    new = upgrade(old)
    assert new.pop("upgraded_from") == 1
    assert new["version"] == 2 and new["seed"] == 12345
    assert SaveGame.model_validate(new) == make_save().model_copy(update={"seal": new["seal"]})


def test_upgrade_step_failure_is_a_save_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def from_0(old: dict[str, Any]) -> dict[str, Any]:
        return {**old, "seed": old["random_seed"]}

    monkeypatch.setattr(savefile, "UPGRADERS", {0: from_0})
    with pytest.raises(SaveError, match=r"^x\.json: save format version 0 could not be upgraded"):
        upgrade({"version": 0}, source="x.json")


def test_upgrade_rejects_newer_and_non_objects() -> None:
    with pytest.raises(SaveError, match=r"version 3 is newer than this game understands \(2\)"):
        upgrade({"version": 3})
    with pytest.raises(SaveError, match="not an object"):
        upgrade([1])


# --------------------------------------------------------------------------------------------
# Folders


def test_data_dir_override(data: Path) -> None:
    assert data_dir() == data
    assert saves_dir() == data / "saves"
    assert autosave_dir() == data / "autosave"
    assert not data.exists()  # only writers create it


def test_data_dir_platform_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    pdd = savefile._platform_data_dir
    assert pdd("linux", {}, home) == home / ".local" / "share" / "armistice"
    assert pdd("linux", {"XDG_DATA_HOME": "/xdg"}, home) == Path("/xdg") / "armistice"
    assert pdd("linux", {"XDG_DATA_HOME": "rel"}, home) == home / ".local/share/armistice"
    assert pdd("darwin", {}, home) == home / "Library" / "Application Support" / "Armistice"
    assert pdd("win32", {"APPDATA": "/appdata"}, home) == Path("/appdata") / "Armistice"
    assert pdd("win32", {}, home) == home / "AppData" / "Roaming" / "Armistice"

    monkeypatch.delenv("ARMISTICE_DATA_DIR", raising=False)
    monkeypatch.setenv("ARMISTICE_DATA_DIR", "")  # empty means unset
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        assert data_dir() == tmp_path / "xdg" / "armistice"


# --------------------------------------------------------------------------------------------
# Autosaves


def _age(path: Path, seconds_ago: int) -> None:
    t = datetime.now(UTC).timestamp() - seconds_ago
    os.utime(path, (t, t))


def test_autosave_name_and_folder_created(data: Path) -> None:
    save = make_save(3)
    path = autosave(save)
    assert path == data / "autosave" / "korea-1951-12345-0-turn003.json"
    assert read_save(path) == save
    assert autosave(make_save(0, game_index=7)).name == "korea-1951-12345-7-turn000.json"


def test_autosave_sanitises_scenario_id(data: Path) -> None:
    save = make_save().model_copy(
        update={"scenario": ScenarioRef(id="../../etc/pass wd", sha256="0" * 64, ref="x")}
    )
    path = autosave(save)
    assert path.parent == data / "autosave"
    assert path.name == "_.._etc_pass_wd-12345-0-turn003.json"
    assert latest_autosave() == path


def test_autosave_prunes_only_old_autosaves(data: Path) -> None:
    folder = data / "autosave"
    folder.mkdir(parents=True)
    for n in range(25):
        old = folder / f"korea-1951-12345-0-turn{n:03d}.json"
        write_save(old, make_save(n))
        _age(old, 10_000 - n)  # higher turn = newer
    keepers = {
        "notes.txt": b"mine",
        "my-save.json": b"{}",
        "korea-1951-12345-0-turn001.json.bak": b"backup",
        "korea-1951-12345-0-turn1.json": b"too few digits",
        ".korea-1951-12345-0-turn000.json.ab12.tmp": b"temp",
    }
    for name, content in keepers.items():
        (folder / name).write_bytes(content)
        _age(folder / name, 1_000_000)  # older than every autosave
    (folder / "korea-1951-9-9-turn000.json").mkdir()  # a folder named like an autosave

    new = autosave(make_save(30), keep=5)

    autosaves = sorted(p.name for p in folder.glob("korea-1951-12345-0-turn[0-9][0-9][0-9].json"))
    assert autosaves == [f"korea-1951-12345-0-turn{n:03d}.json" for n in (21, 22, 23, 24, 30)]
    assert new.name in autosaves
    for name, content in keepers.items():
        assert (folder / name).read_bytes() == content
    assert (folder / "korea-1951-9-9-turn000.json").is_dir()


def test_autosave_never_prunes_the_new_file(data: Path) -> None:
    folder = data / "autosave"
    folder.mkdir(parents=True)
    for n in range(3):
        future = folder / f"korea-1951-12345-0-turn{n:03d}.json"
        write_save(future, make_save(n))
        _age(future, -100_000)  # clock skew: mtimes in the future
    new = autosave(make_save(5), keep=2)
    assert new.exists()
    assert len(list(folder.glob("*.json"))) == 2
    with pytest.raises(ValueError):
        autosave(make_save(2), keep=0)


def test_latest_autosave(data: Path) -> None:
    assert latest_autosave() is None
    assert not (data / "autosave").exists()  # looking does not create folders

    first = autosave(make_save(1))
    second = autosave(make_save(2))
    _age(first, 200)
    _age(second, 100)
    assert latest_autosave() == second

    corrupt = data / "autosave" / "korea-1951-12345-0-turn009.json"
    corrupt.write_bytes(b"{ truncated")
    stranger = data / "autosave" / "zzz.json"
    write_save(stranger, make_save(4))  # valid, newest, but not named like an autosave
    assert latest_autosave() == second
    assert corrupt.read_bytes() == b"{ truncated"

    tie = data / "autosave" / "korea-1951-12345-0-turn003.json"
    write_save(tie, make_save(3))
    stamp = second.stat().st_mtime_ns
    os.utime(tie, ns=(stamp, stamp))
    assert latest_autosave() == tie  # same mtime: the later name wins


# --------------------------------------------------------------------------------------------
# The load dialog


def test_list_saves_shows_bad_files_with_their_error(data: Path) -> None:
    folder = saves_dir()
    assert list_saves(folder) == []  # no folder yet: no saves, no error
    folder.mkdir(parents=True)
    good = make_save(1)
    write_save(folder / "good.json", good)
    (folder / "empty.json").write_bytes(b"")
    (folder / "array.json").write_bytes(b"[]")
    (folder / "notes.txt").write_text("ignored")
    (folder / ".game.json.ab12cd34.tmp").write_text("ignored")
    for offset, name in enumerate(["good.json", "empty.json", "array.json"]):
        _age(folder / name, 100 * (offset + 1))

    listed = list_saves(folder)
    assert [p.name for p, _ in listed] == ["good.json", "empty.json", "array.json"]
    assert listed[0][1] == good.summarise()
    assert isinstance(listed[1][1], SaveError)
    assert (
        str(listed[1][1]) == f"{folder / 'empty.json'}: not an Armistice save (the file is empty)"
    )
    assert isinstance(listed[2][1], SaveError)


def test_list_saves_on_a_file_reports_instead_of_raising(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    [(path, error)] = list_saves(not_a_folder)
    assert path == not_a_folder and isinstance(error, SaveError)
    assert str(error).startswith(f"{not_a_folder}: cannot list this folder")


def test_saved_at_default_is_now() -> None:
    save = SaveGame(scenario=ScenarioRef(id="x", sha256="0" * 64, ref="x"), seed=1)
    assert abs(save.saved_at - datetime.now(UTC)) < timedelta(minutes=1)


# --------------------------------------------------------------------------------------------
# Autosaves per game


def _with_id(turns: int, game_id: str, **kw: Any) -> SaveGame:
    save = make_save(turns, **kw)
    return save.model_copy(update={"settings": {**save.settings, "game_id": game_id}})


def test_two_games_interleaved_keep_all_their_autosaves(data: Path) -> None:
    """Same scenario, same seed, same game index: only the game id tells them apart, and
    neither game's rotation may delete the other's files."""
    a, b = "a" * 16, "b" * 16
    for turn in range(1, 9):
        autosave(_with_id(turn, a), keep=3)
        autosave(_with_id(turn, b), keep=3)
    names = sorted(p.name for p in (data / "autosave").iterdir())
    assert names == sorted(f"korea-1951-12345-0-g{g}-turn{t:03d}.json"
                           for g in (a, b) for t in (6, 7, 8))
    for name in names:
        game_id = name.split("-g")[1][:16]
        assert read_save(data / "autosave" / name).settings["game_id"] == game_id


def test_a_new_game_never_deletes_another_games_autosaves(data: Path) -> None:
    folder = data / "autosave"
    first = [autosave(_with_id(t, "1" * 8)) for t in range(1, 4)]
    legacy = [autosave(make_save(t, seed=7)) for t in range(1, 4)]  # from before game ids
    for t in range(1, 30):
        autosave(_with_id(t, "2" * 8), keep=2)
    for path in first + legacy:
        assert path.exists(), path
    assert len(list(folder.glob("*-g22222222-turn*.json"))) == 2


def test_autosave_rotation_spares_look_alikes(data: Path) -> None:
    """Only this game's own autosaves are rotated: a file merely named like one (a copy, a
    backup, another game's save renamed, a folder, a link) is never deleted."""
    game_id = "c0ffee00c0ffee00"
    folder = data / "autosave"
    folder.mkdir(parents=True)
    prefix = f"korea-1951-12345-0-g{game_id}-turn"
    victim = data / "victim.json"
    write_save(victim, _with_id(1, game_id))
    keepers = {
        f"{prefix}001.json.bak": b"backup",
        f"{prefix}01.json": b"too few digits",
        f"{prefix}002 (copy).json": b"copy",
        f"korea-1951-12345-0-g{game_id}0-turn003.json": b"longer id",
        f"korea-1951-12345-1-g{game_id}-turn003.json": b"another game index",
    }
    for name, content in keepers.items():
        (folder / name).write_bytes(content)
        _age(folder / name, 100_000)
    stranger = folder / f"{prefix}004.json"
    write_save(stranger, _with_id(4, "d" * 16))  # named like ours, another game inside
    _age(stranger, 100_000)
    damaged = folder / f"{prefix}005.json"
    damaged.write_bytes(b"{ truncated")
    _age(damaged, 100_000)
    (folder / f"{prefix}006.json").mkdir()
    (folder / f"{prefix}007.json").symlink_to(victim)
    _age(folder / f"{prefix}007.json", 100_000)

    for turn in range(10, 20):
        autosave(_with_id(turn, game_id), keep=2)

    for name, content in keepers.items():
        assert (folder / name).read_bytes() == content
    assert read_save(stranger).settings["game_id"] == "d" * 16
    assert damaged.read_bytes() == b"{ truncated"
    assert (folder / f"{prefix}006.json").is_dir()
    assert (folder / f"{prefix}007.json").is_symlink() and read_save(victim)
    assert sorted(p.name for p in folder.glob(f"{prefix}01[0-9].json")) == [
        f"{prefix}018.json", f"{prefix}019.json"]


def test_old_autosave_names_still_list_and_load(data: Path) -> None:
    old = data / "autosave" / "korea-1951-12345-0-turn003.json"
    write_save(old, make_save(3))
    assert savefile._is_autosave_name(old.name)
    assert latest_autosave() == old
    new = autosave(_with_id(4, "e" * 32))
    assert new.name == f"korea-1951-12345-0-g{'e' * 32}-turn004.json"
    assert savefile._is_autosave_name(new.name)
    _age(new, 0)
    _age(old, 100)
    assert latest_autosave() == new
    assert old.exists()


def test_game_ids() -> None:
    ids = {savefile.new_game_id() for _ in range(100)}
    assert len(ids) == 100 and all(savefile.GAME_ID.fullmatch(i) for i in ids)
    assert savefile.game_id_of(make_save()) is None
    assert savefile.game_id_of(_with_id(1, "abcdef12")) == "abcdef12"
    for bad in ("ABCDEF12", "abc", "g" * 8, "a" * 33, "../../x"):
        assert savefile.game_id_of(_with_id(1, bad)) is None
        assert "-g" not in savefile.autosave_name(_with_id(1, bad))
