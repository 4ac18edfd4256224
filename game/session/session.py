"""A played game: one scenario, one seed, two players, the record of every turn.

Front ends (the terminal, the pygame window) talk only to a `Session`: they ask for a side's
view, legal orders and news, submit orders, and advance. The session collects both sides'
orders, resolves the turn, appends the orders and a state checksum to the record, and autosaves.
A save replays the recorded orders from the seed and checks every checksum, so a changed
scenario or engine shows up as a desync rather than as a silently different game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import game
from game.ai.policy import Policy, make_policy
from game.engine.log import Entry, Log
from game.engine.orders import Legal, OrderError, Orders, from_dict, to_dict
from game.engine.state import State, new_state
from game.engine.turn import legal, resolve_turn
from game.engine.view import View, side_view
from game.scenario.compiled import CompiledScenario
from game.scenario.model import SIDES
from game.session import savefile
from game.session.campaign import apply_carry_over
from game.session.simulate import fresh_ai_seed, policy_rng


class ReplayError(Exception):
    """A save that does not replay to the game it recorded."""


@dataclass(frozen=True)
class TableSnapshot:
    """The table at one moment of game 0: what the per-variable `series` cannot show."""

    pos: np.ndarray  # (2, items): each side's rung
    status: np.ndarray  # (items,): PENDING, OPEN, DEADLOCKED, AGREED
    recess: bool

    @classmethod
    def of(cls, state: State) -> TableSnapshot:
        return cls(state.pos[:, :, 0].copy(), state.status[:, 0].copy(),
                   bool(state.talks[0] != 0))


@dataclass
class PlayerSpec:
    """Who plays a side: a human (any front end) or an AI policy by name."""

    kind: str = "human"  # "human" or "ai"
    policy: str = "historical"

    @classmethod
    def parse(cls, text: str) -> PlayerSpec:
        if text == "human":
            return cls("human")
        if text.startswith("ai:"):
            return cls("ai", text[3:])
        if text == "ai":
            return cls("ai")
        raise ValueError(f"a player is 'human', 'ai' or 'ai:POLICY', not '{text}'")

    def __str__(self) -> str:
        return "human" if self.kind == "human" else f"ai:{self.policy}"


@dataclass
class Session:
    """One game in progress (a batch of one)."""

    sc: CompiledScenario
    ref: str
    seed: int
    players: tuple[PlayerSpec, PlayerSpec]
    game_index: int = 0
    autosave: bool = True
    state: State = field(init=False)
    log: Log = field(init=False)
    turns: list[savefile.TurnRecord] = field(init=False, default_factory=list)
    pending: list[Orders | None] = field(init=False)
    explanations: list[dict[str, str]] = field(init=False, default_factory=list)
    series: list[np.ndarray] = field(init=False, default_factory=list)  # true values per turn
    table: list[TableSnapshot] = field(init=False, default_factory=list)  # likewise, the table
    label: str | None = None
    start: dict[str, Any] | None = None  # a campaign's carry-over (see session.campaign)
    reloads: list[dict[str, Any]] = field(default_factory=list)  # see session.reload
    instructor_pin: dict[str, str] | None = None  # session.pin.hash_pin's form, or no PIN
    # The AI's own seed, independent of `seed` (None: a save from before there was one, whose
    # AI keeps drawing from the game's seed as it did)
    ai_seed: int | None = field(default_factory=fresh_ai_seed)
    _policies: list[Policy | None] = field(init=False)

    def __post_init__(self) -> None:
        self.state = new_state(self.sc, self.seed, np.array([self.game_index]))
        if self.start:
            apply_carry_over(self.sc, self.state, self.start)
        self.series = [self.state.vars[:, 0].copy()]
        self.table = [TableSnapshot.of(self.state)]
        self.log = Log(self.sc.start, self.sc.turn_days)
        self.pending = [None, None]
        self._policies = [make_policy(p.policy, self.sc, s) if p.kind == "ai" else None
                          for s, p in enumerate(self.players)]
        ai_seed = self.seed if self.ai_seed is None else self.ai_seed
        self._rngs = tuple(policy_rng(ai_seed, self.state.rng.game_index, s) for s in (0, 1))

    # what a front end reads ------------------------------------------------------------
    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return not bool(self.state.active[0])

    @property
    def outcome(self) -> Any:
        """The ending reached (the scenario's Outcome model), or None while playing."""
        k = int(self.state.outcome[0])
        return self.sc.model.outcomes[k] if k >= 0 else None

    def date(self) -> str:
        return self.sc.date_of(self.state.turn).isoformat()

    def view(self, side: int) -> View:
        return side_view(self.sc, self.state, side)

    def legal(self, side: int) -> Legal:
        return legal(self.sc, self.state, side)

    def news(self, side: int | None, since_turn: int = 0) -> list[Entry]:
        """The log entries a side may see (None: all of them, for the debrief)."""
        who = None if side is None else SIDES[side]
        return [e for e in self.log.for_game(0, who) if e.turn >= since_turn]

    def is_human(self, side: int) -> bool:
        return self.players[side].kind == "human"

    # giving orders --------------------------------------------------------------------
    def submit(self, side: int, orders: Orders) -> None:
        if self.over:
            raise OrderError("the game is over")
        self.pending[side] = orders

    def submit_dict(self, side: int, data: dict[str, Any]) -> None:
        self.submit(side, from_dict(self.sc, side, data))

    def ai_orders(self, side: int) -> Orders:
        policy = self._policies[side]
        if policy is None:
            raise OrderError(f"the {SIDES[side]} side is played by a human")
        view = side_view(self.sc, self.state, side, policy.reads())
        return policy.choose(view, self.legal(side), self._rngs[side])

    def hand_to_ai(self, side: int, policy: str = "historical") -> None:
        """Let the AI play a side from now on (an absent team)."""
        self.players = tuple(PlayerSpec("ai", policy) if s == side else p  # type: ignore[assignment]
                             for s, p in enumerate(self.players))
        self._policies[side] = make_policy(policy, self.sc, side)

    def take_back(self, side: int) -> None:
        self.players = tuple(PlayerSpec("human") if s == side else p  # type: ignore[assignment]
                             for s, p in enumerate(self.players))
        self._policies[side] = None

    @property
    def ready(self) -> bool:
        return all(self.pending[s] is not None or not self.is_human(s) for s in (0, 1))

    def advance(self, inject: tuple[str, ...] = ()) -> list[Entry]:
        """Resolve the turn with the submitted orders (the AI decides for its sides now) and
        return the new log entries. `inject` names events an instructor forces this turn."""
        if self.over:
            raise OrderError("the game is over")
        orders = []
        for s in (0, 1):
            given = self.pending[s]
            if given is None:
                given = self.ai_orders(s) if not self.is_human(s) else None
            if given is None:
                raise OrderError(f"waiting for the {SIDES[s]} side's orders")
            orders.append(given)
        record = {SIDES[s]: to_dict(self.sc, s, orders[s]) for s in (0, 1)}
        if inject:
            record["unc"]["inject"] = list(inject)  # instructor interventions are logged
        before = len(self.log.entries)
        self._resolve(orders, inject)
        self.turns.append(savefile.TurnRecord(turn=len(self.turns), orders=record,
                                              checksum=self.state.checksum()))
        self.explanations.append({SIDES[s]: (orders[s].rationale or [""])[0] for s in (0, 1)})
        self.pending = [None, None]
        if self.autosave:
            savefile.autosave(self.to_save())
        return self.log.entries[before:]

    def _resolve(self, orders: list[Orders], inject: tuple[str, ...]) -> None:
        unknown = [e for e in inject if e not in self.sc.event_ids]
        if unknown:
            raise OrderError(f"unknown event '{unknown[0]}'")
        indices = tuple(self.sc.event_ids.index(e) for e in inject)
        if indices:
            self.log.turn = self.state.turn
            self.log.add_one(0, "public", "instructor",
                             "The instructor injects: " + ", ".join(inject) + ".")
        self.state = resolve_turn(self.sc, self.state, (orders[0], orders[1]), self.log,
                                  indices)
        self.series.append(self.state.vars[:, 0].copy())
        self.table.append(TableSnapshot.of(self.state))

    # saving ---------------------------------------------------------------------------
    def to_save(self) -> savefile.SaveGame:
        return savefile.SaveGame(
            engine_version=game.__version__,
            scenario=savefile.ScenarioRef(id=self.sc.id, sha256=self.sc.sha256, ref=self.ref),
            seed=self.seed, game_index=self.game_index,
            settings={"players": [str(p) for p in self.players],
                      "what_ifs": list(self.sc.what_ifs),
                      **({"start": self.start} if self.start else {}),
                      **({"reloads": self.reloads} if self.reloads else {}),
                      **({"instructor_pin": self.instructor_pin}
                         if self.instructor_pin else {}),
                      **({"ai_seed": self.ai_seed} if self.ai_seed is not None else {})},
            turns=list(self.turns), log=[e.to_dict() for e in self.log.entries],
            label=self.label)

    def save(self, path: str | Path) -> None:
        savefile.write_save(path, self.to_save())


def replay_file(path: Path, **options: Any) -> Session:
    """The game a save file records, replayed on its scenario and what-ifs (see `replay` for
    the options). Raises SaveError, ScenarioError, FileNotFoundError (the scenario is gone)
    or ReplayError."""
    from game.scenario.bundled import resolve
    from game.scenario.loader import load_scenario

    save = savefile.read_save(path)
    what_ifs = save.settings.get("what_ifs", [])
    if not isinstance(what_ifs, list) or not all(isinstance(w, str) for w in what_ifs):
        raise ReplayError("the save's what-ifs are not a list of names")
    return replay(load_scenario(resolve(save.scenario.ref), what_ifs), save, **options)


def replay(sc: CompiledScenario, save: savefile.SaveGame, *, verify: bool = True,
           until: int | None = None, autosave: bool = False) -> Session:
    """Rebuild a session from a save by replaying its orders from the seed.

    With `verify`, each turn's state checksum must match the recorded one: a mismatch raises
    ReplayError naming the first turn that differs. `until` stops after that many turns (a
    fork from turn N)."""
    if sc.sha256 != save.scenario.sha256:
        msg = (f"the scenario file has changed since this game was saved (scenario "
               f"{save.scenario.id}, saved sha256 {save.scenario.sha256[:12]}…, now "
               f"{sc.sha256[:12]}…)")
        if verify:
            raise ReplayError(msg)
    settings = save.settings
    players = settings.get("players", ["human", "human"])
    try:
        specs = (PlayerSpec.parse(players[0]), PlayerSpec.parse(players[1]))
    except (ValueError, IndexError, TypeError) as exc:
        raise ReplayError(f"bad players in the save's settings: {exc}") from None
    start = settings.get("start")
    if start is not None and not isinstance(start, dict):
        raise ReplayError("bad campaign start in the save's settings")
    reloads = settings.get("reloads", [])
    if not isinstance(reloads, list) or not all(isinstance(r, dict) for r in reloads):
        raise ReplayError("bad record of scenario reloads in the save's settings")
    pin = settings.get("instructor_pin")
    if pin is not None and not _pin_shape(pin):
        raise ReplayError("bad instructor PIN in the save's settings (expected a salt of 32 "
                          "and an scrypt hash of 64 hex digits)")
    ai_seed = settings.get("ai_seed")
    if ai_seed is not None and (type(ai_seed) is not int or not 0 <= ai_seed < 2**63):
        raise ReplayError("bad ai_seed in the save's settings: a whole number in [0, 2**63)")
    try:
        session = Session(sc, save.scenario.ref, save.seed, specs, save.game_index,
                          autosave=autosave, label=save.label, start=start, reloads=reloads,
                          instructor_pin=pin, ai_seed=ai_seed)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ReplayError(f"bad campaign start in the save's settings: {exc}") from None
    for record in save.turns[:until]:
        if session.over:
            raise ReplayError(f"turn {record.turn}: the save has orders after the game ended")
        try:
            orders = [from_dict(sc, s, record.orders[SIDES[s]]) for s in (0, 1)]
        except OrderError as exc:
            raise ReplayError(f"turn {record.turn}: {exc}") from None
        inject = tuple(record.orders["unc"].get("inject", ()))
        try:
            session._resolve(orders, inject)
        except OrderError as exc:
            raise ReplayError(f"turn {record.turn}: {exc}") from None
        got = session.state.checksum()
        if verify and got != record.checksum:
            raise ReplayError(f"desync at turn {record.turn} ({sc.date_of(record.turn)}): the "
                              f"replayed state differs from the saved one (saved "
                              f"{record.checksum[:12]}…, replayed {got[:12]}…)")
        session.turns.append(record)
        session.explanations.append({SIDES[s]: (orders[s].rationale or [""])[0]
                                     for s in (0, 1)})
    return session


def _pin_shape(pin: Any) -> bool:
    """Whether `pin` has the form of session.pin.hash_pin's record."""
    return (isinstance(pin, dict) and set(pin) == {"salt", "scrypt"}
            and all(isinstance(pin[k], str) and len(pin[k]) == n
                    and all(c in "0123456789abcdef" for c in pin[k])
                    for k, n in (("salt", 32), ("scrypt", 64))))
