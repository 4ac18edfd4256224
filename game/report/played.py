"""Played games as the reports read them: saves replayed into sessions (every problem a one-line
`path: message`), and the facts both reports show — who agreed what when, against history;
each side's orders in words; the decisions that changed something."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game.scenario.bundled import resolve
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import ScenarioError
from game.scenario.loader import load_scenario
from game.scenario.model import Item
from game.session import savefile
from game.session.session import ReplayError, Session, replay
from game.vocab import AGREED, PENDING, SIDES


class ReportError(Exception):
    """Saves a report cannot be made from; `str()` names each file with its problem."""


@dataclass
class PlayedGame:
    """One team's game, replayed from its save (or the live session the window shows)."""

    name: str
    session: Session
    path: Path | None = None

    @property
    def sc(self) -> CompiledScenario:
        return self.session.sc


# -- loading --------------------------------------------------------------------------------
def load_games(paths: Sequence[str | os.PathLike[str]]) -> list[PlayedGame]:
    """Replay every save, verifying each turn. All problems are collected first, so a class
    with three bad files hears about all three at once; nothing on disk is changed."""
    games: list[PlayedGame] = []
    problems: list[str] = []
    compiled: dict[tuple[str, tuple[str, ...]], CompiledScenario] = {}
    saves = []
    for path in paths:
        try:
            saves.append((Path(path), savefile.read_save(path)))
        except savefile.SaveError as exc:
            problems.append(str(exc))
    if problems:
        raise ReportError(_listed(problems))
    ids = {save.scenario.id for _, save in saves}
    if len(ids) > 1:
        lines = [f"{path}: scenario {save.scenario.id}" for path, save in saves]
        raise ReportError("these saves are games of different scenarios, which cannot be "
                          "compared in one report:\n  " + "\n  ".join(lines))
    _one_version(saves)
    for path, save in saves:
        try:
            session = _replayed(path, save, compiled)
        except ReportError as exc:
            problems.append(str(exc))
            continue
        games.append(PlayedGame(team_name(save, path), session, path))
    if problems:
        raise ReportError(_listed(problems))
    _unique_names(games)
    return games


def _one_version(saves: list[tuple[Path, savefile.SaveGame]]) -> None:
    """Games of one scenario id but different file contents (an edited copy) have different
    agendas, variables or rules: the report lays them out by the first game's scenario, so
    they are refused together, grouped by the scenario's content hash, before any replay."""
    versions: dict[str, list[Path]] = {}
    for path, save in saves:
        versions.setdefault(save.scenario.sha256, []).append(path)
    if len(versions) < 2:
        return
    scenario = saves[0][1].scenario.id
    lines = [f"{', '.join(map(str, paths))}: scenario {scenario} as of sha256 {sha[:12]}…"
             for sha, paths in versions.items()]
    raise ReportError(f"these saves are games of {len(versions)} versions of scenario "
                      f"{scenario}:\n  " + "\n  ".join(lines) + "\na class report compares "
                      "games of one version; make one report per version")


