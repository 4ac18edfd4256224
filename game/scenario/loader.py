"""Load a scenario file: YAML with positions → pydantic models → cross-references → compiled.

Every problem found is collected and reported together as ``file:line:col: message``; a file
either loads completely or raises `ScenarioError` with all of its diagnostics.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from game.scenario import effects as fx
from game.scenario.compiled import (
    CompiledApproval,
    CompiledEvent,
    CompiledOutcome,
    CompiledPolitics,
    CompiledRule,
    CompiledScenario,
    SidePostures,
)
from game.scenario.diagnostics import (
    Diagnostic,
    ScenarioError,
    ScenarioRuntimeError,
    did_you_mean,
)
from game.scenario.expr import (
    Compiled,
    ExprError,
    ExprOverflow,
    Names,
    compile_expr,
)
from game.scenario.model import MAX_TURNS, Distribution, Rule, Scenario
from game.scenario.yamlsource import Locator, load_yaml, pydantic_diagnostics
from game.vocab import AGREED, OPEN, PENDING, SIDES

Path_ = tuple[str | int, ...]

# The fighting phase reads and writes these variables; a scenario must declare them.
FIGHTING_VARS = (
    "unc_casualties", "com_casualties", "unc_losses", "com_losses", "unc_fortification",
    "com_fortification", "unc_supply", "com_supply", "unc_pressure", "com_pressure",
)
ACTIONS = {"hold": 0, "concede": 1, "offer": 2, "accept": 3}
TALKS = {"recess": 1, "resume": 2}
NEVER_DAY = 10**9
LAST_YEAR = 9000  # far from date.max (9999), which the turns after the end would pass


def load_scenario(path: str | Path, what_ifs: Iterable[str] = ()) -> CompiledScenario:
    """Read, check and compile a scenario file. Raises ScenarioError with every problem."""
    return load_scenario_text(read_scenario_file(path), str(path), what_ifs)


def read_scenario_file(path: str | Path) -> bytes:
    """A scenario file's bytes; a missing or unreadable file is a ScenarioError."""
    filename = str(path)
    try:
        raw = Path(path).read_bytes() if Path(path).is_file() else None
    except OSError as exc:
        raise ScenarioError([Diagnostic(filename, 1, 1, f"cannot read the file: "
                                                        f"{exc.strerror or exc}")]) from None
    if raw is None:
        what = "is a folder" if Path(path).is_dir() else "does not exist"
        raise ScenarioError([Diagnostic(filename, 1, 1, f"the scenario file {what}")])
    return raw


