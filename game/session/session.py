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
from pydantic import ValidationError

import game
from game.ai.policy import POLICIES, Policy, make_policy
from game.engine.log import Entry, Log, News
from game.engine.orders import (
    Legal,
    OrderError,
    Orders,
    from_dict,
    sanitize,
    to_dict,
    why_illegal,
)
from game.engine.state import State, new_state
from game.engine.turn import legal, resolve_turn
from game.engine.view import View, side_view
from game.files import OutputRefused, check_output
from game.scenario.compiled import CompiledScenario
from game.session import record, savefile
from game.session.campaign import apply_carry_over
from game.session.simulate import fresh_ai_seed, policy_rng
from game.vocab import AGREED, SIDES


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
    game_id: str = field(default_factory=savefile.new_game_id)  # names this game's autosaves
    read_from: tuple[str, ...] = ()  # other files it was built from: never saved over
    autosave_problem: str | None = field(init=False, default=None)
    """After `advance()`: why the autosave failed (one line), or None. The turn stays played."""
    instructor: list[record.InstructorEntry] = field(init=False, default_factory=list)
    """The instructor's inputs since the last turn was played (they go into the next turn)."""
    verify_note: str = field(init=False, default="")
    """After a verified replay: what the save did not let it check (an unsealed old save)."""
    _policies: list[Policy | None] = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.game_id, str) or not savefile.GAME_ID.fullmatch(self.game_id):
            raise ValueError("a game id is 8 to 32 lowercase hexadecimal digits")
        self.state = new_state(self.sc, self.seed, np.array([self.game_index]))
        if self.start:
            apply_carry_over(self.sc, self.state, self.start)
        self.series = [self.state.vars[:, 0].copy()]
        self.table = [TableSnapshot.of(self.state)]
        self.log = Log()
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
        """Take a side's orders for this turn; an order not legal now is refused (OrderError
        saying why), so the record never holds one."""
        if self.over:
            raise OrderError("the game is over")
        problem = why_illegal(self.sc, side, orders, self.legal(side))
        if problem is not None:
            raise OrderError(f"the order to {problem[0]} is not allowed now: {problem[1]}")
        self.pending[side] = orders

    def submit_dict(self, side: int, data: dict[str, Any]) -> None:
        self.submit(side, from_dict(self.sc, side, data))

    def ai_orders(self, side: int) -> Orders:
        """The AI's orders for `side` this turn, as the engine will play them (a policy's
        choice is legal, tests/ai check it; were it not, the record still holds only what
        the engine plays)."""
        policy = self._policies[side]
        if policy is None:
            raise OrderError(f"the {SIDES[side]} side is played by a human")
        view = side_view(self.sc, self.state, side, policy.reads())
        allowed = self.legal(side)
        chosen = policy.choose(view, allowed, self._rngs[side])
        if why_illegal(self.sc, side, chosen, allowed) is None:  # the usual case, and cheaper
            return chosen
        return sanitize(chosen, allowed, side)

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
            if given is None and not self.is_human(s):
                given = self.ai_orders(s)
            if given is None:
                raise OrderError(f"waiting for the {SIDES[s]} side's orders")
            given.rationale = [record.clean_text(r, 500) for r in given.rationale]
            orders.append(given)
        played = {SIDES[s]: to_dict(self.sc, s, orders[s]) for s in (0, 1)}
        before = len(self.log.entries)
        self._resolve(orders, inject)
        self.turns.append(savefile.TurnRecord(
            turn=len(self.turns), orders=played, inject=list(inject),
            instructor=list(self.instructor), checksum=self.state.checksum()))
        self.instructor = []
        self.explanations.append({SIDES[s]: (orders[s].rationale or [""])[0] for s in (0, 1)})
        self.pending = [None, None]
        self.autosave_problem = self._autosave() if self.autosave else None
        return self.log.entries[before:]

    def _autosave(self) -> str | None:
        """Autosave the game; a failure (full disk, read-only folder...) is returned as one
        line, never raised: the turn is played and the front end says so and goes on."""
        try:
            savefile.autosave(self.to_save())
        except (savefile.SaveError, OSError) as exc:
            # The reason only ("FILE: cannot be written (why)"): each front end says in its
            # own words that the autosave failed, so the player reads it once.
            return " ".join(str(exc).split())
        return None

    def _resolve(self, orders: list[Orders], inject: tuple[str, ...]) -> None:
        unknown = [e for e in inject if e not in self.sc.event_ids]
        if unknown:
            raise OrderError(f"unknown event '{unknown[0]}'")
        indices = tuple(self.sc.event_ids.index(e) for e in inject)
        if indices:
            self._note("public", "The instructor injects: " + ", ".join(inject) + ".")
        self.state, news = resolve_turn(self.sc, self.state, (orders[0], orders[1]),
                                        inject=indices)
        self.log.entries.extend(news)
        self.series.append(self.state.vars[:, 0].copy())
        self.table.append(TableSnapshot.of(self.state))

    # the instructor -------------------------------------------------------------------
    def record_instructor(self, kind: str, text: str) -> None:
        """Record something the instructor did (`kind` is one of record.INSTRUCTOR_KINDS;
        `text` is the line the debrief shows). It goes into this turn's record, so it
        survives a save, a replay and the report."""
        entry = record.InstructorEntry(kind=kind, text=record.clean_text(text))  # type: ignore[arg-type]
        self.instructor.append(entry)
        self._log_instructor(entry)

    def _log_instructor(self, entry: record.InstructorEntry) -> None:
        self._note("debrief", entry.text)

    def _note(self, visibility: str, text: str) -> None:
        """An instructor's line in this turn's news."""
        news = News(self.state.turn, self.date())
        news.add_one(0, visibility, "instructor", text)
        self.log.entries.extend(news.entries)

    def restore_instructor(self, entries: list[record.InstructorEntry]) -> None:
        """Put recorded instructor entries back as this turn's (replay, reload)."""
        for entry in entries:
            self.instructor.append(entry)
            self._log_instructor(entry)

    # saving ---------------------------------------------------------------------------
    def to_save(self) -> savefile.SaveGame:
        """The game as a save. Raises SaveError naming the scenario file when its name cannot
        be kept in a save (control characters: a save never holds them)."""
        try:
            scenario = savefile.ScenarioRef(id=self.sc.id, sha256=self.sc.sha256, ref=self.ref)
        except ValidationError as exc:
            why = str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            raise savefile.SaveError(self.ref, "the scenario's file name cannot be kept in a "
                                               f"save ({why}); rename the scenario file to "
                                               "save games of it") from None
        return savefile.SaveGame(
            engine_version=game.__version__,
            scenario=scenario,
            seed=self.seed, game_index=self.game_index,
            settings={"players": [str(p) for p in self.players],
                      "game_id": self.game_id,
                      "what_ifs": list(self.sc.what_ifs),
                      **({"start": self.start} if self.start else {}),
                      **({"reloads": self.reloads} if self.reloads else {}),
                      **({"instructor_pin": self.instructor_pin}
                         if self.instructor_pin else {}),
                      **({"ai_seed": self.ai_seed} if self.ai_seed is not None else {})},
            turns=list(self.turns), instructor=list(self.instructor),
            log=[e.to_dict() for e in self.log.entries],
            label=record.clean_text(self.label, record.MAX_LINE, lines=False)
            if self.label is not None else None)

    def save(self, path: str | Path, *, force: bool = False,
             force_hint: str = "add --force to replace it") -> None:
        """Save the game to `path`. Never over the scenario file it plays, nor (unless
        `force`) over a file that is not a save. Raises SaveError (one line, names the file)."""
        try:
            check_output(path, "save", [self.sc.path, *self.read_from], force, force_hint)
        except OutputRefused as exc:
            raise savefile.SaveError(path, exc.reason) from None
        savefile.write_save(path, self.to_save())


