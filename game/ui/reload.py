"""Live reload in the window: the thin part of game.session.reload that touches screens.

Each frame the game's flow gives this hook the frame time; every half second it looks at the
scenario file (one `stat`). When the file has changed, the game is rebuilt on it and the player
stays on the screen they were on — a hand-over screen stays a hand-over screen, so a reload
never shows one team's side to the other — or, if the file no longer validates, the game goes on
with the version loaded before and a window lists the problems until the file is fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.engine.orders import to_dict as orders_to_dict
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import Diagnostic
from game.scenario.watch import FileWatcher
from game.session import savefile
from game.session.reload import Rejected, Reloaded, Unchanged, reload_session
from game.ui.scenes.turn import esc
from game.ui.widgets.notice import Notice

if TYPE_CHECKING:
    from game.ui.flow import GameFlow

SHOWN_DIAGNOSTICS = 5
RELOADED_SECONDS = 10.0  # how long the "reloaded" message stays


class LiveReload:
    def __init__(self, flow: GameFlow, path: Path, interval: float = 0.5) -> None:
        self.flow = flow
        self.filename = flow.session.sc.path  # as the loader names it in diagnostics
        self.name = Path(self.filename).name
        self.watcher = FileWatcher(path, flow.session.sc.sha256, interval)
        self.clock = 0.0
        self.broken = False  # the file on disk does not validate (the old version is played)

    def tick(self, dt: float) -> None:
        self.clock += dt
        change = self.watcher.poll(self.clock)
        if change is None:
            return
        outcome = reload_session(self.flow.session, change, self.filename)
        if isinstance(outcome, Reloaded):
            self._reloaded(outcome)
        elif isinstance(outcome, Rejected):
            self._rejected(outcome)
        elif isinstance(outcome, Unchanged) and self.broken:
            self.broken = False
            self._notify("Scenario file restored",
                         f"<b>{esc(self.name)}</b> is back to the version in play: nothing "
                         "to reload.", seconds=RELOADED_SECONDS)
            self.flow.app.status = f"{self.name} is back to the version in play."

    # a new version -------------------------------------------------------------------------
    def _reloaded(self, result: Reloaded) -> None:
        flow, app = self.flow, self.flow.app
        old, new = flow.session, result.session
        flow.session = new
        flow.inject = [e for e in flow.inject if e in new.sc.event_ids]
        self.broken = False
        saved = ""
        if new.autosave:  # so that Continue finds the game as it now is, on the file as it is
            try:
                savefile.autosave(new.to_save())
            except savefile.SaveError as exc:
                saved = f"Not autosaved: {exc}"
        kept_note = self._restore_screen(old.sc, old.over, result)
        when = f"{new.sc.date_of(new.turn):%d %B %Y}".lstrip("0")
        played = result.turns_before
        where = f"turn {new.turn + 1} of {new.sc.turns} ({when})"
        lines = [f"<b>Reloaded {esc(self.name)}</b> — "
                 + (f"replayed to {where}." if played else f"{where}: nothing to replay yet.")]
        if result.stopped:
            lines.append(esc(result.stopped[:1].upper() + result.stopped[1:]) + ".")
        if result.diverged_at is not None:
            lines.append(f"From turn {result.diverged_at + 1} on, the game differs from the "
                         "one played before.")
        elif played:
            lines.append(f"The {played} turn{'s' if played > 1 else ''} already played came "
                         "out the same.")
        if result.adjusted:
            n = len(result.adjusted)
            lines.append(f"{n} recorded order{'s' if n > 1 else ''} no longer fit the scenario "
                         "and became holding (listed in the debrief).")
        if result.dropped_what_ifs:
            gone = ", ".join(result.dropped_what_ifs)
            lines.append(f"No longer in the file, so no longer in play: what-if {esc(gone)}.")
        if old.over and not new.over:
            lines.append("The game no longer ends here: choose Continue in the main menu to "
                         "play on.")
        if kept_note:
            lines.append(kept_note)
        if saved:
            lines.append(esc(saved))
        self._notify("Scenario reloaded", " ".join(lines), seconds=RELOADED_SECONDS)
        app.status = f"Reloaded {self.name}: replayed to turn {new.turn + 1}."

    def _restore_screen(self, old_sc: CompiledScenario, was_over: bool,
                        result: Reloaded) -> str:
        """Show the rebuilt game on the screen the player was on; return a word about the
        orders being given, if any were reset."""
        from game.ui.scenes import debrief, results, turn

        flow, app = self.flow, self.flow.app
        scene = app.scene
        new = flow.session
        if new.over and not was_over and not isinstance(scene, debrief.Debrief | results.Results):
            flow._queue = [("debrief", -1)]  # the game now ended earlier: straight to its end
            flow.next()
            return ""
        if result.stopped and not new.over:
            flow._queue = []  # the turn reached is no longer the one being played
            flow.next()
            return ""
        if isinstance(scene, turn.TurnScreen):
            fresh = turn.TurnScreen(app, flow, scene.side)
            fresh.seconds_left = scene.seconds_left
            note = scene.rationale.get_text()
            touched = _without_note(orders_to_dict(old_sc, scene.side, scene.orders)) != \
                _without_note(orders_to_dict(new.sc, scene.side, fresh.orders))
            app.show(fresh)
            fresh.rationale.set_text(note)
            if touched:  # the dropdowns are built for the old file: start them again
                return ("The orders you had chosen this turn were reset: please choose them "
                        "again" + ("; your note was kept." if note else "."))
            return ""
        app.manager.clear_and_reset()  # the other screens read the session when built
        if scene is not None:
            scene.build()
        return ""

    # a broken version ----------------------------------------------------------------------
    def _rejected(self, outcome: Rejected) -> None:
        self.broken = True
        diags = outcome.diagnostics
        places: dict[tuple[int, int], Diagnostic] = {}
        for d in diags:  # one per place: three ways of saying a value is wrong help nobody
            places.setdefault((d.line, d.col), d)
        first = list(places.values())[:SHOWN_DIAGNOSTICS]
        shown = "<br>".join(f"• {esc(str(d))}" for d in first)
        more = ""
        if len(diags) > len(first):
            rest = len(diags) - len(first)
            more = (f"<br>…and {rest} more: <b>armistice validate {esc(self.filename)}</b> "
                    "lists them all.")
        html = (f"<b>{esc(self.name)} no longer validates</b>, so the game goes on with the "
                "version loaded before. Fix the file and save it: the game reloads by itself."
                f"<br><br>{shown}{more}")
        self._notify("Scenario file has errors", html, button="Keep playing  [Esc]")
        self.flow.app.status = (f"{self.name} has errors: the game goes on with the version "
                                "loaded before.")

    def _notify(self, title: str, html: str, *, seconds: float | None = None,
                button: str = "OK  [Esc]") -> None:
        app = self.flow.app
        if app.notice is not None:
            app.notice.close()
        app.notice = Notice(title, html, owner=self.flow, seconds=seconds, button=button)
        app.notice.update(app, 0.0)


def _without_note(orders: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in orders.items() if k != "rationale"}