def _listed(problems: list[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} saves cannot be read:\n  " + "\n  ".join(problems)


def _replayed(path: Path, save: savefile.SaveGame,
              cache: dict[tuple[str, tuple[str, ...]], CompiledScenario]) -> Session:
    what_ifs = save.settings.get("what_ifs", [])
    if not isinstance(what_ifs, list) or not all(isinstance(w, str) for w in what_ifs):
        raise ReportError(f"{path}: the save's what-ifs are not a list of names")
    key = (save.scenario.ref, tuple(what_ifs))
    if key not in cache:
        try:
            cache[key] = load_scenario(resolve(save.scenario.ref), what_ifs)
        except FileNotFoundError as exc:
            raise ReportError(f"{path}: its scenario cannot be found ({exc})") from None
        except ScenarioError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "it does not load"
            raise ReportError(f"{path}: its scenario does not load ({first})") from None
    try:
        return replay(cache[key], save, verify=True)
    except ReplayError as exc:
        raise ReportError(f"{path}: {exc}") from None
    except Exception as exc:  # a hand-edited save can reach corners replay does not name
        raise ReportError(f"{path}: cannot be replayed ({type(exc).__name__}: {exc})") from None


def team_name(save: savefile.SaveGame, path: Path | None) -> str:
    """The save's own name for the game (its label), else the file's name."""
    if save.label and save.label.strip():
        return save.label.strip()
    return path.stem if path is not None else "this game"


def _unique_names(games: list[PlayedGame]) -> None:
    seen: dict[str, int] = {}
    for g in games:
        seen[g.name] = seen.get(g.name, 0) + 1
        if seen[g.name] > 1:
            g.name = f"{g.name} ({seen[g.name]})"


# -- the calendar ---------------------------------------------------------------------------
def series_dates(session: Session) -> list[dt.date]:
    """The date of each entry of `session.series` (the start, then the end of every turn)."""
    return [session.sc.date_of(k) for k in range(len(session.series))]


def end_date(session: Session) -> dt.date:
    """The turn the game ended in, or the turn it has reached."""
    end = int(session.state.end_turn[0])
    return session.sc.date_of(end if end >= 0 else session.turn)


def column(session: Session, var: str) -> np.ndarray:
    """A variable's true value over time, or NaN where the scenario has no such variable."""
    data = np.array(session.series)
    if var not in session.sc.var_index:
        return np.full(len(session.series), math.nan)
    return data[:, session.sc.var_index[var]]


def front(session: Session) -> np.ndarray:
    """The front averaged over sectors by their weights: km north of the 38th parallel."""
    sc = session.sc
    data = np.array(session.series)[:, sc.sector_fronts]
    return data @ (sc.sector_weights / sc.sector_weights.sum())


def step_points(session: Session, values: Sequence[float]) -> tuple[list[dt.date], list[float]]:
    """Values of the table after each turn, placed on the date of the turn that produced them
    (the date the log gives the move) and held to the end of the last turn."""
    sc = session.sc
    turns = len(values) - 1
    dates = [sc.date_of(0), *(sc.date_of(t) for t in range(turns)), sc.date_of(turns)]
    return dates, [*values, values[-1]]


def recess_bands(session: Session) -> list[tuple[dt.date, dt.date]]:
    """The turns that ended with the talks in recess, dated as the log dates the recess."""
    sc, bands = session.sc, []
    for k, snap in enumerate(session.table[1:]):
        if snap.recess:
            a, b = sc.date_of(k), sc.date_of(k + 1)
            if bands and bands[-1][1] == a:
                a = bands.pop()[0]
            bands.append((a, b))
    return bands


# -- the agenda against history ---------------------------------------------------------------
@dataclass(frozen=True)
class ItemResult:
    item: Item
    date: dt.date | None  # when this game agreed it (None: not agreed)
    terms: str  # the agreed position's label
    before_start: bool  # agreed before this scenario's first turn
    history: dt.date | None

    def difference(self) -> str:
        """This game's date against history, in words."""
        if self.date is None or self.history is None or self.before_start:
            return ""
        days = (self.date - self.history).days
        if abs(days) < 8:
            return "as in history"
        span = _span(abs(days))
        return f"{span} earlier" if days < 0 else f"{span} later"


def _span(days: int) -> str:
    if days < 60:
        weeks = round(days / 7)
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    months = round(days / 30.4)
    return f"{months} months"


def item_results(session: Session) -> list[ItemResult]:
    sc, st = session.sc, session.state
    out = []
    for i, item in enumerate(sc.model.agenda.items):
        agreed = st.status[i, 0] == AGREED
        before = bool(session.table[0].status[i] == AGREED)
        rung = int(st.agreed_pos[i, 0])
        out.append(ItemResult(
            item, sc.date_of(int(st.agreed_turn[i, 0])) if agreed else None,
            item.positions[rung].label if agreed and rung >= 0 else "", before,
            sc.model.history.agreed.get(item.id)))
    return out


def item_positions(session: Session, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Each side's rung on item i over time (NaN before the item comes up)."""
    pos = np.array([snap.pos[:, i] for snap in session.table], dtype=float)  # (T, 2)
    pending = np.array([snap.status[i] == PENDING for snap in session.table])
    pos[pending] = math.nan
    return pos[:, 0], pos[:, 1]


def agreed_count(session: Session) -> np.ndarray:
    return np.array([int(np.sum(snap.status == AGREED)) for snap in session.table], dtype=float)


# -- orders in words --------------------------------------------------------------------------
def describe_orders(sc: CompiledScenario, side: str, orders: dict[str, Any],
                    previous: dict[str, Any] | None = None) -> list[str]:
    """A side's orders for one turn as short phrases; with `previous`, only what changed or
    acted (a new posture, a move at the table): the turn's key decisions."""
    model = sc.model
    phrases = []
    postures = {p.id: p.label for p in getattr(model.postures, side)}
    posture = str(orders.get("posture", ""))
    if previous is None or posture != previous.get("posture"):
        phrases.append(postures.get(posture, posture) or "no posture")
    talks = orders.get("talks")
    if talks == "recess":
        phrases.append("calls a recess of the talks")
    elif talks == "resume":
        phrases.append("ends the recess")
    package = orders.get("package")
    if package:
        labels = {p.id: p.label for p in model.agenda.packages}
        phrases.append(f"puts forward the package: {labels.get(str(package), package)}")
    items = orders.get("items") or {}
    authority = model.authorities[side].name.split(" (")[0]
    for item in model.agenda.items:
        entry = items.get(item.id) if isinstance(items, dict) else None
        if not isinstance(entry, dict):
            continue
        labels = {p.id: p.label for p in item.positions}
        action = entry.get("action")
        where = f"item {item.number}"
        if action == "concede":
            phrases.append(f"{where}: concedes a step")
        elif action == "offer":
            offered = labels.get(str(entry.get("position")), entry.get("position"))
            phrases.append(f"{where}: offers “{offered}”")
        elif action == "accept":
            phrases.append(f"{where}: accepts the other side's terms")
        if "request" in entry:
            asked = labels.get(str(entry["request"]), entry["request"])
            phrases.append(f"{where}: asks {authority} for leave to go to “{asked}”")
    inject = orders.get("inject")
    if isinstance(inject, list) and inject:
        titles = {e.id: e.title for e in model.events}
        phrases.append("the instructor injects: "
                       + ", ".join(titles.get(str(e), str(e)) for e in inject))
    return phrases


@dataclass(frozen=True)
class Decision:
    turn: int
    date: dt.date
    side: str
    phrases: list[str]
    why: str
    ai: bool


def key_decisions(session: Session) -> list[Decision]:
    """Per turn and side, the orders that changed something (a posture change, a move at the
    table, a recess, a request), with the reason given."""
    sc = session.sc
    out = []
    previous: dict[str, dict[str, Any] | None] = {s: None for s in SIDES}
    for record in session.turns:
        for s, side in enumerate(SIDES):
            orders = record.orders[side]
            if side == "unc" and record.inject:  # the instructor's injections, told once
                orders = {**orders, "inject": record.inject}
            phrases = describe_orders(sc, side, orders, previous[side])
            previous[side] = orders
            if phrases:
                out.append(Decision(record.turn, sc.date_of(record.turn), side, phrases,
                                    str(orders.get("rationale", "")), not session.is_human(s)))
    return out


def side_name(sc: CompiledScenario, side: str) -> str:
    """What the scenario calls a side ("United Nations Command")."""
    return sc.model.sides[side].name


def side_short(sc: CompiledScenario, side: str) -> str:
    """The scenario's short name for a side, for tables and legends ("UNC")."""
    return sc.model.sides[side].short


def players_text(session: Session) -> str:
    names = []
    for s, side in enumerate(SIDES):
        p = session.players[s]
        who = "a team" if p.kind == "human" else f"the AI ({p.policy})"
        names.append(f"{side_name(session.sc, side)}: {who}")
    return "; ".join(names)


def what_ifs_text(sc: CompiledScenario) -> str:
    titles = {w.id: w.title for w in sc.model.what_ifs}
    return ", ".join(titles.get(w, w) for w in sc.what_ifs) or "none (the historical opening)"


def fmt_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""
