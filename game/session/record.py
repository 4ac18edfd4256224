"""The typed game record inside a save: orders, the instructor's inputs, settings, the log.

A save comes from anywhere (a colleague's USB stick, an edited file, an attacker), so every
field is checked here, before any of it reaches the engine: exact types (no number where a name
goes, no object where a rationale goes), no unknown keys, bounded numbers (anything that reaches
NumPy fits its integer type; carried-over figures are finite) and bounded strings with no
control characters (a terminal escape in a rationale must never reach a terminal; only the
free texts — rationales, log and instructor lines — may hold a newline or a tab).

What cannot be checked without the scenario (an item id, a posture, an event the scenario does
not have, an order that was not legal at that moment) is checked when the save is replayed.

The orders keep the plain dict form `engine.orders.to_dict` writes (the debrief and the replay
read them as dicts); they are validated against `SideOrders` on the way in.

The seal (`seal_of`) is a SHA-256 over the canonical JSON of everything in a save but the seal
itself: orders and rationales, the instructor's inputs, scenario reference, seed, settings,
label, log, dates. It detects any edit of the record, accidental or deliberate, that was not
followed by recomputing the seal; like the per-turn state checksums it is not a signature (a
game on a student's machine holds no secret to sign with), so it makes tampering evident to
`replay --verify`, not impossible.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
)

from game.printable import UNSAFE, describe
from game.vocab import ActionName, TalksName

__all__ = [
    "INSTRUCTOR_KINDS",
    "MAX_TURNS",
    "CarryOver",
    "InstructorEntry",
    "ItemOrders",
    "Line",
    "LogEntry",
    "Name",
    "OrdersDict",
    "Settings",
    "SideOrders",
    "Text",
    "bounded",
    "clean_text",
    "no_control",
    "seal_of",
]

MAX_TURNS = 10_000
"""More turns than any scenario may have (the loader caps scenarios far lower)."""

MAX_NAME = 100  # ids: postures, items, positions, packages, events, what-ifs, variables
MAX_LINE = 200  # one-line texts: the save's label, the scenario reference
MAX_TEXT = 4_000  # free texts: rationales, log and instructor lines
MAX_LOG_TEXT = 50_000  # a log line: an event's text from the scenario, with its source
MAX_LIST = 1_000  # entries of any list or mapping that is not the turns or the log
MAX_FIGURE = 1e15  # a carried-over figure; the scenario clips it to its own range
MAX_RUNG = 32_767  # ladder positions live in int16 arrays
MAX_INDEX = 2**32 - 1  # a game index mixes into the random stream's 64-bit key

# What a save's text may not hold: every character `game.printable` would never print raw
# (controls, bidirectional overrides, lone surrogates), and in a one-line field tabs and
# line breaks too. One rule with the scenario loader's, so a save cannot carry what a
# scenario may not.
_CONTROL = re.compile(f"{UNSAFE.pattern}|[\t\n]")
_CONTROL_IN_TEXT = UNSAFE


def no_control(value: str) -> str:
    """A one-line text: no control characters at all."""
    return _refuse(_CONTROL, value)


def _refuse(pattern: re.Pattern[str], value: str) -> str:
    found = pattern.search(value)
    if found:
        raise ValueError(f"must not contain {describe(found.group())} (at character "
                         f"{found.start() + 1})")
    return value


def bounded(limit: int, *, lines: bool = False, min_length: int = 0) -> Any:
    """A bounded string without control characters (`lines`: newlines and tabs allowed).
    Checked here rather than with pydantic's max_length, which refuses a lone surrogate."""
    pattern = _CONTROL_IN_TEXT if lines else _CONTROL

    def check(value: str) -> str:
        if len(value) < min_length:
            raise ValueError("must not be empty")
        if len(value) > limit:
            raise ValueError(f"must have at most {limit} characters (it has {len(value)})")
        return _refuse(pattern, value)

    return Annotated[StrictStr, AfterValidator(check)]


def clean_text(text: str, limit: int = MAX_TEXT, *, lines: bool = True) -> str:
    """Live input made fit for the record: control characters (and lone surrogates) become
    spaces, the length is capped. A live game must never record what its save would refuse."""
    pattern = _CONTROL_IN_TEXT if lines else _CONTROL
    return pattern.sub(" ", str(text))[:limit]


Name = bounded(MAX_NAME, min_length=1)
Line = bounded(MAX_LINE)
Text = bounded(MAX_TEXT, lines=True)
LogText = bounded(MAX_LOG_TEXT, lines=True)
Turn = Annotated[StrictInt, Field(ge=0, le=MAX_TURNS)]
Rung = Annotated[StrictInt, Field(ge=-1, le=MAX_RUNG)]
Figure = Annotated[StrictFloat, Field(ge=-MAX_FIGURE, le=MAX_FIGURE, allow_inf_nan=False)]


def _hex(low: int, high: int | None = None) -> Any:
    """Lowercase hexadecimal digits, `low` of them (or `low` to `high`)."""
    high = low if high is None else high
    pattern = re.compile(f"[0-9a-f]{{{low},{high}}}")
    count = str(low) if low == high else f"{low} to {high}"

    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError(f"must be {count} lowercase hexadecimal digits")
        return value

    return Annotated[StrictStr, AfterValidator(check)]


Hex64 = _hex(64)
Hex32 = _hex(32)


