"""The scenario file format, version 1, as pydantic models.

These models check the shape of a file (keys, types, ranges). Cross-references between sections
(an event naming an item, a rule naming a posture) and expressions are checked afterwards by
`game.scenario.compile`, which has the whole file in view. `scenarios/schema.json` is generated
from these models, so every field's description is what an author sees in an editor.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from game.vocab import SIDES, ActionName, Side

FORMAT_VERSION = 1

# Sizes that reach the engine's arrays (rungs, postures and packages are stored as int16, the
# turn in int16) and its random sites: far above any real scenario, far below an overflow.
MAX_TURNS = 1000
MAX_POSITIONS = 50
MAX_PACKAGES = 100
MAX_POSTURES = 50
MAX_VARIABLES = 500
MAX_EVENTS = 1000
MAX_RULES = 1000
MAX_OUTCOMES = 100
MAX_WHAT_IFS = 100
Ident = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=48,
          description="A lower-case identifier: letters, digits and underscores."),
]
Expr = Annotated[
    str,
    Field(min_length=1, max_length=2000,
          description="An expression in the scenario language (see docs/scenario-authoring.md): "
                      "a condition or a number."),
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


LintName = Literal["never_happens", "never_reached", "unreachable", "unread", "rare"]


class LintSettings(Strict):
    """Lint warnings `armistice validate` should not give for this entry, because what they
    point at is deliberate: `lint: {ignore: [rare]}` on an ending that is rare by design."""

    ignore: list[LintName] = Field(
        min_length=1,
        description="`never_happens` (events), `never_reached` (outcomes), `unreachable` "
                    "(positions, items that never come up), `unread` (variables), or `rare`: "
                    "what the simulation never saw but the rules allow.")


class Calendar(Strict):
    """The game's dates. The number of turns is (end - start) / turn_days, rounded up, and
    at most 1,000; the dates lie before the year 9000."""

    start: dt.date = Field(description="Date of the first turn.")
    end: dt.date = Field(description="The game ends with an `at_end` outcome when this date is "
                                      "passed. Must be after `start`.")
    turn_days: int = Field(ge=1, le=92, description="Length of one turn in days.")

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if isinstance(start, dt.date) and end <= start:
            raise ValueError(f"calendar.end must be after calendar.start ({start.isoformat()})")
        return end


class Role(Strict):
    """One of the people or bodies a side's team can split between (in class, a group each)."""

    id: Ident = Field(description="The role's id.")
    name: str = Field(description="The person or body, as players see it.")
    description: str = Field(default="", description="What this role does.")


class SideInfo(Strict):
    """One side. The keys of `sides` are always `unc` and `communist`, whatever the sides are
    called in a scenario: `name` and `short` are what players read."""

    name: str = Field(description="The side's name as players see it.")
    short: str = Field(max_length=12, description="A short label for tables.")
    roles: list[Role] = Field(default_factory=list,
                              description="The people a team can split between.")
    briefing: str = Field(description="What this side's players read before the first turn.")
    objectives: list[str] = Field(default_factory=list,
                                  description="What the side wants, shown with the briefing.")


