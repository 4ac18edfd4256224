"""The scenario file format, version 1, as pydantic models.

These models check the shape of a file (keys, types, ranges). Cross-references between sections
(an event naming an item, a rule naming a posture) and expressions are checked afterwards by
`game.scenario.compile`, which has the whole file in view. `scenarios/schema.json` is generated
from these models, so every field's description is what an author sees in an editor.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT_VERSION = 1
SIDES: tuple[str, str] = ("unc", "communist")

Side = Literal["unc", "communist"]
Ident = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48,
          description="A lower-case identifier: letters, digits and underscores."),
]
Expr = Annotated[
    str,
    Field(min_length=1, max_length=2000,
          description="An expression in the scenario language (see docs/scenario-format.md)."),
]
Number = float | int
NumberOrExpr = Number | Expr
Source = Annotated[
    str,
    Field(min_length=3, max_length=600,
          description="Where this comes from: FRUS volume and document, Hermes chapter and "
                      "page, or another citable work."),
]


class Strict(BaseModel):
    """Every model refuses unknown keys, so a misspelt key is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Calendar(Strict):
    start: dt.date = Field(description="Date of the first turn.")
    end: dt.date = Field(description="The game ends in stalemate when this date is passed.")
    turn_days: int = Field(ge=1, le=92, description="Length of one turn in days.")

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if self.end <= self.start:
            raise ValueError("calendar.end must be after calendar.start")
        return self


class Role(Strict):
    id: Ident
    name: str
    description: str = ""


class SideInfo(Strict):
    name: str = Field(description="The side's name as players see it.")
    short: str = Field(max_length=12, description="A short label for tables.")
    roles: list[Role] = Field(default_factory=list)
    briefing: str = Field(description="What this side's players read before the first turn.")
    objectives: list[str] = Field(default_factory=list)


