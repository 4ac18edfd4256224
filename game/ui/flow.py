"""The order of screens in a game: briefings, turns, hand-overs between teams, results, and
the debrief. It decides which scene comes next; the scenes themselves only show and collect.

In hot-seat play every change of team passes through a hand-over screen that shows nothing of
either side, so nothing of one team's briefing, orders or hidden state is ever on screen while
the other team looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.scenario.watch import watched_path
from game.session.session import Session
from game.vocab import SIDES

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.reload import LiveReload
    from game.ui.scenes.base import Scene


@dataclass
class GameFlow:
    """A game in the window: the session plus what the window adds (timer, instructor)."""

    app: App
    session: Session
    timer_minutes: int = 0
    paused: bool = False
    reveal: bool = False
    inject: list[str] = field(default_factory=list)  # events the instructor forces this turn
    _queue: list[tuple[str, int]] = field(default_factory=list)
    _last_results_turn: int = -1
    live: LiveReload | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        from game.ui.reload import LiveReload

        path = watched_path(self.session.ref)  # a file of the instructor's, not a bundled one
        self.live = LiveReload(self, path) if path is not None else None

    def tick(self, dt: float) -> None:
        """Called every frame while one of this game's screens is shown."""
        if self.live is not None:
            self.live.tick(dt)

    @property
    def humans(self) -> list[int]:
        return [s for s in (0, 1) if self.session.is_human(s)]

    @property
    def hot_seat(self) -> bool:
        return len(self.humans) == 2

    def side_name(self, side: int) -> str:
        return self.session.sc.model.sides[SIDES[side]].name

    # the sequence ------------------------------------------------------------------------
    def start(self) -> None:
        """From the new-game screen or a loaded save: briefings, then the first turn."""
        if self.session.over:
            self._queue = [("debrief", -1)]
        elif self.session.turn == 0:
            self._queue = [("briefing", s) for s in self.humans]
        self.next()

    def next(self) -> None:
        """Show whatever comes next."""
        from game.ui.scenes import debrief, handoff, results, turn

        if not self._queue:
            self._queue = self._plan_turn()
        step, side = self._queue.pop(0)
        if step in ("briefing", "orders", "results") and side >= 0 and \
                not self.session.is_human(side):
            self.next()  # the instructor handed this side to the AI
            return
        if step == "resolve":
            self.resolve()
            return
        if step == "handoff":
            self.show(handoff.Handoff(self.app, self, side))
        elif step == "debrief":
            self.show(debrief.Debrief(self.app, self))
        elif self.hot_seat and not self._just_handed(side):
            self._queue.insert(0, (step, side))  # the other team looks away first
            self.show(handoff.Handoff(self.app, self, side))
        elif step == "briefing":
            self.show(turn.Briefing(self.app, self, side))
        elif step == "orders":
            self.show(turn.TurnScreen(self.app, self, side))
        elif step == "results":
            self.show(results.Results(self.app, self, side))

    def show(self, scene: Scene) -> None:
        """Every screen of a hot-seat game is built from nothing: a new scene, new widgets
        and a new pygame_gui manager (see App.show), so no status line, focus, open
        drop-down, tooltip, notice or timer message of one team is there for the next."""
        self.app.show(scene, fresh=self.hot_seat)

    def _plan_turn(self) -> list[tuple[str, int]]:
        if self.session.over:
            return [("debrief", -1)]
        if not self.humans:  # AI against AI: watch each turn's public results
            return [("resolve", -1), ("results", -1)]
        return [*[("orders", s) for s in self.humans], ("resolve", -1),
                *[("results", s) for s in self.humans]]

    def _just_handed(self, side: int) -> bool:
        return getattr(self.app.scene, "handed_to", None) == side

    def submitted(self) -> None:
        """A side's orders are in (the turn screen has submitted them to the session)."""
        self.next()

    def resolve(self) -> None:
        from game.scenario.diagnostics import ScenarioError
        from game.ui.scenes.load import autosave_failed, turn_failed

        injected, self.inject = tuple(self.inject), []
        try:
            self.session.advance(inject=injected)
        except ScenarioError as exc:  # the scenario's own arithmetic failed: not played
            turn_failed(self.app, exc)
            return
        self.next()
        problem = self.session.autosave_problem  # the turn is played; only its autosave failed
        if problem:  # over the next screen, which both sides may see: no side's secrets
            autosave_failed(self.app, problem)

    # instructor --------------------------------------------------------------------------
    def intervene(self, what: str, *, kind: str) -> None:
        """Every instructor intervention goes in the game record (kept in saves, shown in the
        debrief); `kind` is one of session.record.INSTRUCTOR_KINDS."""
        self.session.record_instructor(kind, f"Instructor: {what}.")
