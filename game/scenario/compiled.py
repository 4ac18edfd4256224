"""A loaded, checked scenario in the form the engine runs: indices instead of names, arrays of
parameters, and compiled expressions and effects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.scenario.effects import Apply
from game.scenario.expr import Compiled
from game.scenario.model import Posture, Scenario


@dataclass(frozen=True)
class CompiledEvent:
    index: int
    id: str
    first_day: int  # window in days since the start (inclusive)
    last_day: int
    when: Compiled
    probability: Compiled | float
    repeat: bool
    visibility: str
    effects: tuple[Apply, ...]
    site: int  # randomness site for the probability draw


@dataclass(frozen=True)
class CompiledPolitics:
    id: str
    when: Compiled
    effects: tuple[Apply, ...]


@dataclass(frozen=True)
class CompiledRule:
    """One behaviour rule; kind is 'posture', 'talks', 'package', 'action' or 'request'."""

    index: int
    kind: str
    when: Compiled
    probability: float
    item: int = -1
    action: int = 0
    arg: int = -1  # posture index, talks code, position rung or package index
    rationale: str = ""
    site: int = 0


@dataclass(frozen=True)
class CompiledApproval:
    item: int
    when: Compiled
    up_to: int


@dataclass(frozen=True)
class CompiledOutcome:
    index: int
    id: str
    when: Compiled
    armistice: bool
    at_end: bool


@dataclass
class SidePostures:
    ids: list[str]
    models: list[Posture]
    attack: np.ndarray
    interdiction: np.ndarray
    fortify: np.ndarray
    when: list[Compiled]


@dataclass
class CompiledScenario:
    """Everything the engine needs, indexed. `model` keeps the validated file for texts."""

    model: Scenario
    path: str
    sha256: str
    what_ifs: tuple[str, ...]
    var_names: list[str]
    var_index: dict[str, int]
    lo: np.ndarray
    hi: np.ndarray
    initial: list[Any]  # per variable: a number or a Distribution
    owner: list[str]
    intel_noise: np.ndarray  # NaN where the other side cannot see the variable
    intel_relative: np.ndarray  # error proportional to the true value
    item_ids: list[str]
    position_ids: list[list[str]]
    values: np.ndarray  # (2, items, max rungs): what agreement at each rung is worth
    rungs: np.ndarray  # (items,) number of positions per item
    start_pos: np.ndarray  # (2, items)
    start_auth: np.ndarray  # (2, items)
    start_status: np.ndarray  # (items,)
    start_agreed: np.ndarray  # (items,) rung or -1
    opens_when: list[Compiled]
    deadlock_after: np.ndarray
    package_ids: list[str]
    package_terms: np.ndarray  # (packages, items): rung, or -1 where the package is silent
    authority_delay: tuple[int, int]
    approvals: tuple[list[CompiledApproval], list[CompiledApproval]]
    postures: tuple[SidePostures, SidePostures]
    sector_ids: list[str]
    sector_weights: np.ndarray
    sector_fronts: list[int]
    events: list[CompiledEvent]
    event_ids: list[str]
    politics: list[CompiledPolitics]
    rules: tuple[list[CompiledRule], list[CompiledRule]]
    outcomes: list[CompiledOutcome]
    scoring: tuple[Compiled, Compiled]
    fighting_vars: dict[str, int]
    turns: int
    visible: tuple[frozenset[str], frozenset[str]] = field(default=(frozenset(), frozenset()))
    # Where top-level sections are written, for a run-time error no expression owns (the
    # fighting phase's arithmetic overflowing on its parameters).
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def start(self) -> dt.date:
        return self.model.calendar.start

    @property
    def turn_days(self) -> int:
        return self.model.calendar.turn_days

    def date_of(self, turn: int) -> dt.date:
        """The date on which a turn begins."""
        return self.start + dt.timedelta(days=turn * self.turn_days)

    def turn_of(self, date: dt.date) -> int:
        """The turn during which a date falls."""
        return (date - self.start).days // self.turn_days