def replay_file(path: Path, **options: Any) -> Session:
    """The game a save file records, replayed on its scenario and what-ifs (see `replay` for
    the options). Raises SaveError or ReplayError (also when its scenario is gone or does not
    load), each one line."""
    from game.scenario.bundled import resolve
    from game.scenario.diagnostics import ScenarioError
    from game.scenario.loader import load_scenario

    save = savefile.read_save(path)
    try:
        sc = load_scenario(resolve(save.scenario.ref), save.settings.get("what_ifs", []))
    except (FileNotFoundError, ScenarioError) as exc:
        why = (str(exc).splitlines() or [type(exc).__name__])[0]
        if options.get("verify", True) and save.sealed is False:
            raise ReplayError(f"{_EDITED} (its scenario cannot be loaded: {why})") from None
        raise ReplayError(f"its scenario {save.scenario.ref!r} cannot be loaded: {why}") from None
    return replay(sc, save, **options)


_EDITED = ("the record was edited after the game saved it: its seal does not match (orders, "
           "rationales, instructor entries, scenario, seed, settings, label or log differ from "
           "what was written)")


def replay(sc: CompiledScenario, save: savefile.SaveGame, *, verify: bool = True,
           until: int | None = None, autosave: bool = False) -> Session:
    """Rebuild a session from a save by replaying its orders from the seed.

    With `verify`, each turn's state checksum must match the replayed state and the save's
    seal its whole record: a mismatch raises ReplayError naming what differs (`verify_note` says
    what an old, unsealed save did not let it check). An order that names something the
    scenario does not have, or that was not legal at its turn, raises ReplayError naming the
    turn, the side and the order, with or without `verify`. `until` stops after that many
    turns (a fork from turn N)."""
    if sc.sha256 != save.scenario.sha256:
        msg = (f"the scenario file has changed since this game was saved (scenario "
               f"{save.scenario.id}, saved sha256 {save.scenario.sha256[:12]}…, now "
               f"{sc.sha256[:12]}…)")
        if verify:
            raise ReplayError(msg)
    if verify and sc.id != save.scenario.id:
        raise ReplayError(f"scenario id: the save names scenario '{save.scenario.id}', but its "
                          f"file is scenario '{sc.id}'")
    settings = save.settings
    specs = (PlayerSpec.parse(settings["players"][0]), PlayerSpec.parse(settings["players"][1]))
    for side, spec in enumerate(specs):
        if spec.kind == "ai" and spec.policy not in POLICIES:
            raise ReplayError(f"settings players [{side}]: there is no AI policy "
                              f"'{spec.policy}' (there are: {', '.join(POLICIES)})")
    start = settings.get("start")
    if start is not None:
        _check_start(sc, start)
    session = Session(sc, save.scenario.ref, save.seed, specs, save.game_index,
                      autosave=autosave, label=save.label, start=start,
                      reloads=list(settings.get("reloads", [])),
                      instructor_pin=settings.get("instructor_pin"),
                      ai_seed=settings.get("ai_seed"),  # None: an older save's AI stream
                      game_id=settings.get("game_id") or savefile.new_game_id())
    if verify and save.upgraded_from is not None:
        session.verify_note = (
            f"it was written in save format {save.upgraded_from}, which has no seal: every "
            "order and every turn's state were checked, but an edit of a rationale, the "
            "label, the settings or the log cannot be detected")
    names = [sc.model.sides[side].name for side in SIDES]
    for entry in save.turns[:until]:
        turn = entry.turn
        if session.over:
            raise ReplayError(f"turn {turn}: the save has orders after the game ended")
        session.restore_instructor(entry.instructor)
        orders = []
        for s in (0, 1):
            try:
                orders.append(from_dict(sc, s, entry.orders[SIDES[s]]))
            except OrderError as exc:
                raise ReplayError(f"turn {turn}: {exc} (in the orders of {SIDES[s]})") from None
            problem = why_illegal(sc, s, orders[s], session.legal(s))
            if problem is not None:
                raise ReplayError(f"turn {turn}: the {names[s]}'s order to {problem[0]} was "
                                  f"not allowed then: {problem[1]}")
        unknown = [e for e in entry.inject if e not in sc.event_ids]
        if unknown:
            raise ReplayError(f"turn {turn} inject: the scenario has no event '{unknown[0]}'")
        session._resolve(orders, tuple(entry.inject))
        session.instructor = []
        got = session.state.checksum()
        if verify and got != entry.checksum:
            raise ReplayError(f"desync at turn {turn} ({sc.date_of(turn)}): the "
                              f"replayed state differs from the saved one (saved "
                              f"{entry.checksum[:12]}…, replayed {got[:12]}…)")
        session.turns.append(entry)
        session.explanations.append({SIDES[s]: (orders[s].rationale or [""])[0]
                                     for s in (0, 1)})
    if until is None or until >= len(save.turns):
        session.restore_instructor(save.instructor)
    if verify and save.sealed is False:  # after the replay, so a desync is named as such
        raise ReplayError(_EDITED)
    return session


def _check_start(sc: CompiledScenario, start: dict[str, Any]) -> None:
    """What the save's schema cannot know: the carried-over items fit this scenario's
    ladders."""
    for item_id, entry in start.get("items", {}).items():
        if item_id not in sc.item_ids:
            continue  # the scenario does not have it: it starts as the scenario says
        top = int(sc.rungs[sc.item_ids.index(item_id)]) - 1
        agreed = entry["agreed_pos"]
        if agreed > top or (entry["status"] == AGREED) != (agreed >= 0):
            raise ReplayError(f"settings start items {item_id} agreed_pos: {agreed} is not "
                              f"an agreed position of that item (its ladder has rungs 0 to "
                              f"{top}, status {entry['status']})")