class _Strict(BaseModel):
    """No unknown keys, and no null where a field may only be left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    _nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls._nullable:
            raise ValueError("must not be null (leave the key out instead)")
        return value


# --------------------------------------------------------------------------------------------
# One side's orders for one turn (the dict form of engine.orders.to_dict)


class ItemOrders(_Strict):
    """What a side does about one agenda item."""

    action: ActionName | None = None
    position: Name | None = None  # the rung offered
    request: Name | None = None  # the rung asked of the side's higher authority


class SideOrders(_Strict):
    """One side's orders for one turn, by name (checked against the scenario at replay)."""

    posture: Name
    talks: TalksName | None = None
    package: Name | None = None
    items: Annotated[dict[Name, ItemOrders], Field(max_length=MAX_LIST)] | None = None
    rationale: Text | None = None


def _as_dict(orders: SideOrders) -> dict[str, Any]:
    return orders.model_dump(exclude_unset=True)


OrdersDict = Annotated[SideOrders, AfterValidator(_as_dict), PlainSerializer(lambda v: v)]
"""A side's orders: validated as `SideOrders`, kept as the plain dict that was given."""


# --------------------------------------------------------------------------------------------
# The instructor's inputs

INSTRUCTOR_KINDS = ("inject", "pause", "resume", "reveal", "hand_to_ai", "take_back", "timer",
                    "reload", "pin_refused", "note")
"""What an instructor entry records; "note" is anything else the instructor did."""


class InstructorEntry(_Strict):
    """One thing the instructor did, with the line the debrief shows for it."""

    kind: Literal["inject", "pause", "resume", "reveal", "hand_to_ai", "take_back", "timer",
                  "reload", "pin_refused", "note"]
    text: Text


# --------------------------------------------------------------------------------------------
# Settings (CONTRACTS.md, interface 2)

_PLAYER = re.compile(r"human|ai|ai:[a-z][a-z0-9_-]{0,31}")


def _player(value: str) -> str:
    if not _PLAYER.fullmatch(value):
        raise ValueError(f"a player is 'human', 'ai' or 'ai:POLICY', not {value[:40]!r}")
    return value


class CarriedItem(_Strict):
    """An agenda item's state at the end of the earlier game of a campaign."""

    status: Annotated[StrictInt, Field(ge=0, le=3)]  # PENDING, OPEN, DEADLOCKED, AGREED
    pos: Annotated[list[Rung], Field(min_length=2, max_length=2)]
    auth: Annotated[list[Rung], Field(min_length=2, max_length=2)]
    agreed_pos: Rung


class CarriedFrom(_Strict):
    scenario: Name
    sha256: Hex64


class CarryOver(_Strict):
    """A campaign game's start (session.campaign.carry_over)."""

    from_: Annotated[CarriedFrom, Field(alias="from")]
    vars: Annotated[dict[Name, Figure], Field(max_length=MAX_LIST)] = Field(default_factory=dict)
    items: Annotated[dict[Name, CarriedItem], Field(max_length=MAX_LIST)] = Field(
        default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              serialize_by_alias=True)


class ReloadNote(_Strict):
    """The game was rebuilt on an edited scenario file (session.reload)."""

    turn: Turn
    sha256: Hex64
    previous_sha256: Hex64
    diverged_from_turn: Turn | None
    _nullable = frozenset({"diverged_from_turn"})
    adjusted_orders: Annotated[StrictInt, Field(ge=0, le=10 * MAX_TURNS * MAX_LIST)]


class PinHash(_Strict):
    """The instructor's PIN as session.pin.hash_pin stores it."""

    salt: Hex32
    scrypt: Hex64


class Settings(_Strict):
    """How the game was set up (every key but players is optional)."""

    players: Annotated[list[Annotated[StrictStr, Field(max_length=40),
                                      AfterValidator(_player)]],
                       Field(min_length=2, max_length=2)]
    what_ifs: Annotated[list[Name], Field(max_length=MAX_LIST)] | None = None
    start: CarryOver | None = None
    reloads: Annotated[list[ReloadNote], Field(max_length=MAX_LIST)] | None = None
    ai_seed: Annotated[StrictInt, Field(ge=0, lt=2**63)] | None = None
    game_id: _hex(8, 32) | None = None  # type: ignore[valid-type]
    instructor_pin: PinHash | None = None

    @field_validator("what_ifs")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("names a what-if twice")
        return value


def _settings_dict(settings: Settings) -> dict[str, Any]:
    return settings.model_dump(exclude_unset=True, by_alias=True)


SettingsDict = Annotated[Settings, AfterValidator(_settings_dict), PlainSerializer(lambda v: v)]
"""The settings: validated as `Settings`, kept as the plain dict that was given."""


# --------------------------------------------------------------------------------------------
# The log kept in a save (replay rebuilds it; the copy is for readers of the file)


class LogEntry(_Strict):
    turn: Turn
    date: bounded(32)  # type: ignore[valid-type]
    visibility: Literal["public", "unc", "communist", "debrief"]
    kind: Name
    text: LogText
    source: LogText | None = None
    item: Name | None = None
    event: Name | None = None


LogDict = Annotated[LogEntry, AfterValidator(lambda e: e.model_dump(exclude_unset=True)),
                    PlainSerializer(lambda v: v)]


# --------------------------------------------------------------------------------------------
# The seal

_SEAL_PREFIX = b"armistice-save-seal/2\n"


def seal_of(content: dict[str, Any]) -> str:
    """The seal of a save's content (its JSON-ready dict, `seal` left out): SHA-256 over the
    canonical JSON (sorted keys, no spaces, ASCII), so layout and key order do not matter."""
    canonical = json.dumps({k: v for k, v in content.items() if k != "seal"}, sort_keys=True,
                           separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(_SEAL_PREFIX + canonical.encode("ascii")).hexdigest()