def load_scenario_text(text: str | bytes, filename: str,
                       what_ifs: Iterable[str] = ()) -> CompiledScenario:
    """Check and compile scenario text (bytes or str) read from `filename`."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    data, locator = load_yaml(raw, filename)
    try:
        model = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(pydantic_diagnostics(exc, locator, filename, Scenario)) from None
    sha = hashlib.sha256(raw).hexdigest()
    return _Compiler(model, locator, filename, sha, tuple(what_ifs)).run()


class _Compiler:
    def __init__(self, model: Scenario, locator: Locator, filename: str, sha: str,
                 what_ifs: tuple[str, ...]) -> None:
        self.m = model
        self.loc = locator
        self.file = filename
        self.sha = sha
        self.what_ifs = what_ifs
        self.diags: list[Diagnostic] = []
        self.sites = [100]
        self.disabled: set[str] = set()  # events turned off by the chosen what-ifs
        self.rule_paths: dict[str, list[tuple[Rule, Path_]]] = {}

    # reporting ---------------------------------------------------------------------------
    def error(self, path: Path_, message: str, key: bool = False) -> None:
        line, col = self.loc.key(path) if key else self.loc.value(path)
        self.diags.append(Diagnostic(self.file, line, col, message))

    def expr_error(self, path: Path_, exc: ExprError) -> None:
        line, col = self.loc.position_in_value(path, exc.col)
        self.diags.append(Diagnostic(self.file, line, col, exc.message))

    def names(self, side: str | None = None, random: bool = False,
              extra: dict[str, Any] | None = None, exact: bool = False,
              authority: bool = False) -> Names:
        """Names for an expression; with a side, only what that side can see (with `exact`,
        only what it knows exactly: its own and public variables, not estimates; with
        `authority`, that and the hidden variables a government keeps to itself)."""
        visible = None
        if side is not None:
            table = self.authority_reads if authority else self.exact if exact else self.visible
            visible = set(table[SIDES.index(side)])
        return Names(
            variables=self.var_index, items=self.item_index, positions=self.positions,
            events=self.event_index, event_visibility=self.event_visibility,
            postures=self.posture_index, side=side, visible=visible,
            random=random, extra=extra or {}, next_site=self.sites)

    def runtime_error(self, path: Path_, exc: ExprOverflow) -> ScenarioRuntimeError:
        """An overflow while playing, at the expression's operator (or the value at `path`)."""
        if exc.col is None:
            line, col = self.loc.value(path)
        else:
            line, col = self.loc.position_in_value(path, exc.col)
        return ScenarioRuntimeError([Diagnostic(self.file, line, col, exc.message)])

    def expr(self, text: str, path: Path_, kind: str, names: Names) -> Compiled:
        try:
            compiled = compile_expr(text, names, kind)  # type: ignore[arg-type]
            if not compiled.arithmetic:
                return compiled
            return dataclasses.replace(
                compiled, locate=lambda exc: self.runtime_error((*path, *exc.path), exc))
        except ExprError as exc:
            self.expr_error(path, exc)
            return compile_expr("false" if kind == "bool" else "0", names, kind)  # type: ignore[arg-type]

    def effects(self, entries: list[dict[str, Any]], path: Path_) -> tuple[fx.Apply, ...]:
        out = []
        names = self.names(random=True)
        for i, entry in enumerate(entries):
            try:
                out.append(self._located(fx.parse_effect(entry, names, self.bounds),
                                         (*path, i, *entry)))
            except fx.EffectError as exc:
                where = (*path, i, *exc.path)
                if exc.col is not None:
                    self.expr_error(where, ExprError(exc.message, exc.col))
                else:
                    self.error(where, exc.message, key=bool(exc.path) and len(exc.path) >= 2
                               and not isinstance(exc.path[-1], int))
        return tuple(out)

    def _located(self, apply: fx.Apply, path: Path_) -> fx.Apply:
        """The effect, its overflows reported at the value at fault below `path`."""

        def run(ctx: Any, mask: np.ndarray) -> None:
            try:
                apply(ctx, mask)
            except ExprOverflow as exc:
                raise self.runtime_error((*path, *exc.path), exc) from None
        return run

    def lookup(self, value: str, table: dict[str, int], what: str, path: Path_) -> int:
        if value in table:
            return table[value]
        self.error(path, f"unknown {what} '{value}'{did_you_mean(value, table)}")
        return 0

    # the passes ----------------------------------------------------------------------------
    def run(self) -> CompiledScenario:
        self._check_calendar(self.m)
        self._check_variables(self.m)
        m = self._apply_what_ifs()
        self._index(m)
        self._check_fighting_vars(m)
        self._check_what_ifs(self.m)
        events = self._events(m)
        politics = [CompiledPolitics(r.id, self.expr(r.when, ("politics", i, "when"), "bool",
                                                     self.names(random=True)),
                                     self.effects(r.effects, ("politics", i, "effects")))
                    for i, r in enumerate(m.politics)]
        items = self._items(m)
        packages = self._packages(m)
        approvals = self._approvals(m)
        postures = self._postures(m)
        rules = (self._rules(m, "unc"), self._rules(m, "communist"))
        outcomes = [CompiledOutcome(i, o.id, self.expr(o.when, ("outcomes", i, "when"), "bool",
                                                       self.names()), o.armistice, o.at_end)
                    for i, o in enumerate(m.outcomes)]
        scoring = tuple(self._scoring(m, side) for side in SIDES)
        self._history(m)
        if self.diags:
            self.diags.sort(key=lambda d: (d.line, d.col))
            raise ScenarioError(self.diags)
        days = (m.calendar.end - m.calendar.start).days
        sectors = m.fighting.sectors
        weights = np.array([s.weight for s in sectors], dtype=np.float64)
        return CompiledScenario(
            model=m, path=self.file, sha256=self.sha, what_ifs=self.what_ifs,
            var_names=list(self.var_index), var_index=self.var_index,
            lo=self.bounds.lo, hi=self.bounds.hi,
            initial=[v.initial for v in m.variables.values()],
            owner=[v.owner for v in m.variables.values()],
            intel_noise=np.array([math.nan if v.intel_noise is None else v.intel_noise
                                  for v in m.variables.values()], dtype=np.float64),
            intel_relative=np.array([v.intel_relative for v in m.variables.values()],
                                    dtype=np.float64),
            item_ids=list(self.item_index), position_ids=[list(p) for p in self.positions.values()],
            **items,
            package_ids=[p.id for p in m.agenda.packages], package_terms=packages,
            authority_delay=(m.authorities["unc"].delay, m.authorities["communist"].delay),
            approvals=approvals, postures=postures,
            sector_ids=[s.id for s in sectors], sector_weights=weights / weights.sum(),
            sector_fronts=[self.var_index.get(s.front, 0) for s in sectors],
            events=events, event_ids=list(self.event_index), politics=politics, rules=rules,
            outcomes=outcomes, scoring=scoring,  # type: ignore[arg-type]
            fighting_vars={v: self.var_index[v] for v in FIGHTING_VARS},
            turns=math.ceil(days / m.calendar.turn_days),
            visible=self.visible,
            sections={name: self.loc.key((name,)) for name in ("fighting",)},
        )

    def _apply_what_ifs(self) -> Scenario:
        m = self.m
        known = {w.id: w for w in m.what_ifs}
        for name in self.what_ifs:
            if name not in known:
                raise ScenarioError([Diagnostic(self.file, *self.loc.key(("what_ifs",)),
                                                f"unknown what-if '{name}'"
                                                f"{did_you_mean(name, known)}; this scenario "
                                                f"has: {', '.join(known) or 'none'}")])
        if not self.what_ifs:
            return m
        variables = dict(m.variables)
        paths = {s: [(r, ("behaviour", s, k)) for k, r in enumerate(getattr(m.behaviour, s))]
                 for s in SIDES}
        index = {w.id: k for k, w in enumerate(m.what_ifs)}
        for name in self.what_ifs:
            w = known[name]
            for var, value in w.set.items():
                if var in variables:
                    variables[var] = variables[var].model_copy(update={"initial": value})
            self.disabled |= set(w.disable_events)
            for side, rules in w.replace_rules.items():
                paths[side] = [*((r, ("what_ifs", index[name], "replace_rules", side, j))
                                 for j, r in enumerate(rules)), *paths[side]]
        self.rule_paths = paths  # each rule keeps the place it was written, for errors
        behaviour = {s: [r for r, _ in paths[s]] for s in SIDES}
        return m.model_copy(update={
            "variables": variables, "behaviour": m.behaviour.model_copy(update=behaviour)})

    def _check_what_ifs(self, m: Scenario) -> None:
        """Every what-if's names must exist, whether or not this game turns it on."""
        for k, w in enumerate(m.what_ifs):
            path: Path_ = ("what_ifs", k)
            for var in w.set:
                if var not in self.var_index:
                    self.error((*path, "set", var), f"unknown variable '{var}'"
                               f"{did_you_mean(var, self.var_index)}", key=True)
            for j, event in enumerate(w.disable_events):
                if event not in self.event_index:
                    self.error((*path, "disable_events", j), f"unknown event '{event}'"
                               f"{did_you_mean(event, self.event_index)}")
            if w.id in self.what_ifs:
                continue  # chosen: its rules are compiled with the side's rules
            saved = self.sites[0]  # checking must not shift the random draws of the game
            for side, rules in w.replace_rules.items():
                self._compile_rules(side, [(r, (*path, "replace_rules", side, j))
                                           for j, r in enumerate(rules)])
            self.sites[0] = saved

    def _check_calendar(self, m: Scenario) -> None:
        turns = math.ceil((m.calendar.end - m.calendar.start).days / m.calendar.turn_days)
        if m.calendar.end.year >= LAST_YEAR:  # the dates of turns past the end must exist
            self.error(("calendar", "end"), f"calendar dates must lie before the year "
                                            f"{LAST_YEAR}")
        elif turns > MAX_TURNS:
            self.error(("calendar", "end"),
                       f"the calendar makes {turns:,} turns of {m.calendar.turn_days} days; a "
                       f"scenario may have at most {MAX_TURNS:,} (end it earlier or make "
                       "turn_days longer)")

    def _check_variables(self, m: Scenario) -> None:
        """Each variable's bounds and initial value, at the value at fault."""
        for name, v in m.variables.items():
            path: Path_ = ("variables", name)
            if v.max < v.min:
                at = "max" if self.loc.exists((*path, "max")) else "min"
                self.error((*path, at), f"max ({v.max:g}) must not be below min ({v.min:g})")
            elif isinstance(v.initial, int | float) and not v.min <= v.initial <= v.max:
                self.error((*path, "initial"), f"initial value {v.initial:g} is outside "
                                               f"[{v.min:g}, {v.max:g}]")
            if v.owner in ("public", "hidden") and v.intel_noise is not None:
                self.error((*path, "intel_noise"), "intel_noise only applies to a variable "
                                                   "owned by one side")
        for k, w in enumerate(m.what_ifs):
            for var, value in w.set.items():
                v = m.variables.get(var)
                if v is not None and isinstance(value, int | float) and not (
                        v.min <= value <= v.max):
                    self.error(("what_ifs", k, "set", var),
                               f"{var} = {value:g} is outside its bounds [{v.min:g}, {v.max:g}]")

    def _index(self, m: Scenario) -> None:
        self.var_index = {name: i for i, name in enumerate(m.variables)}
        lo = np.array([v.min for v in m.variables.values()], dtype=np.float64)
        hi = np.array([v.max for v in m.variables.values()], dtype=np.float64)
        self.bounds = fx.Bounds(lo, hi)
        self.item_index = self._unique([it.id for it in m.agenda.items], ("agenda", "items"),
                                       "agenda item")
        # Each item's own ladder (a duplicate id must not lend its rungs to the original: it
        # is reported once, where it is written), and by id the first item's.
        self.item_tables = [self._unique([p.id for p in it.positions],
                                         ("agenda", "items", i, "positions"), "position")
                            for i, it in enumerate(m.agenda.items)]
        self.positions = {}
        for it, table in zip(m.agenda.items, self.item_tables, strict=True):
            self.positions.setdefault(it.id, table)
        self.event_index = self._unique([e.id for e in m.events], ("events",), "event")
        self.event_visibility = {e.id: e.visibility for e in m.events}
        self.posture_index = {
            side: self._unique([p.id for p in getattr(m.postures, side)], ("postures", side),
                               "posture") for side in SIDES}
        self._unique([o.id for o in m.outcomes], ("outcomes",), "outcome")
        self._unique([w.id for w in m.what_ifs], ("what_ifs",), "what-if")
        visible = []
        for side in SIDES:
            other = "communist" if side == "unc" else "unc"
            visible.append(frozenset(
                name for name, v in m.variables.items()
                if v.owner in (side, "public") or (v.owner == other and v.intel_noise is not None)))
        self.visible = (visible[0], visible[1])
        self.exact = tuple(frozenset(name for name, v in m.variables.items()
                                     if v.owner in (side, "public")) for side in SIDES)
        # A higher authority is part of the world, not a player: it may also read hidden
        # variables (its own temper, drawn per game), never the other side's.
        self.authority_reads = tuple(frozenset(name for name, v in m.variables.items()
                                               if v.owner in (side, "public", "hidden"))
                                     for side in SIDES)
        for i, it in enumerate(m.agenda.items):
            if it.number != i + 1:
                self.error(("agenda", "items", i, "number"),
                           f"items must be numbered in order: expected {i + 1}")

    def _unique(self, ids: list[str], path: Path_, what: str) -> dict[str, int]:
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                self.error((*path, i, "id"), f"duplicate {what} id '{ident}'")
            else:
                seen[ident] = i
        return seen

    def _check_fighting_vars(self, m: Scenario) -> None:
        for name in FIGHTING_VARS:
            if name not in self.var_index:
                self.error(("variables",), f"the fighting phase needs a variable '{name}'",
                           key=True)
        for i, sector in enumerate(m.fighting.sectors):
            if sector.front not in self.var_index:
                self.error(("fighting", "sectors", i, "front"),
                           f"unknown variable '{sector.front}'"
                           f"{did_you_mean(sector.front, self.var_index)}")

    def _events(self, m: Scenario) -> list[CompiledEvent]:
        out = []
        start, end = m.calendar.start, m.calendar.end
        for i, e in enumerate(m.events):
            path: Path_ = ("events", i)
            first = 0 if e.window.start is None else (e.window.start - start).days
            if e.id in self.disabled:
                first = NEVER_DAY  # a what-if turned it off: it keeps its name, never fires
            last = (end - start).days if e.window.to is None else (e.window.to - start).days
            if last < first and e.id not in self.disabled:
                self.error((*path, "window"), "the window ends before it begins")
            if e.id not in self.disabled and (last < 0 or first > (end - start).days):
                self.error((*path, "window"), "the window lies outside the scenario's calendar")
            names = self.names(random=True)
            prob: Compiled | float
            if isinstance(e.probability, str):
                prob = self.expr(e.probability, (*path, "probability"), "num", names)
            else:
                prob = float(e.probability)
                if not 0 <= prob <= 1:
                    self.error((*path, "probability"), "probability must be between 0 and 1")
            self.sites[0] += 1
            out.append(CompiledEvent(
                index=i, id=e.id, first_day=first, last_day=last,
                when=self.expr(e.when, (*path, "when"), "bool", names), probability=prob,
                repeat=e.repeat, visibility=e.visibility,
                effects=self.effects(e.effects, (*path, "effects")), site=self.sites[0]))
        return out

    def _items(self, m: Scenario) -> dict[str, Any]:
        items = m.agenda.items
        n = len(items)
        width = max(len(it.positions) for it in items)
        values = np.zeros((2, n, width))
        start_pos = np.zeros((2, n), dtype=np.int16)
        start_auth = np.zeros((2, n), dtype=np.int16)
        status = np.zeros(n, dtype=np.int8)
        agreed = np.full(n, -1, dtype=np.int16)
        opens = []
        for i, it in enumerate(items):
            path: Path_ = ("agenda", "items", i)
            table = self.item_tables[i]
            for k, p in enumerate(it.positions):
                for s, side in enumerate(SIDES):
                    if side not in p.value:
                        self.error((*path, "positions", k, "value"),
                                   f"missing the value for side '{side}'")
                    values[s, i, k] = p.value.get(side, 0)  # type: ignore[call-overload]
            for s, side in enumerate(SIDES):
                start_pos[s, i] = self.lookup(getattr(it.start, side), table, "position",
                                              (*path, "start", side))
                start_auth[s, i] = self.lookup(getattr(it.authority, side), table, "position",
                                               (*path, "authority", side))
            if start_pos[0, i] > start_pos[1, i] and it.status != "agreed":
                self.error((*path, "start"), "the UN Command's opening position must not be "
                                             "beyond the Communist side's (the ladder runs from "
                                             "the UN Command's ideal to the Communist side's)")
            if start_auth[0, i] < start_pos[0, i]:
                self.error((*path, "authority", "unc"),
                           "the UN Command's authority lies behind its own opening position")
            if start_auth[1, i] > start_pos[1, i]:
                self.error((*path, "authority", "communist"),
                           "the Communist side's authority lies behind its own opening position")
            status[i] = {"pending": PENDING, "open": OPEN, "agreed": AGREED}[it.status]
            if it.status == "agreed":
                if it.agreed_at is None:
                    self.error((*path, "status"), "an item agreed at the start needs agreed_at")
                else:
                    agreed[i] = self.lookup(it.agreed_at, table, "position", (*path, "agreed_at"))
            elif it.agreed_at is not None:
                self.error((*path, "agreed_at"), "agreed_at is only for an item whose status "
                                                 "is agreed")
            opens.append(self.expr(it.opens_when, (*path, "opens_when"), "bool", self.names()))
        self.values = values
        return {
            "values": values, "rungs": np.array([len(it.positions) for it in items]),
            "start_pos": start_pos, "start_auth": start_auth, "start_status": status,
            "start_agreed": agreed, "opens_when": opens,
            "deadlock_after": np.array([it.deadlock_after for it in items], dtype=np.int16),
        }

    def _packages(self, m: Scenario) -> np.ndarray:
        terms = np.full((len(m.agenda.packages), len(m.agenda.items)), -1, dtype=np.int16)
        for k, pkg in enumerate(m.agenda.packages):
            for item_id, pos_id in pkg.terms.items():
                path: Path_ = ("agenda", "packages", k, "terms", item_id)
                if item_id not in self.item_index:
                    self.error(path, f"unknown agenda item '{item_id}'"
                                     f"{did_you_mean(item_id, self.item_index)}", key=True)
                    continue
                terms[k, self.item_index[item_id]] = self.lookup(
                    pos_id, self.positions[item_id], "position", path)
        self.package_index = {p.id: k for k, p in enumerate(m.agenda.packages)}
        return terms

    def _approvals(self, m: Scenario) -> tuple[list[CompiledApproval], list[CompiledApproval]]:
        out: tuple[list[CompiledApproval], list[CompiledApproval]] = ([], [])
        for s, side in enumerate(SIDES):
            for k, a in enumerate(m.authorities[side].approvals):
                path: Path_ = ("authorities", side, "approvals", k)
                item = self.lookup(a.item, self.item_index, "agenda item", (*path, "item"))
                table = self.positions.get(a.item, {})
                up_to = self.lookup(a.up_to, table, "position", (*path, "up_to")) if table else 0
                asked = {"asked": (lambda ctx, s=s, i=item: ctx.req_pos[s, i].astype(np.float64))}
                when = self.expr(a.when, (*path, "when"), "bool",
                                 self.names(side, extra=asked, authority=True))
                out[s].append(CompiledApproval(item, when, up_to))
        return out

    def _postures(self, m: Scenario) -> tuple[SidePostures, SidePostures]:
        out = []
        for side in SIDES:
            ps = getattr(m.postures, side)
            whens = [self.expr(p.when, ("postures", side, k, "when"), "bool",
                               self.names(side, exact=True))
                     for k, p in enumerate(ps)]
            out.append(SidePostures(
                ids=[p.id for p in ps], models=list(ps),
                attack=np.array([p.attack for p in ps], dtype=np.float64),
                interdiction=np.array([p.interdiction for p in ps], dtype=np.float64),
                fortify=np.array([p.fortify for p in ps], dtype=np.float64), when=whens))
        return out[0], out[1]

    def _rules(self, m: Scenario, side: str) -> list[CompiledRule]:
        rules = self.rule_paths.get(side) or [
            (r, ("behaviour", side, k)) for k, r in enumerate(getattr(m.behaviour, side))]
        return self._compile_rules(side, rules)

    def _compile_rules(self, side: str, rules: list[tuple[Rule, Path_]]) -> list[CompiledRule]:
        out = []
        for k, (r, path) in enumerate(rules):
            when = self.expr(r.when, (*path, "when"), "bool", self.names(side))
            self.sites[0] += 1
            common = {"index": k, "when": when, "probability": float(r.probability),
                      "rationale": r.rationale, "site": self.sites[0]}
            if r.posture is not None:
                arg = self.lookup(r.posture, self.posture_index[side], f"{side} posture",
                                  (*path, "posture"))
                out.append(CompiledRule(kind="posture", arg=arg, **common))
            elif r.talks is not None:
                out.append(CompiledRule(kind="talks", arg=TALKS[r.talks], **common))
            elif r.package is not None:
                arg = self.lookup(r.package, self.package_index, "package", (*path, "package"))
                out.append(CompiledRule(kind="package", arg=arg, **common))
            else:
                assert r.item is not None
                item = self.lookup(r.item, self.item_index, "agenda item", (*path, "item"))
                table = self.positions.get(r.item, {})
                if r.request is not None:
                    arg = self.lookup(r.request, table, "position", (*path, "request"))
                    out.append(CompiledRule(kind="request", item=item, arg=arg, **common))
                    continue
                assert r.action is not None
                arg = -1
                if r.action == "offer" and r.position is not None:
                    arg = self.lookup(r.position, table, "position", (*path, "position"))
                out.append(CompiledRule(kind="action", item=item, action=ACTIONS[r.action],
                                        arg=arg, **common))
        return out

    def _scoring(self, m: Scenario, side: str) -> Compiled:
        table = self.values[SIDES.index(side)]

        def settlement(ctx: Any) -> np.ndarray:
            agreed = ctx.status == AGREED
            rung = np.maximum(ctx.agreed_pos, 0).astype(np.intp)
            picked = np.take_along_axis(table, rung, axis=1)
            return np.sum(np.where(agreed, picked, 0.0), axis=0)

        extra = {"settlement": settlement}
        return self.expr(getattr(m.scoring, side), ("scoring", side), "num",
                         self.names(extra=extra))

    def _history(self, m: Scenario) -> None:
        for item_id in m.history.agreed:
            if item_id not in self.item_index:
                self.error(("history", "agreed", item_id), f"unknown agenda item '{item_id}'"
                           f"{did_you_mean(item_id, self.item_index)}", key=True)
        for item_id, pos_id in m.history.agreed_at.items():
            path: Path_ = ("history", "agreed_at", item_id)
            if item_id not in self.item_index:
                self.error(path, f"unknown agenda item '{item_id}'"
                           f"{did_you_mean(item_id, self.item_index)}", key=True)
            else:
                self.lookup(pos_id, self.positions[item_id], "position", path)


def initial_value(spec: float | int | Distribution, u1: np.ndarray, u2: np.ndarray,
                  lo: float, hi: float) -> np.ndarray:
    """Draw a variable's starting values from two uniform arrays."""
    if isinstance(spec, int | float):
        return np.full(u1.shape, float(spec))
    if spec.uniform is not None:
        a, b = spec.uniform
        out = a + (b - a) * u1
    elif spec.normal is not None:
        mean, sd = spec.normal
        out = mean + sd * ((u1 + u2) - 1.0) * 2.449489742783178  # two-uniform approximation
    else:
        assert spec.choice is not None
        options = np.array(spec.choice, dtype=np.float64)
        out = options[np.minimum((u1 * len(options)).astype(np.intp), len(options) - 1)]
    return np.minimum(np.maximum(out, lo), hi)