class Distribution(Strict):
    """A value drawn once per game, so that hidden quantities differ from game to game. Give
    exactly one of `uniform`, `normal` or `choice`."""

    uniform: tuple[Number, Number] | None = Field(
        default=None, description="[low, high]: uniform between the two.")
    normal: tuple[Number, Number] | None = Field(
        default=None,
        description="[mean, standard deviation]: bell-shaped (from two uniforms, so never "
                    "beyond 2.45 standard deviations), clipped to the variable's bounds.")
    choice: list[Number] | None = Field(default=None, min_length=1,
                                        description="One of the values, each equally likely.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Distribution:
        given = [k for k in ("uniform", "normal", "choice") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of uniform, normal or choice")
        return self


class Variable(Strict):
    """A quantity the game tracks. The key in `variables` is the name expressions use."""

    label: str = Field(description="Shown to players.")
    initial: Number | Distribution = Field(description="Starting value, or a distribution.")
    min: Number = Field(default=0, description="Lower bound; every change is kept within the "
                                                "bounds.")
    max: Number = Field(default=100, description="Upper bound (not below `min`).")
    unit: str = Field(default="", description="Shown after the value (`%`, `km`).")
    owner: Literal["unc", "communist", "public", "hidden"] = Field(
        description="Who sees the true value: one side, both (public), or nobody until the "
                    "debrief (hidden).")
    intel_noise: Number | None = Field(
        default=None, ge=0,
        description="For a side-owned variable: the standard deviation of the other side's "
                    "intelligence estimate. Leave it out and the other side cannot see the "
                    "variable at all.")
    intel_relative: Number = Field(
        default=0, ge=0, le=2,
        description="Added to intel_noise: an error proportional to the true value (0.25 = "
                    "estimates typically 25% off), for counts such as casualties. No effect "
                    "without intel_noise; for a purely proportional error write intel_noise: 0.")
    carry_over: bool = Field(
        default=True, description="In a campaign, take this variable's value from the end of "
                                  "the previous scenario (false: draw it afresh).")
    description: str = Field(default="", description="A longer explanation, shown with the "
                                                     "value.")
    source: Source | None = Field(default=None, description="Where the starting value or its "
                                                            "meaning comes from.")
    lint: LintSettings | None = Field(default=None, description="Lint warnings to leave out.")

    # The bounds, the initial value and intel_noise against the owner are checked by the
    # loader, which can point at the value at fault (a model validator could only point at
    # the variable).


class Position(Strict):
    """One rung of an item's ladder."""

    id: Ident = Field(description="Unique within the item.")
    label: str = Field(description="Shown to players.")
    value: dict[Side, Number] = Field(
        description="What agreement at this position is worth to each side (score points); "
                    "both `unc` and `communist` are required.")
    tooltip: str = Field(default="", description="Shown when a player points at the position.")
    source: Source | None = Field(default=None, description="Where this position comes from "
                                                            "(e.g. the proposal that tabled "
                                                            "it).")
    lint: LintSettings | None = Field(default=None, description="Lint warnings to leave out.")


class PerSide(Strict):
    """A position id of the item for each side."""

    unc: Ident = Field(description="The `unc` side's position (a position id of the item).")
    communist: Ident = Field(description="The `communist` side's position (a position id of "
                                         "the item).")


class Item(Strict):
    """An agenda item: a ladder of positions from the `unc` side's ideal (first) to the
    `communist` side's (last), and where each side starts on it."""

    id: Ident = Field(description="The item's id, used in expressions, rules and packages.")
    number: int = Field(ge=1, le=20, description="The item's number on the agenda; items are "
                                                 "numbered 1, 2, 3 ... in the order written.")
    title: str = Field(description="Shown to players.")
    description: str = Field(default="", description="What the item is about.")
    positions: list[Position] = Field(
        min_length=2, max_length=MAX_POSITIONS,
        description="The ladder, from the `unc` side's ideal (first) to the `communist` "
                    "side's ideal (last).")
    start: PerSide = Field(description="Each side's opening position. The `unc` side's must "
                                     "not lie beyond the `communist` side's.")
    authority: PerSide = Field(
        description="The furthest position each delegation may move to without asking its "
                    "higher authority; not behind the side's own opening position.")
    opens_when: Expr = Field(default="true", description="Condition: the item comes up for "
                                                         "discussion once this holds (with the "
                                                         "talks in session).")
    deadlock_after: int = Field(default=4, ge=1, le=100,
                                description="Turns without movement before the item deadlocks.")
    status: Literal["pending", "open", "agreed"] = Field(
        default="pending", description="Status at the start (an item settled before the scenario "
                          "begins: agreed, with agreed_at).")
    agreed_at: Ident | None = Field(default=None, description="For an item agreed at the start: "
                                                               "the agreed position.")
    source: Source | None = Field(default=None, description="Where this comes from.")
    lint: LintSettings | None = Field(default=None, description="Lint warnings to leave out.")


class Package(Strict):
    """Positions on several items, offered and agreed together or not at all."""

    id: Ident = Field(description="The package's id, used in rules and orders.")
    label: str = Field(description="Shown to players.")
    terms: dict[Ident, Ident] = Field(
        min_length=2, description="Item id → position id: agreed together or not at all.")
    tooltip: str = Field(default="", description="Shown when a player points at the package.")
    source: Source | None = Field(default=None, description="Where this comes from.")


class Agenda(Strict):
    items: list[Item] = Field(min_length=1, max_length=20,
                              description="The agenda, in order.")
    packages: list[Package] = Field(default_factory=list, max_length=MAX_PACKAGES,
                                    description="Positions on several "
                                                                      "items, agreed together "
                                                                      "or not at all.")


class Talks(Strict):
    site: str = Field(description="Where the delegations meet at the start.")
    status: Literal["session", "recess"] = Field(
        default="session", description="At the start: in session, or in a recess (which either "
                                       "side can end).")


class Approval(Strict):
    """A standing rule by which a higher authority answers its delegation's requests."""

    item: Ident = Field(description="The agenda item this rule answers requests on.")
    when: Expr = Field(description="Condition: the request is granted if this holds on the "
                                   "answer turn. May also use `asked`, the rung requested.")
    up_to: Ident = Field(description="The furthest position this rule can ever grant.")
    note: str = Field(default="", description="Why the authority answers this way (shown in "
                                              "the debrief).")
    source: Source | None = Field(default=None, description="Where this comes from.")


class Authority(Strict):
    """A side's higher authority: it answers the delegation's requests for more room."""

    name: str = Field(description="Who answers the delegation, e.g. 'Washington (State-JCS)'.")
    delay: int = Field(default=1, ge=1, le=12,
                       description="Turns before an answer arrives; 1 = before the next "
                                   "turn's orders.")
    approvals: list[Approval] = Field(
        default_factory=list, description="Standing rules by which the authority grants "
                                          "requests; a request no rule grants is refused.")
    source: Source | None = Field(default=None, description="Where this comes from.")


class Sector(Strict):
    """A sector of the front. The map of Korea draws the sectors `west`, `central` and `east`;
    a scenario whose sectors are not on that map is shown a diagram of the front instead."""

    id: Ident = Field(description="The sector's id.")
    label: str = Field(description="Shown on the map and in the news.")
    weight: Number = Field(gt=0, description="Share of the fighting that falls on this sector, "
                                          "relative to the other sectors.")
    front: Ident = Field(description="The variable holding this sector's front line: km "
                                     "north (+) or south (-) of `fighting.line`.")


class SideFighting(Strict):
    """One side's fighting parameters. Rates are per 30 days, scaled to the turn length."""

    firepower: Number = Field(gt=0, le=10, description="Multiplies the side's attacks.")
    base_losses: Number = Field(ge=0, description="Casualties per 30 days with no attacks.")
    attack_losses: Number = Field(ge=0, description="Extra casualties per 30 days of full "
                                                     "attack against unfortified positions.")
    defence_losses: Number = Field(ge=0, description="Extra casualties per 30 days under full "
                                                      "effective enemy attack.")
    fortify_rate: Number = Field(ge=0, description="Fortification points per 30 days of full "
                                                    "effort.")
    source: Source | None = Field(default=None, description="Where this comes from.")


class Fighting(Strict):
    """Parameters of the fighting phase (the formulas are in docs/rules.md). Rates are per 30
    days, scaled to the turn length."""

    sectors: list[Sector] = Field(min_length=1, max_length=8, description="The sectors of the "
                                                                          "front.")
    line: str = Field(default="the 38th parallel", max_length=60,
                      description="What the fronts are measured from, as players read it: "
                                  "each sector's front is km north (+) or south (-) of it.")
    unc: SideFighting = Field(description="The `unc` side's fighting parameters.")
    communist: SideFighting = Field(description="The `communist` side's fighting parameters.")
    fortification_halving: Number = Field(
        gt=0, description="Fortification at which an attack achieves half as much.")
    ground_per_turn: Number = Field(ge=0, description="km gained per 30 days by a full, "
                                                      "unopposed effective attack.")
    pressure_decay: Number = Field(ge=0, le=1, description="Share of pressure left after 30 "
                                                           "days.")
    interdiction_supply: Number = Field(ge=0, description="Supply points lost per 30 days of "
                                                          "full interdiction.")
    supply_recovery: Number = Field(ge=0, description="Supply points regained per 30 days.")
    source: Source | None = Field(default=None, description="Where this comes from.")


class Posture(Strict):
    """A military posture a side can order for a turn."""

    id: Ident = Field(description="The posture's id, used in rules and `posture(...)`.")
    label: str = Field(description="Shown on the order panel.")
    tooltip: str = Field(description="What this posture tends to do, shown on the order panel.")
    attack: Number = Field(ge=0, le=1, description="Offensive effort, 0 to 1.")
    interdiction: Number = Field(default=0, ge=0, le=1, description="Air interdiction, 0 to 1.")
    fortify: Number = Field(default=0, ge=0, le=1, description="Digging in, 0 to 1.")
    when: Expr = Field(default="true", description="The posture can be ordered while this "
                                                   "holds. It may read only what the ordering side "
                                                   "knows exactly.")


class Postures(Strict):
    """Each side's postures. Orders that name no legal posture get the first allowed one."""

    unc: list[Posture] = Field(min_length=1, max_length=MAX_POSTURES,
                               description="The `unc` side's postures.")
    communist: list[Posture] = Field(min_length=1, max_length=MAX_POSTURES,
                                     description="The `communist` side's postures.")


Effect = dict[str, Any]


class Window(Strict):
    """Dates an event can happen in, compared with the first day of a turn; both ends optional
    and inclusive. It must overlap the calendar."""

    start: dt.date | None = Field(default=None, alias="from",
                                  description="The first date on which a turn may begin for "
                                              "the event.")
    to: dt.date | None = Field(default=None, description="The last such date.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Event(Strict):
    """Something that may happen: tried every turn, in file order, before the fighting. It
    happens on a turn whose first day lies in its window, once `when` holds, with its
    probability; unless `repeat` is true, at most once per game."""

    id: Ident = Field(description="The event's id, used in `fired(...)`, what-ifs and "
                                  "injections.")
    title: str = Field(description="The headline of the news entry.")
    text: str = Field(description="What the news says when the event happens.")
    window: Window = Field(default_factory=Window, description="Dates the event can happen in "
                                                             "(default: the whole game).")
    when: Expr = Field(default="true", description="Condition, checked each turn in the "
                                                   "window.")
    probability: Number | Expr = Field(default=1.0, description="Chance per turn once the "
                                                                "condition holds: 0 to 1, or a "
                                                                "number expression.")
    repeat: bool = Field(default=False, description="May happen again (otherwise at most "
                                                    "once per game).")
    visibility: Literal["public", "unc", "communist", "debrief"] = Field(
        default="public", description="Who reads the news. Rules of a side that cannot see an "
                                      "event cannot refer to it.")
    effects: list[Effect] = Field(default_factory=list, description="What the event changes "
                                                                    "(see Effects).")
    historical: bool = Field(default=False, description="True for an event that happened: it "
                                                        "needs a source.")
    source: Source | None = Field(default=None, description="Where this comes from; required "
                                                            "when `historical` is true.")
    lint: LintSettings | None = Field(default=None, description="Lint warnings to leave out "
                                                                "(e.g. an event only the "
                                                                "instructor injects).")

    @model_validator(mode="after")
    def _sourced(self) -> Event:
        if self.historical and not self.source:
            raise ValueError("a historical event needs a source")
        return self


class PoliticsRule(Strict):
    """A standing rule, applied after the table phase every turn, in file order, in every game
    where `when` holds."""

    id: Ident = Field(description="The rule's id.")
    when: Expr = Field(default="true", description="Condition: the rule applies while this "
                                                   "holds.")
    effects: list[Effect] = Field(min_length=1, description="What the rule changes (see "
                                                            "Effects).")
    note: str = Field(default="", description="Why this rule exists (shown in docs and debrief).")
    source: Source | None = Field(default=None, description="Where this comes from.")


ItemAction = ActionName


class Rule(Strict):
    """One decision rule of a side's historical AI. Rules are read top to bottom; for each kind
    of order (posture, talks, package, each item's action, each item's request) the first rule
    whose `when` holds on the side's view, whose probability draw succeeds and whose order is
    legal decides. Each rule gives exactly one of `posture`, `talks`, `action`, `request` or
    `package`."""

    when: Expr = Field(default="true", description="Condition on the side's view: what the "
                                                   "side can see, estimates for the other "
                                                   "side's figures.")
    posture: Ident | None = Field(default=None, description="Order this posture (a posture id "
                                                            "of the side).")
    talks: Literal["recess", "resume"] | None = Field(default=None,
                                                      description="Call or end a recess.")
    item: Ident | None = Field(default=None, description="The agenda item of an `action` or "
                                                         "`request`.")
    action: ItemAction | None = Field(
        default=None, description="On `item`: `hold`, `concede` one rung, `offer` a "
                                  "`position`, or `accept` the other side's position. A hold "
                                  "rule stops later rules from acting on the item.")
    position: Ident | None = Field(default=None, description="For offer: the position offered.")
    package: Ident | None = Field(default=None, description="Put this package on the table "
                                                             "(or accept it if the other side "
                                                             "has).")
    request: Ident | None = Field(default=None, description="Ask the higher authority for leave "
                                                            "to go as far as this position on "
                                                            "`item`.")
    probability: Number = Field(default=1.0, ge=0, le=1,
                                description="The rule applies only with this chance (drawn "
                                            "from the AI's own random stream).")
    rationale: str = Field(default="", description="The explanation shown in the debrief.")

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
    """The historical AI's decision rules for each side, read from top to bottom."""

    unc: list[Rule] = Field(default_factory=list, max_length=MAX_RULES,
                            description="The `unc` side's rules.")
    communist: list[Rule] = Field(default_factory=list, max_length=MAX_RULES,
                                  description="The `communist` side's rules.")


class TimelineEntry(Strict):
    date: dt.date = Field(description="When it happened.")
    side: Literal["unc", "communist", "both"] = Field(default="both",
                                                      description="Whose act it was.")
    text: str = Field(description="What happened.")
    source: Source = Field(description="Where this comes from (required).")


class History(Strict):
    """What really happened, for the debrief and for `armistice simulate`, which prints the
    real dates beside the simulated ones."""

    timeline: list[TimelineEntry] = Field(default_factory=list,
                                          description="What really happened, in order.")
    agreed: dict[Ident, dt.date] = Field(default_factory=dict,
                                         description="Item id → the real date it was agreed.")
    agreed_at: dict[Ident, Ident] = Field(
        default_factory=dict, description="Item id → the position it was really agreed at (for "
                                          "items agreed during the scenario; `armistice graph` "
                                          "marks it as the historical path).")
    armistice: dt.date | None = Field(default=None, description="The real date of the "
                                                                "agreement, if there was one.")
    source: Source | None = Field(default=None, description="Where the history as a whole comes "
                                                            "from.")


class Outcome(Strict):
    """An ending. Outcomes are checked after politics each turn, in file order; the first whose
    `when` holds ends the game. On the last turn the `at_end` outcomes are checked too; if none
    holds, the first `at_end` outcome ends the game."""

    id: Ident = Field(description="The outcome's id.")
    title: str = Field(description="Shown when the game ends this way.")
    when: Expr = Field(description="Condition: the game ends this way once this holds.")
    epilogue: str = Field(description="Shown when the game ends this way.")
    history_note: str = Field(default="", description="What really happened.")
    source: Source | None = Field(default=None, description="Where the history note comes "
                                                            "from (`armistice validate` warns "
                                                            "when a history note has none).")
    lint: LintSettings | None = Field(default=None, description="Lint warnings to leave out.")
    armistice: bool = Field(default=False, description="Whether this ending is an armistice (an "
                                                     "agreement that ends the war).")
    at_end: bool = Field(default=False, description="Considered only when the calendar runs "
                                                    "out (e.g. a stalemate).")


class Scoring(Strict):
    """Each side's score when the game ends: number expressions that may also use
    `settlement`, the sum of the side's `value` for every agreed item at its agreed position."""

    unc: Expr = Field(description="The `unc` side's score.")
    communist: Expr = Field(description="The `communist` side's score.")
    note: str = Field(default="", description="How the scores are meant (shown in the debrief).")


class WhatIf(Strict):
    """A named variant of the scenario, chosen when a game starts (`--what-if NAME`). Every
    what-if is checked when the file loads, chosen or not."""

    id: Ident = Field(description="The name given to `--what-if`.")
    title: str = Field(description="Shown when the variant is chosen.")
    description: str = Field(description="What the variant changes, in a sentence or two.")
    set: dict[Ident, Number | Distribution] = Field(
        default_factory=dict, description="Variables whose starting value it replaces.")
    disable_events: list[Ident] = Field(
        default_factory=list, description="Events that never happen in this variant (they keep "
                                          "their names, so `fired(...)` stays valid and false).")
    replace_rules: dict[Side, list[Rule]] = Field(
        default_factory=dict, description="Rules put before a side's `behaviour` rules, so "
                                          "they decide wherever they match.")


class Scenario(Strict):
    """An Armistice scenario: one YAML file."""

    format: Literal[1] = Field(description="The scenario format version.")
    id: Ident = Field(description="The scenario's id; saves record it.")
    title: str = Field(description="Shown to players.")
    summary: str = Field(description="A paragraph shown before the game.")
    calendar: Calendar = Field(description="Dates and turn length.")
    sides: dict[Side, SideInfo] = Field(description="Both sides, `unc` and `communist`: names, "
                                                    "roles, briefings.")
    variables: dict[Ident, Variable] = Field(
        max_length=MAX_VARIABLES, description="Every quantity the game tracks, by name.")
    agenda: Agenda = Field(description="The agenda items with their ladders, and packages.")
    talks: Talks = Field(description="Where the delegations meet, and whether they are in "
                                     "session at the start.")
    authorities: dict[Side, Authority] = Field(description="Each side's higher authority and "
                                                           "how it answers requests.")
    fighting: Fighting = Field(description="Sectors and the parameters of the fighting phase.")
    postures: Postures = Field(description="Each side's military postures.")
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS,
                                description="Dated and conditional events.")
    politics: list[PoliticsRule] = Field(default_factory=list, max_length=MAX_RULES,
                                         description="Standing rules applied every turn.")
    behaviour: Behaviour = Field(default_factory=Behaviour,
                                 description="The historical AI's decision rules.")
    history: History = Field(default_factory=History, description="The real timeline and "
                                                                  "agreement dates.")
    outcomes: list[Outcome] = Field(min_length=1, max_length=MAX_OUTCOMES,
                                    description="The endings; at least one with `at_end: true`.")
    scoring: Scoring = Field(description="Each side's score when the game ends.")
    what_ifs: list[WhatIf] = Field(default_factory=list, max_length=MAX_WHAT_IFS,
                                   description="Counterfactual "
                                                                     "variants.")

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