class Distribution(Strict):
    """A value drawn once per game, so that hidden quantities differ from game to game."""

    uniform: tuple[Number, Number] | None = None
    normal: tuple[Number, Number] | None = Field(
        default=None, description="[mean, standard deviation], clipped to the variable's bounds.")
    choice: list[Number] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> Distribution:
        given = [k for k in ("uniform", "normal", "choice") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of uniform, normal or choice")
        return self


class Variable(Strict):
    label: str
    initial: Number | Distribution = Field(description="Starting value, or a distribution.")
    min: Number = 0
    max: Number = 100
    unit: str = ""
    owner: Literal["unc", "communist", "public", "hidden"] = Field(
        description="Who sees the true value: one side, both (public), or nobody until the "
                    "debrief (hidden).")
    intel_noise: Number | None = Field(
        default=None, ge=0,
        description="For a side-owned variable: the standard deviation of the other side's "
                    "intelligence estimate. Leave out and the other side cannot see it at all.")
    intel_relative: Number = Field(
        default=0, ge=0, le=2,
        description="Added to intel_noise: an error proportional to the true value (0.25 = "
                    "estimates typically 25% off), for counts such as casualties.")
    carry_over: bool = Field(
        default=True, description="In a campaign, take this variable's value from the end of "
                                  "the previous scenario (false: draw it afresh).")
    description: str = ""
    source: Source | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Variable:
        if self.max < self.min:
            raise ValueError("max must not be below min")
        if isinstance(self.initial, int | float) and not self.min <= self.initial <= self.max:
            raise ValueError(f"initial value {self.initial} is outside [{self.min}, {self.max}]")
        if self.owner in ("public", "hidden") and self.intel_noise is not None:
            raise ValueError("intel_noise only applies to a variable owned by one side")
        return self


class Position(Strict):
    id: Ident
    label: str
    value: dict[Side, Number] = Field(
        description="What agreement at this position is worth to each side (score points).")
    tooltip: str = ""
    source: Source | None = None


class PerSide(Strict):
    unc: Ident
    communist: Ident


class Item(Strict):
    id: Ident
    number: int = Field(ge=1, le=20, description="The item's number on the agenda.")
    title: str
    description: str = ""
    positions: list[Position] = Field(
        min_length=2,
        description="The ladder, from the UN Command's ideal (first) to the Communist side's "
                    "ideal (last).")
    start: PerSide = Field(description="Each side's opening position (a position id).")
    authority: PerSide = Field(
        description="The furthest position each delegation may move to without asking its "
                    "higher authority.")
    opens_when: Expr = Field(default="true", description="The item comes up for discussion "
                                                         "once this holds.")
    deadlock_after: int = Field(default=4, ge=1, le=100,
                                description="Turns without movement before the item deadlocks.")
    status: Literal["pending", "open", "agreed"] = Field(
        default="pending", description="Status at the start (items already settled: agreed).")
    agreed_at: Ident | None = Field(default=None, description="For an item agreed at the start: "
                                                               "the agreed position.")
    source: Source | None = None


class Package(Strict):
    id: Ident
    label: str
    terms: dict[Ident, Ident] = Field(
        min_length=2, description="Item id → position id: agreed together or not at all.")
    tooltip: str = ""
    source: Source | None = None


class Agenda(Strict):
    items: list[Item] = Field(min_length=1, max_length=20)
    packages: list[Package] = Field(default_factory=list)


class Talks(Strict):
    site: str = Field(description="Where the delegations meet at the start.")
    status: Literal["session", "recess"] = "session"


class Approval(Strict):
    """A standing rule by which a higher authority answers its delegation's requests."""

    item: Ident
    when: Expr = Field(description="The request is granted if this holds on the answer turn.")
    up_to: Ident = Field(description="The furthest position this rule can ever grant.")
    note: str = ""
    source: Source | None = None


class Authority(Strict):
    name: str = Field(description="Who answers the delegation, e.g. 'Washington (State-JCS)'.")
    delay: int = Field(default=1, ge=1, le=12, description="Turns before an answer arrives.")
    approvals: list[Approval] = Field(default_factory=list)
    source: Source | None = None


class Sector(Strict):
    id: Ident
    label: str
    weight: Number = Field(gt=0, description="Share of the fighting that falls on this sector.")
    front: Ident = Field(description="The variable holding this sector's front line, "
                                     "km north of the 38th parallel.")


class SideFighting(Strict):
    firepower: Number = Field(gt=0, le=10)
    base_losses: Number = Field(ge=0, description="Casualties per 30 days with no attacks.")
    attack_losses: Number = Field(ge=0, description="Extra casualties per 30 days of full "
                                                     "attack against unfortified positions.")
    defence_losses: Number = Field(ge=0, description="Extra casualties per 30 days under full "
                                                      "effective enemy attack.")
    fortify_rate: Number = Field(ge=0, description="Fortification points per 30 days of full "
                                                    "effort.")
    source: Source | None = None


class Fighting(Strict):
    """Parameters of the fighting phase (the formulas are in docs/rules.md)."""

    sectors: list[Sector] = Field(min_length=1, max_length=8)
    unc: SideFighting
    communist: SideFighting
    fortification_halving: Number = Field(
        gt=0, description="Fortification at which an attack achieves half as much.")
    ground_per_turn: Number = Field(ge=0, description="km gained per 30 days by a full, "
                                                      "unopposed effective attack.")
    pressure_decay: Number = Field(ge=0, le=1, description="Share of pressure left after 30 "
                                                           "days.")
    interdiction_supply: Number = Field(ge=0, description="Supply points lost per 30 days of "
                                                          "full interdiction.")
    supply_recovery: Number = Field(ge=0, description="Supply points regained per 30 days.")
    source: Source | None = None


class Posture(Strict):
    id: Ident
    label: str
    tooltip: str = Field(description="What this posture tends to do, shown on the order panel.")
    attack: Number = Field(ge=0, le=1, description="Offensive effort, 0 to 1.")
    interdiction: Number = Field(default=0, ge=0, le=1, description="Air interdiction, 0 to 1.")
    fortify: Number = Field(default=0, ge=0, le=1, description="Digging in, 0 to 1.")
    when: Expr = Field(default="true", description="The posture can be ordered while this "
                                                   "holds (read from the ordering side's view).")


class Postures(Strict):
    unc: list[Posture] = Field(min_length=1)
    communist: list[Posture] = Field(min_length=1)


Effect = dict[str, Any]


class Window(Strict):
    start: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Event(Strict):
    id: Ident
    title: str
    text: str = Field(description="What the news says when the event happens.")
    window: Window = Field(default_factory=Window, description="Dates the event can happen in.")
    when: Expr = Field(default="true", description="Condition, checked each turn in the window.")
    probability: Number | Expr = Field(default=1.0, description="Chance per turn once the "
                                                                "condition holds.")
    repeat: bool = False
    visibility: Literal["public", "unc", "communist", "debrief"] = "public"
    effects: list[Effect] = Field(default_factory=list)
    historical: bool = Field(default=False, description="True for an event that happened: it "
                                                        "needs a source.")
    source: Source | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Event:
        if self.historical and not self.source:
            raise ValueError("a historical event needs a source")
        return self


class PoliticsRule(Strict):
    id: Ident
    when: Expr = "true"
    effects: list[Effect] = Field(min_length=1)
    note: str = Field(default="", description="Why this rule exists (shown in docs and debrief).")
    source: Source | None = None


ItemAction = Literal["hold", "concede", "offer", "accept"]


class Rule(Strict):
    """One decision rule of a side's historical AI. Rules are read top to bottom; for each kind
    of order (posture, talks, each item, each request) the first rule that matches decides."""

    when: Expr = "true"
    posture: Ident | None = None
    talks: Literal["recess", "resume"] | None = None
    item: Ident | None = None
    action: ItemAction | None = None
    position: Ident | None = Field(default=None, description="For offer: the position offered.")
    package: Ident | None = Field(default=None, description="Put this package on the table "
                                                             "(or accept it if the other side "
                                                             "has).")
    request: Ident | None = Field(default=None, description="Ask the higher authority for leave "
                                                            "to go as far as this position on "
                                                            "`item`.")
    probability: Number = Field(default=1.0, ge=0, le=1)
    rationale: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        kinds = [self.posture is not None, self.talks is not None,
                 self.action is not None, self.request is not None, self.package is not None]
        if sum(kinds) != 1:
            raise ValueError("a rule gives exactly one of posture, talks, action, request or "
                             "package")
        if (self.action is not None or self.request is not None) and self.item is None:
            raise ValueError("an action or request rule needs an item")
        if self.action == "offer" and self.position is None:
            raise ValueError("an offer needs a position")
        return self


class Behaviour(Strict):
    unc: list[Rule] = Field(default_factory=list)
    communist: list[Rule] = Field(default_factory=list)


class TimelineEntry(Strict):
    date: dt.date
    side: Literal["unc", "communist", "both"] = "both"
    text: str
    source: Source


class History(Strict):
    timeline: list[TimelineEntry] = Field(default_factory=list)
    agreed: dict[Ident, dt.date] = Field(default_factory=dict,
                                         description="Item id → the real date it was agreed.")
    armistice: dt.date | None = None
    source: Source | None = None


class Outcome(Strict):
    id: Ident
    title: str
    when: Expr
    epilogue: str
    history_note: str = ""
    armistice: bool = Field(default=False, description="Whether this ending is an armistice.")
    at_end: bool = Field(default=False, description="Considered only when the calendar runs "
                                                    "out (e.g. a stalemate).")


class Scoring(Strict):
    unc: Expr
    communist: Expr
    note: str = ""


class WhatIf(Strict):
    id: Ident
    title: str
    description: str
    set: dict[Ident, Number | Distribution] = Field(
        default_factory=dict, description="Variables whose starting value it replaces.")
    disable_events: list[Ident] = Field(default_factory=list)
    replace_rules: dict[Side, list[Rule]] = Field(
        default_factory=dict, description="Rules put before a side's historical rules.")


class Scenario(Strict):
    format: Literal[1] = Field(description="The scenario format version.")
    id: Ident
    title: str
    summary: str
    calendar: Calendar
    sides: dict[Side, SideInfo]
    variables: dict[Ident, Variable]
    agenda: Agenda
    talks: Talks
    authorities: dict[Side, Authority]
    fighting: Fighting
    postures: Postures
    events: list[Event] = Field(default_factory=list)
    politics: list[PoliticsRule] = Field(default_factory=list)
    behaviour: Behaviour = Field(default_factory=Behaviour)
    history: History = Field(default_factory=History)
    outcomes: list[Outcome] = Field(min_length=1)
    scoring: Scoring
    what_ifs: list[WhatIf] = Field(default_factory=list)

    @field_validator("outcomes")
    @classmethod
    def _an_ending_at_the_end(cls, value: list[Outcome]) -> list[Outcome]:
        if not any(o.at_end for o in value):
            raise ValueError("outcomes need one with `at_end: true` for when the calendar runs "
                             "out")
        return value

    @field_validator("sides", "authorities")
    @classmethod
    def _both_sides(cls, value: dict[str, Any]) -> dict[str, Any]:
        missing = [s for s in SIDES if s not in value]
        if missing:
            raise ValueError(f"missing side(s): {', '.join(missing)}")
        return value
