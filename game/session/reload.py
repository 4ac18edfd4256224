"""Live reload: the game in progress rebuilt on an edited scenario file.

An instructor edits the YAML while the game is open. If the new file validates, the game is
rebuilt on it — same seed, game index, players, campaign start, and the what-ifs the file still
defines — and the recorded orders are replayed up to the current turn. Orders that name
something the file no longer has are dropped, and orders no longer legal become holding (as the
engine would do anyway), so the record says what was really played; each such change is noted
for the debrief only, since it names a side's orders. The rebuilt session records fresh
checksums and the new scenario's SHA-256, so its next save replays exactly. If the file does not
validate, nothing changes and the diagnostics say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.engine.orders import OrderError, Orders, from_dict, sanitize
from game.engine.orders import to_dict as orders_to_dict
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.loader import load_scenario_text
from game.scenario.watch import MISSING, Change
from game.session.session import Session
from game.vocab import ACTION_NAMES, SIDES, TALKS_NAMES

SIDE_NAMES = ("UN Command", "Communist side")


class CarryOverError(Exception):
    """A campaign game's start (from an earlier scenario) does not fit the edited file."""


@dataclass
class Reloaded:
    """The game rebuilt on the new file."""

    session: Session
    turns_before: int  # turns the game had been played
    diverged_at: int | None  # first turn (0-based) whose outcome differs; None: none does
    adjusted: list[str] = field(default_factory=list)  # orders changed, one line each
    stopped: str = ""  # why the replay stopped short of the turn reached, if it did
    dropped_what_ifs: list[str] = field(default_factory=list)

    @property
    def ended_early(self) -> bool:
        return self.session.over and self.session.turn < self.turns_before


@dataclass
class Rejected:
    """The file does not validate (or cannot be read): the game goes on unchanged."""

    diagnostics: list[Diagnostic]


@dataclass
class Unchanged:
    """The file is back to the very content the game is playing."""


Outcome = Reloaded | Rejected | Unchanged


def reload_session(session: Session, change: Change, filename: str) -> Outcome:
    """Decide what an edit to the scenario file means for the game in progress."""
    if change.data is None:
        reason = ("the scenario file does not exist" if change.problem == MISSING
                  else f"cannot read the file: {change.problem}")
        return Rejected([Diagnostic(filename, 1, 1, reason)])
    if change.sha256 == session.sc.sha256:
        return Unchanged()
    try:
        plain = load_scenario_text(change.data, filename)
        known = {w.id for w in plain.model.what_ifs}
        kept = [w for w in session.sc.what_ifs if w in known]
        sc = load_scenario_text(change.data, filename, kept) if kept else plain
    except ScenarioError as exc:
        return Rejected(exc.diagnostics)
    try:
        result = rebuild(session, sc)
    except CarryOverError as exc:
        return Rejected([Diagnostic(filename, 1, 1, "the game's start, carried over from an "
                                    f"earlier scenario, no longer fits this file: {exc}")])
    result.dropped_what_ifs = [w for w in session.sc.what_ifs if w not in known]
    return result


def rebuild(old: Session, sc: CompiledScenario) -> Reloaded:
    """Replay `old`'s recorded orders on `sc` up to the turn `old` has reached."""
    try:
        new = Session(sc, old.ref, old.seed, old.players, old.game_index, autosave=False,
                      label=old.label, start=old.start, reloads=list(old.reloads),
                      instructor_pin=old.instructor_pin, ai_seed=old.ai_seed,
                      game_id=old.game_id)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if not old.start:
            raise
        raise CarryOverError(str(exc)) from None
    result = Reloaded(new, len(old.turns), None)
    unplayed = list(old.turns)
    for record in old.turns:
        if new.over:
            title = new.outcome.title if new.outcome else "the game is over"
            result.stopped = f"the game now ends after turn {new.turn} ({title})"
            break
        unplayed.pop(0)
        new.restore_instructor(record.instructor)  # the instructor's inputs go on as they were
        try:
            for s in (0, 1):
                new.submit(s, fit_orders(new, s, record.orders[SIDES[s]], record.turn,
                                         result.adjusted))
        except (OrderError, KeyError) as exc:
            result.stopped = f"turn {record.turn + 1} could not be replayed: {exc}"
            new.pending = [None, None]
            break
        wanted = record.inject
        inject = tuple(e for e in wanted if e in sc.event_ids)
        for gone in (e for e in wanted if e not in sc.event_ids):
            result.adjusted.append(f"turn {record.turn + 1}: the injected event '{gone}' is "
                                   "no longer in the scenario")
        new.advance(inject=inject)
        if result.diverged_at is None and new.turns[-1].checksum != record.checksum:
            result.diverged_at = record.turn
    for record in unplayed:  # the instructor's inputs of turns no longer played are kept
        new.restore_instructor(record.instructor)
    new.restore_instructor(old.instructor)
    if new.turn == old.turn and not new.over:  # orders already given this turn still stand
        for s, given in enumerate(old.pending):
            if given is not None:
                data = orders_to_dict(old.sc, s, given)
                new.submit(s, fit_orders(new, s, data, new.turn, result.adjusted))
    _record(new, old, result)
    new.autosave = old.autosave
    return result


