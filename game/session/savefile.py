"""Save files: the on-disk contract, safe reading of untrusted bytes, and atomic writes.

A save records only what is needed to replay a game exactly (scenario, seed, game index, the
orders of every turn with a checksum of the resulting state) plus the visible log, so a save is
small, diffable and checkable. Every field is typed and bounded (the record's models are in
`game.session.record`), and `write_save` seals the whole content with a SHA-256 that
`replay --verify` checks (format 2; a format-1 save is upgraded and verified without it).
Everything that reads a save goes through `read_save`, which turns
*any* problem with the bytes on disk into a one-line `SaveError` naming the file: a player with a
damaged save should get a message, never a traceback. Everything that writes goes through
`write_save`, which replaces the file atomically (through `game.files.write_atomic`) so a crash
or a full disk can never leave a half-written save where a good one used to be. Autosaves are
kept per game (its `game_id`), so one game's rotation never deletes another's.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from game import __version__ as ENGINE_VERSION
from game.files import WriteError, write_atomic
from game.session import record
from game.vocab import SIDES  # re-exported: the sides whose orders every turn records

__all__ = [
    "FORMAT",
    "GAME_ID",
    "MAX_SAVE_BYTES",
    "SAVE_VERSION",
    "SIDES",
    "UPGRADERS",
    "SaveError",
    "SaveGame",
    "SaveSummary",
    "ScenarioRef",
    "TurnRecord",
    "autosave",
    "autosave_dir",
    "autosave_name",
    "autosaves",
    "checksum_hex",
    "data_dir",
    "game_id_of",
    "latest_autosave",
    "list_saves",
    "new_game_id",
    "open_newest_autosave",
    "read_save",
    "read_summary",
    "saves_dir",
    "upgrade",
    "write_save",
]

FORMAT = "armistice-save"
"""Value of the "format" key: tells a save apart from any other JSON file."""

SAVE_VERSION = 2
"""The save format version this code writes (and the newest it can read)."""

MAX_SAVE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before reading, so a wrong file cannot exhaust memory."""


"""The two sides whose orders every turn records."""

StrPath = str | os.PathLike[str]
T = TypeVar("T")

_HEX64 = re.compile(r"[0-9a-f]{64}")