def fit_orders(session: Session, side: int, data: dict[str, Any], turn: int,
               notes: list[str]) -> Orders:
    """One side's recorded orders as orders for the new scenario in the current state: what
    the file no longer has is dropped, what is no longer legal becomes holding. Every change
    is appended to `notes` (they name the side's orders: for the debrief only)."""
    sc = session.sc
    who = f"turn {turn + 1}, {SIDE_NAMES[side]}"
    kept, gone = _names_still_there(sc, side, data)
    notes.extend(f"{who}: {g}" for g in gone)
    given = from_dict(sc, side, kept)
    legal_now = session.legal(side)
    fitted = sanitize(given, legal_now, side)
    notes.extend(f"{who}: {d}" for d in _differences(sc, side, given, fitted))
    return fitted


def _names_still_there(sc: CompiledScenario, side: int,
                       data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The orders without what names a posture, package, item or position now gone."""
    gone: list[str] = []
    kept = {k: v for k, v in data.items() if k not in ("posture", "package", "items")}
    posture = data.get("posture")
    if posture is not None:
        if posture in sc.postures[side].ids:
            kept["posture"] = posture
        else:
            gone.append(f"the posture '{posture}' is no longer in the scenario")
    package = data.get("package")
    if package is not None:
        if package in sc.package_ids:
            kept["package"] = package
        else:
            gone.append(f"the package '{package}' is no longer in the scenario")
    items = data.get("items", {})
    if not isinstance(items, dict):
        return kept, gone
    fitted: dict[str, Any] = {}
    for item_id, entry in items.items():
        if item_id not in sc.item_ids:
            gone.append(f"the agenda item '{item_id}' is no longer in the scenario")
            continue
        if not isinstance(entry, dict):
            fitted[item_id] = entry  # from_dict explains what is wrong with it
            continue
        positions = sc.position_ids[sc.item_ids.index(item_id)]
        entry = dict(entry)
        if entry.get("action") == "offer" and entry.get("position") not in positions:
            gone.append(f"the offer of '{entry.get('position')}' on '{item_id}': no such "
                        "position now")
            entry.pop("action")
            entry.pop("position", None)
        if "request" in entry and entry["request"] not in positions:
            gone.append(f"the request for '{entry['request']}' on '{item_id}': no such "
                        "position now")
            entry.pop("request")
        if entry:
            fitted[item_id] = entry
    if fitted:
        kept["items"] = fitted
    return kept, gone


def _differences(sc: CompiledScenario, side: int, given: Orders, fitted: Orders) -> list[str]:
    """What sanitizing changed, in words."""
    out: list[str] = []
    ids = sc.postures[side].ids
    if given.posture[0] != fitted.posture[0]:
        out.append(f"the posture '{ids[int(given.posture[0])]}' is not allowed now; "
                   f"'{ids[int(fitted.posture[0])]}' instead")
    if given.talks[0] != fitted.talks[0]:
        out.append(f"'{TALKS_NAMES[int(given.talks[0])]}' at the talks is not possible now")
    if given.package[0] != fitted.package[0]:
        out.append(f"the package '{sc.package_ids[int(given.package[0])]}' cannot be put on "
                   "the table now")
    for i in np.flatnonzero(given.action[:, 0] != fitted.action[:, 0]):
        out.append(f"'{ACTION_NAMES[int(given.action[i, 0])]}' on '{sc.item_ids[i]}' is not "
                   "legal now; held instead")
    for i in np.flatnonzero(given.request[:, 0] != fitted.request[:, 0]):
        out.append(f"the request on '{sc.item_ids[i]}' cannot be made now")
    return out


def _record(new: Session, old: Session, result: Reloaded) -> None:
    """Keep, in the save and the debrief, that the game was rebuilt on another file."""
    new.reloads.append({
        "turn": new.turn, "sha256": new.sc.sha256, "previous_sha256": old.sc.sha256,
        "diverged_from_turn": result.diverged_at, "adjusted_orders": len(result.adjusted)})
    differs = ("the turns played came out the same" if result.diverged_at is None
               else f"from turn {result.diverged_at + 1} on the game differs from the one played")
    new.record_instructor("reload", f"The scenario file {new.sc.path} was edited and "
                          f"reloaded at turn {new.turn + 1}; {differs}.")
    for note in result.adjusted:
        new.record_instructor("reload", f"Reload: {note}.")
    if result.stopped:
        new.record_instructor("reload", f"Reload: {result.stopped}.")