class SaveError(Exception):
    """A save could not be read or written; `str()` is one human line that names the file."""

    def __init__(self, path: StrPath, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        line = f"{os.fspath(self.path)}: {self.reason}"
        # Keep it to one line even for odd file names or multi-line library messages.
        return " ".join(line.splitlines())


# --------------------------------------------------------------------------------------------
# The contract


def _check_hex64(value: str) -> str:
    if not _HEX64.fullmatch(value):
        raise ValueError("must be 64 lowercase hexadecimal digits (a SHA-256)")
    return value


Hex64 = Annotated[StrictStr, AfterValidator(_check_hex64)]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ScenarioRef(BaseModel):
    """Which scenario a save belongs to; the hash detects a scenario edited since saving."""

    model_config = ConfigDict(extra="forbid")

    id: record.Name
    sha256: Hex64
    ref: record.bounded(4096, min_length=1)  # type: ignore[valid-type]
    """The bundled scenario name or the path as the user gave it (for reopening it)."""


class TurnRecord(BaseModel):
    """One resolved turn: both sides' orders, the instructor's inputs, and a checksum of the
    state they produced."""

    model_config = ConfigDict(extra="forbid")

    turn: Annotated[StrictInt, Field(ge=0, le=record.MAX_TURNS)]
    orders: dict[Literal["unc", "communist"], record.OrdersDict]
    inject: Annotated[list[record.Name], Field(max_length=record.MAX_LIST)] = Field(
        default_factory=list)
    """Events the instructor forced this turn (checked against the scenario at replay)."""
    instructor: Annotated[list[record.InstructorEntry], Field(max_length=record.MAX_LIST)] = (
        Field(default_factory=list))
    """What the instructor did during this turn, in order (restored into the log at replay)."""
    checksum: Hex64

    @field_validator("inject")
    @classmethod
    def _each_once(cls, inject: list[str]) -> list[str]:
        if len(set(inject)) != len(inject):
            raise ValueError("names an event twice")
        return inject

    @field_validator("orders")
    @classmethod
    def _both_sides(cls, orders: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """A replay needs exactly both sides' orders; anything else is a corrupt record."""
        if set(orders) != set(SIDES):
            missing = sorted(set(SIDES) - set(orders))
            raise ValueError(f"must have orders for both 'unc' and 'communist' (missing "
                             f"{', '.join(map(repr, missing))})")
        return orders


SUMMARY_TEXT = 200
"""Longest label or scenario id a summary repeats (the load dialog shows no more)."""


class SaveSummary(BaseModel):
    """What the load dialog shows of a save, written near the top of the file so a dialog can
    list saves by reading a few kilobytes of each. It repeats the save (the save is the truth;
    reading a save ignores the summary stored in it). In a summary of an old save without one,
    `turns` and `saved_at` may be unknown (None) until the save is opened."""

    model_config = ConfigDict(extra="forbid")

    scenario: StrictStr
    turns: Annotated[StrictInt, Field(ge=0)] | None
    saved_at: AwareDatetime | None
    label: StrictStr | None = None

    @field_validator("saved_at", mode="before")
    @classmethod
    def _iso_text_only(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str | datetime):
            raise ValueError("must be an ISO 8601 date-time string with a UTC offset")
        return value

    @field_serializer("saved_at")
    def _iso(self, value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()


class SaveGame(BaseModel):
    """A whole save file (see the module docstring); field order is the order on disk."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["armistice-save"] = FORMAT
    version: Literal[2] = SAVE_VERSION  # keep the literal equal to SAVE_VERSION
    engine_version: record.Line = ENGINE_VERSION
    summary: SaveSummary | None = Field(default=None, repr=False)
    """Written from the save itself by every dump (`_summary`); read, checked and dropped."""
    scenario: ScenarioRef
    seed: Annotated[StrictInt, Field(ge=0, lt=2**63)]
    game_index: Annotated[StrictInt, Field(ge=0, le=record.MAX_INDEX)] = 0
    settings: record.SettingsDict = Field(default_factory=lambda: {"players": ["human", "human"]})
    turns: Annotated[list[TurnRecord], Field(max_length=record.MAX_TURNS)] = Field(
        default_factory=list)
    instructor: Annotated[list[record.InstructorEntry], Field(max_length=record.MAX_LIST)] = (
        Field(default_factory=list))
    """The instructor's inputs since the last turn was played (they go into the next turn)."""
    log: list[record.LogDict] = Field(default_factory=list)
    saved_at: AwareDatetime = Field(default_factory=_now)
    label: record.Line | None = None
    upgraded_from: Literal[1] | None = None
    """The format version this save was written in, when older (set by the upgrade only)."""
    seal: Hex64 | None = None
    """`record.seal_of` the rest, written by `write_save`; None only in an upgraded save."""

    @property
    def sealed(self) -> bool | None:
        """Whether the seal matches the content (None: an old save that has no seal)."""
        if self.seal is None:
            return None
        content = self.model_dump(exclude={"seal", "upgraded_from"})
        return secrets.compare_digest(self.seal, record.seal_of(content))

    @field_validator("saved_at", mode="before")
    @classmethod
    def _iso_text_only(cls, value: Any) -> Any:
        """Pydantic would also take a bare number as a Unix time; a save must say what it means."""
        if not isinstance(value, str | datetime):
            raise ValueError("must be an ISO 8601 date-time string with a UTC offset")
        return value

    @field_validator("turns")
    @classmethod
    def _turns_in_order(cls, turns: list[TurnRecord]) -> list[TurnRecord]:
        """Replay applies turns in sequence, so a gap or a repeat means the save is damaged."""
        for index, entry in enumerate(turns):
            if entry.turn != index:
                raise ValueError(
                    f"turn numbers must run 0, 1, 2, ... in order (entry {index} is turn "
                    f"{entry.turn})"
                )
        return turns

    @field_serializer("saved_at")
    def _iso(self, value: datetime) -> str:
        # isoformat() gives "+00:00" (pydantic's JSON mode would write "Z").
        return value.isoformat()

    @model_validator(mode="after")
    def _drop_summary(self) -> SaveGame:
        """A stored summary only has to be well formed: the save itself is what counts, so
        equal games compare equal whatever summary their files carried."""
        self.summary = None
        return self

    @field_serializer("summary")
    def _summary(self, _: SaveSummary | None) -> dict[str, Any]:
        return self.summarise().model_dump()

    def summarise(self) -> SaveSummary:
        """This save's summary (as written into its file)."""
        return SaveSummary(scenario=self.scenario.id[:SUMMARY_TEXT], turns=len(self.turns),
                           saved_at=self.saved_at,
                           label=None if self.label is None else self.label[:SUMMARY_TEXT])


# --------------------------------------------------------------------------------------------
# Upgrading older formats

Upgrader = Callable[[dict[str, Any]], dict[str, Any]]

def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 keeps the instructor's inputs per turn and seals the whole record.

    Version 1 hid injected events inside the UN Command's orders (`"inject"`) and kept the
    instructor's other actions only in the log, which replay rebuilds without them: both move
    into the turn they belong to. A version-1 save has no seal, so `upgraded_from` says that
    only the orders and the state checksums can be verified. Anything malformed is moved as it
    is, for validation to name.
    """
    turns = data.get("turns")
    if isinstance(turns, list):
        upgraded = []
        for entry in turns:
            if isinstance(entry, dict):
                entry = dict(entry)
                orders = entry.get("orders")
                unc = orders.get("unc") if isinstance(orders, dict) else None
                if isinstance(unc, dict) and "inject" in unc:
                    unc = dict(unc)
                    entry["inject"] = unc.pop("inject")
                    entry["orders"] = {**orders, "unc": unc}
            upgraded.append(entry)
        data["turns"] = upgraded
        log = data.get("log")
        if isinstance(log, list):
            for line in log:
                if (isinstance(line, dict) and line.get("visibility") == "debrief"
                        and line.get("kind") == "instructor"
                        and isinstance(line.get("text"), str)):
                    turn = line.get("turn")
                    note = {"kind": "note", "text": line["text"]}
                    if (isinstance(turn, int) and 0 <= turn < len(upgraded)
                            and isinstance(upgraded[turn], dict)):
                        upgraded[turn]["instructor"] = [
                            *upgraded[turn].get("instructor", []), note]
                    else:
                        data["instructor"] = [*data.get("instructor", []), note]
    data["upgraded_from"] = 1
    return data


UPGRADERS: dict[int, Upgrader] = {
    # A step turns a save of version N into one of version N + 1 (and need not set "version").
    1: _upgrade_1_to_2,
}
"""Upgrade steps keyed by the version they upgrade *from*."""


def upgrade(raw: Any, *, source: StrPath = "<save data>") -> dict[str, Any]:
    """Bring raw save data of any supported version up to `SAVE_VERSION`.

    Steps run in sequence so each only has to know about its neighbour. `source` names the file
    in error messages. Raises `SaveError` for data that is not an object, a missing or non-integer
    version, a version newer than this game, or an old version no step upgrades.
    """
    if not isinstance(raw, dict):
        raise SaveError(source, f"not an Armistice save ({_json_kind(raw)}, not an object)")
    if "version" not in raw:
        raise SaveError(source, "not an Armistice save (it has no format version)")
    version = raw["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(source, f"save format version {_short(version)} is not a whole number")
    if version > SAVE_VERSION:
        raise SaveError(
            source,
            f"save format version {version} is newer than this game understands ({SAVE_VERSION})",
        )
    if "upgraded_from" in raw:  # only the upgrade below may say so (it skips the seal check)
        raise SaveError(source, "the save has an unexpected field 'upgraded_from'")
    data = raw
    while version < SAVE_VERSION:
        step = UPGRADERS.get(version)
        if step is None:
            raise SaveError(source, f"save format version {version} is not supported")
        try:
            data = dict(step(dict(data)))
        except Exception as exc:  # old data is untrusted: any step failure means "damaged"
            raise SaveError(
                source, f"save format version {version} could not be upgraded ({exc})"
            ) from exc
        version += 1
        data["version"] = version
    return data


# --------------------------------------------------------------------------------------------
# Reading


def read_save(path: StrPath) -> SaveGame:
    """Read, upgrade and validate a save; every problem becomes a `SaveError` naming the file.

    Reading never modifies, renames or deletes anything.
    """
    return _from_bytes(path, _read_bytes(path))


def _from_bytes(path: StrPath, data: bytes) -> SaveGame:
    raw = _parse_json(path, data)
    if isinstance(raw, dict) and raw.get("format") != FORMAT:
        if "format" not in raw:
            raise SaveError(path, 'not an Armistice save (it has no "format": "armistice-save")')
        raise SaveError(path, f"not an Armistice save (its format is {_short(raw['format'])})")
    save = _validate(upgrade(raw, source=path), path)
    if save.seal is None and save.upgraded_from is None:
        raise SaveError(path, f"the save has no seal (every save of format {SAVE_VERSION} has one)")
    return save


def _read_bytes(path: StrPath, limit: int | None = None) -> bytes:
    """The file's bytes (refused over MAX_SAVE_BYTES); with `limit`, only its first bytes."""
    with _opened(path) as fd:
        return _read_fd(path, fd, limit)


@contextlib.contextmanager
def _opened(path: StrPath) -> Iterator[int]:
    """A descriptor of a regular file of at most MAX_SAVE_BYTES; OS errors are SaveErrors."""
    fd = _open_save(path)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SaveError(path, "is a folder, not a save file")
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(path, "is not a regular file")
        if info.st_size > MAX_SAVE_BYTES:
            raise SaveError(path, _too_large(info.st_size))
        yield fd
    except OSError as exc:
        raise SaveError(path, f"cannot be read ({_os_reason(exc)})") from None
    finally:
        os.close(fd)


def _read_fd(path: StrPath, fd: int, limit: int | None = None) -> bytes:
    want = MAX_SAVE_BYTES + 1 if limit is None else limit
    chunks: list[bytes] = []
    total = 0
    while total < want:  # st_size can lie (a growing file): the limit holds while reading
        chunk = os.read(fd, min(1 << 20, want - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_SAVE_BYTES:
            raise SaveError(path, _too_large(total, at_least=True))
    return b"".join(chunks)


def _open_save(path: StrPath) -> int:
    flags = (
        os.O_RDONLY
        | getattr(os, "O_BINARY", 0)
        | getattr(os, "O_NONBLOCK", 0)  # so a FIFO cannot hang the game
        | getattr(os, "O_NOCTTY", 0)
    )
    try:
        return os.open(path, flags)
    except IsADirectoryError:
        raise SaveError(path, "is a folder, not a save file") from None
    except FileNotFoundError:
        raise SaveError(path, "no such file") from None
    except PermissionError:
        if _is_dir(path):  # Windows refuses to open folders with "permission denied"
            raise SaveError(path, "is a folder, not a save file") from None
        raise SaveError(path, "cannot be read (permission denied)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise SaveError(path, f"cannot be opened ({_os_reason(exc)})") from None


class _NotJsonConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotJsonConstant(name)


def _parse_json(path: StrPath, data: bytes) -> Any:
    if data.startswith(codecs.BOM_UTF8):  # some editors add one; it is harmless
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(
            path, f"not an Armistice save (not UTF-8 text: bad byte at offset {exc.start})"
        ) from None
    if not text.strip(" \t\r\n"):
        raise SaveError(path, "not an Armistice save (the file is empty)")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise SaveError(
            path,
            f"not an Armistice save (truncated or corrupt JSON at line {exc.lineno}, "
            f"column {exc.colno})",
        ) from None
    except _NotJsonConstant as exc:
        raise SaveError(path, f"not an Armistice save ({exc} is not valid JSON)") from None
    except RecursionError:
        raise SaveError(path, "not an Armistice save (JSON nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise SaveError(path, f"not an Armistice save (invalid JSON: {exc})") from None


def _validate(raw: dict[str, Any], path: StrPath) -> SaveGame:
    try:
        return SaveGame.model_validate(raw)
    except ValidationError as exc:
        raise SaveError(path, _explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    """The first validation problem in words a player (or a bug report) can use."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    kind = first["type"]
    if kind == "missing" and loc:
        text = f"{_owner(loc[:-1])} is missing its {loc[-1]}"
    elif kind == "extra_forbidden" and loc:
        text = f"{_owner(loc[:-1])} has an unexpected field {str(loc[-1])!r}"
    else:
        msg = str(first["msg"]).removeprefix("Value error, ")
        msg = re.sub(r" or instance of \w+", "", msg)  # our class names mean nothing to a player
        value = first.get("input")
        if not isinstance(value, dict | list) and kind != "value_error":
            msg = f"{msg} (got {_short(value)})"
        text = f"{_owner(loc)}: {msg}" if loc else msg
    if len(errors) > 1:
        more = len(errors) - 1
        text += f" (and {more} more problem{'s' if more > 1 else ''})"
    return text


def _owner(loc: tuple[Any, ...]) -> str:
    """("turns", 4, "orders") -> "turn 4 orders"; () -> "the save"."""
    if not loc:
        return "the save"
    words: list[str] = []
    items = list(loc)
    while items:
        head = items.pop(0)
        if head in ("turns", "log") and items and isinstance(items[0], int):
            words.append(f"{'turn' if head == 'turns' else 'log entry'} {items.pop(0)}")
        elif isinstance(head, int):
            words.append(f"[{head}]")
        else:
            words.append(str(head))
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Writing


def write_save(path: StrPath, save: SaveGame) -> None:
    """Write `save` to `path` atomically: the old file stays intact until the new one is whole.

    The save is serialised and re-validated before any file is touched, so nothing that
    `read_save` would reject is ever written. Missing parent folders are created.
    """
    try:
        write_atomic(path, _encode(path, save), make_folder=True)
    except WriteError as exc:
        raise SaveError(path, f"cannot be written ({exc.reason})") from exc


def _encode(path: StrPath, save: SaveGame) -> bytes:
    try:
        # Python mode + allow_nan=False: NaN or a non-JSON object in settings/log is an error
        # here rather than silently turned into null (pydantic's JSON mode would do that).
        content = save.model_dump(exclude={"seal", "upgraded_from"})
        content["seal"] = record.seal_of(content)  # the whole record, sealed (see record.py)
        text = json.dumps(content, indent=2, ensure_ascii=True, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise SaveError(path, f"cannot be saved ({exc})") from exc
    try:
        written = _validate(json.loads(text), path)
    except SaveError as exc:
        raise SaveError(path, f"cannot be saved, the game is invalid: {exc.reason}") from None
    if not written.sealed:  # it would not verify: something does not survive a round trip
        raise SaveError(path, "cannot be saved (its content does not read back as written)")
    payload = (text + "\n").encode("ascii")
    if len(payload) > MAX_SAVE_BYTES:
        mb = 1024 * 1024
        raise SaveError(
            path,
            f"cannot be saved (it would be {len(payload) / mb:.1f} MB; "
            f"the limit is {MAX_SAVE_BYTES // mb} MB)",
        )
    save.seal, save.upgraded_from = content["seal"], None  # the caller's save is what was written
    return payload


# --------------------------------------------------------------------------------------------
# Where saves live


def data_dir() -> Path:
    """The user's Armistice data folder (not created here; writers create it on demand).

    `$ARMISTICE_DATA_DIR` wins so tests, portable installs and classrooms can redirect it.
    """
    override = os.environ.get("ARMISTICE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return _platform_data_dir(sys.platform, os.environ, Path.home())


def _platform_data_dir(platform: str, environ: Mapping[str, str], home: Path) -> Path:
    """The platform convention, separated from `data_dir` so every branch can be tested."""
    if platform == "win32":
        appdata = environ.get("APPDATA")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
        return base / "Armistice"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Armistice"
    xdg = environ.get("XDG_DATA_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says relative values are ignored
        return Path(xdg) / "armistice"
    return home / ".local" / "share" / "armistice"


def saves_dir() -> Path:
    """Folder for saves the player names."""
    return data_dir() / "saves"


def autosave_dir() -> Path:
    """Folder for rolling autosaves; only files named like autosaves are ever pruned here."""
    return data_dir() / "autosave"


# --------------------------------------------------------------------------------------------
# Autosaves and the load dialog

_AUTOSAVE_NAME = re.compile(
    r"(?P<scenario>[A-Za-z0-9_-][A-Za-z0-9_.-]*)-(?P<seed>[0-9]+)-(?P<game>[0-9]+)"
    r"(?:-g(?P<id>[0-9a-f]{8,32}))?-turn(?P<turn>[0-9]{3,})\.json"
)
"""Autosave names: `<scenario>-<seed>-<game index>-g<game id>-turn<NNN>.json`; names from
before games had ids (no `-g<id>`) still list and load."""

GAME_ID = re.compile(r"[0-9a-f]{8,32}")
"""A game's id (settings "game_id"): names its autosaves, so games never share them."""


def new_game_id() -> str:
    """A fresh random game id (16 lowercase hex digits): two games started with the same
    scenario and seed still get different ones."""
    return secrets.token_hex(8)


def game_id_of(save: SaveGame) -> str | None:
    """The save's game id, or None for a save from before games had ids (or a bad one)."""
    value = save.settings.get("game_id")
    return value if isinstance(value, str) and GAME_ID.fullmatch(value) else None


def _safe_id(scenario_id: str) -> str:
    """A scenario id made safe as part of a file name (no folders, no hidden files)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", scenario_id).lstrip(".")[:64]
    return cleaned or "scenario"


def _autosave_prefix(save: SaveGame) -> str:
    game_id = game_id_of(save)
    tag = f"-g{game_id}" if game_id else ""
    return f"{_safe_id(save.scenario.id)}-{save.seed}-{save.game_index}{tag}-turn"


def autosave_name(save: SaveGame) -> str:
    """`<scenario id>-<seed>-<game_index>-g<game id>-turn<NNN>.json` (NNN = number of turns
    recorded); a save without a game id gets the older name without `-g<game id>`."""
    return f"{_autosave_prefix(save)}{len(save.turns):03d}.json"


def autosave(save: SaveGame, keep: int = 20) -> Path:
    """Write an autosave atomically, then delete this game's oldest autosaves beyond `keep`.

    Each game's autosaves are its own: pruning touches only regular files named exactly like
    this game's autosaves (same scenario, seed, game index and game id) whose content is a save
    of this game, never another game's files; the file just written is always kept. Pruning is
    best effort: a file that cannot be deleted does not make the autosave fail. Raises
    SaveError when the autosave cannot be written (nothing of the game is lost on disk).
    """
    if keep < 1:
        raise ValueError("keep must be at least 1 (the autosave just written)")
    folder = autosave_dir()
    path = folder / autosave_name(save)
    write_save(path, save)
    prefix = _autosave_prefix(save)

    def this_game(name: str) -> bool:
        return (name.startswith(prefix) and name != path.name
                and re.fullmatch(r"[0-9]{3,}\.json", name[len(prefix):]) is not None)

    others = [p for _, _, p in _newest_first(folder, this_game)]
    for old in others[keep - 1 :]:
        if _same_game(old, save):
            with contextlib.suppress(OSError):
                old.unlink()
    return path


def _same_game(path: Path, save: SaveGame) -> bool:
    """Whether `path` is a regular file holding a save of the same game as `save`."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        other = read_save(path)
    except (OSError, SaveError):
        return False  # what cannot be identified is not deleted
    return (game_id_of(other) == game_id_of(save) and other.seed == save.seed
            and other.game_index == save.game_index and other.scenario.id == save.scenario.id)


def autosaves() -> list[Path]:
    """Every file in the autosave folder named like an autosave, newest first (none is read)."""
    return [path for _, _, path in _newest_first(autosave_dir(), _is_autosave_name)]


def open_newest_autosave(
    opens: Callable[[Path], T], *, tries: int = 20
) -> tuple[tuple[Path, T] | None, list[tuple[Path, str]]]:
    """The newest autosave that `opens` accepts (say, reads *and replays* it), with what it
    returned, and every newer one it refused with the reason.

    `opens` refuses a file by raising: a `SaveError` gives its reason, any other exception its
    text (an autosave is untrusted; whatever it breaks is a reason to try the one before).
    At most `tries` files are tried, so a folder of broken files cannot stall the game.
    """
    refused: list[tuple[Path, str]] = []
    for path in autosaves()[:tries]:
        try:
            return (path, opens(path)), refused
        except SaveError as exc:
            refused.append((path, exc.reason))
        except Exception as exc:  # see the docstring
            refused.append((path, str(exc) or type(exc).__name__))
    return None, refused


def latest_autosave() -> Path | None:
    """The newest autosave that reads as a valid save (by mtime, then name), or None."""
    found, _ = open_newest_autosave(read_save)
    return None if found is None else found[0]


WHOLE_READ_BYTES = 256 * 1024
"""A save up to this size is read and checked whole by the load dialog; of a larger one only
its summary is read (or, for an old save without one, its fields one at a time)."""


def read_summary(path: StrPath) -> SaveSummary:
    """What the load dialog shows of a save, without ever holding a large file in memory.

    A small file is read and checked whole, so the dialog can show any problem. Of a large one
    only the summary near its top is read (its other problems show when it is opened); a large
    save too old to have a summary is read as a stream, one field or list entry at a time,
    counting its turns. Raises `SaveError` for a file that is plainly not a save.
    """
    with _opened(path) as fd:
        head = _read_fd(path, fd, WHOLE_READ_BYTES + 1)
        if len(head) <= WHOLE_READ_BYTES:
            return _from_bytes(path, head).summarise()
        stream = _Stream(path, fd, head)
        fields, lengths = stream.fields(until="summary")
    if "format" in fields and fields["format"] != FORMAT:
        raise SaveError(path, f"not an Armistice save (its format is {_short(fields['format'])})")
    if "version" in fields:
        upgrade({"version": fields["version"]}, source=path)  # only for its version checks
    if "summary" in fields or "summary" in lengths:
        try:
            return _Head.model_validate({"summary": fields.get("summary", [])}).summary
        except ValidationError as exc:
            raise SaveError(path, _explain(exc)) from None
    if fields.get("format") != FORMAT:
        raise SaveError(path, 'not an Armistice save (it has no "format": "armistice-save")')
    scenario, label = fields.get("scenario"), fields.get("label")
    scenario_id = scenario.get("id") if isinstance(scenario, dict) else None
    try:
        saved_at = SaveSummary.model_validate(
            {"scenario": "", "turns": None, "saved_at": fields.get("saved_at")}).saved_at
    except ValidationError:
        saved_at = None
    return SaveSummary(
        scenario=scenario_id[:SUMMARY_TEXT] if isinstance(scenario_id, str) else "?",
        turns=lengths.get("turns"), saved_at=saved_at,
        label=label[:SUMMARY_TEXT] if isinstance(label, str) else None)


class _Head(BaseModel):
    summary: SaveSummary  # so that problems are explained as "summary <field>: ..."


class _Stream:
    """The top-level fields of a large JSON object, read from a file a piece at a time.

    Lists are walked one entry at a time and only counted, other values are kept; no more
    than about `WINDOW` of text is held at once, so a value larger than that ends the reading
    (the fields so far are what the summary can say)."""

    CHUNK = 1 << 20
    WINDOW = 4 << 20

    def __init__(self, path: StrPath, fd: int, first: bytes) -> None:
        self.path, self.fd = path, fd
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.decoder = json.JSONDecoder(parse_constant=_reject_constant)
        self.text, self.pos, self.offset, self.eof = "", 0, 0, False
        self._feed(first.removeprefix(codecs.BOM_UTF8))

    def fields(self, until: str) -> tuple[dict[str, Any], dict[str, int]]:
        """(top-level values, lengths of top-level lists), up to the field `until`."""
        values: dict[str, Any] = {}
        lengths: dict[str, int] = {}
        if self._peek() != "{":
            raise SaveError(self.path, "not an Armistice save (not a JSON object)")
        self.pos += 1
        try:
            while (char := self._peek()) not in ("}", ""):
                if char == ",":
                    self.pos += 1
                    continue
                key = self._value()
                if not isinstance(key, str) or self._peek() != ":":
                    raise ValueError("expected a key")
                self.pos += 1
                if self._peek() == "[":
                    lengths.setdefault(key, self._count())
                else:
                    values.setdefault(key, self._value())
                if key == until:
                    break
        except _TooLarge:
            pass
        except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
            raise SaveError(self.path, "not an Armistice save (truncated or corrupt JSON "
                                       f"near byte {self.offset + self.pos})") from None
        return values, lengths

    def _count(self) -> int:
        self.pos += 1  # the "["
        count = 0
        while (char := self._peek()) != "]":
            if char == "":
                raise ValueError("unterminated list")
            if char == ",":
                self.pos += 1
                continue
            self._value()
            count += 1
        self.pos += 1
        return count

    def _value(self) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
                if end < len(self.text) or self.eof:  # else a number may go on in the next piece
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            if not self._more():
                raise _TooLarge

    def _peek(self) -> str:
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self._more():
                return self.text[self.pos : self.pos + 1]

    def _more(self) -> bool:
        if self.eof or len(self.text) - self.pos > self.WINDOW:
            return False
        data = _read_fd(self.path, self.fd, self.CHUNK)
        self.eof = not data
        self._feed(data)
        return True

    def _feed(self, data: bytes) -> None:
        try:  # incremental: a character cut in two between pieces is not an error
            more = self.utf8.decode(data, final=self.eof)
        except UnicodeDecodeError as exc:
            raise SaveError(self.path, "not an Armistice save (not UTF-8 text: bad byte near "
                                       f"offset {self.offset + len(self.text) + exc.start})"
                            ) from None
        self.offset += self.pos
        self.text = self.text[self.pos :] + more
        self.pos = 0


class _TooLarge(Exception):
    """A value too large to hold while streaming a save."""


def list_saves(folder: StrPath) -> list[tuple[Path, SaveSummary | SaveError]]:
    """Every `*.json` file in `folder`, newest first, each with its summary or its error.

    For a load dialog: damaged files are shown with the reason rather than hidden, and nothing
    raises. Only summaries are kept, each read from the start of its file (`read_summary`), so
    a folder of large saves lists quickly in little memory. A missing folder has no saves; a
    folder that cannot be listed is reported as one entry for the folder itself.
    """
    folder = Path(folder)
    try:
        entries = _newest_first(folder, _is_save_name, strict=True)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [(folder, SaveError(folder, f"cannot list this folder ({_os_reason(exc)})"))]
    result: list[tuple[Path, SaveSummary | SaveError]] = []
    for _, _, path in entries:
        try:
            result.append((path, read_summary(path)))
        except SaveError as exc:
            result.append((path, exc))
    return result


def _is_autosave_name(name: str) -> bool:
    return _AUTOSAVE_NAME.fullmatch(name) is not None


def _is_save_name(name: str) -> bool:
    return name.lower().endswith(".json") and not name.startswith(".")


def _newest_first(
    folder: Path, wanted: Callable[[str], bool], *, strict: bool = False
) -> list[tuple[int, str, Path]]:
    """Files in `folder` whose names pass `wanted`, sorted newest mtime first, then by name.

    Folders are skipped; with strict=False an unreadable or missing folder counts as empty.
    """
    found: list[tuple[int, str, Path]] = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if not wanted(entry.name):
                    continue
                try:
                    if entry.is_dir():
                        continue
                    mtime = entry.stat().st_mtime_ns
                except OSError:
                    mtime = 0  # vanished or unreadable: list it last, reading will explain
                found.append((mtime, entry.name, Path(entry.path)))
    except OSError:
        if strict:
            raise
        return []
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return found


# --------------------------------------------------------------------------------------------
# Small helpers


def checksum_hex(data: bytes) -> str:
    """SHA-256 of `data` as 64 lowercase hex digits: the format of every checksum in a save."""
    return hashlib.sha256(data).hexdigest()


def _too_large(size: int, *, at_least: bool = False) -> str:
    mb = 1024 * 1024
    amount = f"{'over ' if at_least else ''}{size / mb:.1f} MB"
    return f"too large to be a save ({amount}; the limit is {MAX_SAVE_BYTES // mb} MB)"


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _is_dir(path: StrPath) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if isinstance(value, bool) or value is None:
        return f"JSON {json.dumps(value)}"
    if isinstance(value, int | float):
        return "a JSON number"
    return type(value).__name__
