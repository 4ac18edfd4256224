"""Loading and saving games from the window.

Every file in the saves and autosave folders is untrusted: whatever is wrong with one (its
bytes, its name, what it makes the replay do) is shown as a reason on the Load screen or in a
notice, and the window goes on. The Load screen lists a summary of each file (a few kilobytes
read from its top); a save is read and replayed whole only when the player opens it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UISelectionList, UITextBox

from game.scenario.diagnostics import ScenarioError
from game.session import savefile
from game.session.session import ReplayError, Session, replay_file
from game.ui.markup import esc, plain
from game.ui.scenes.base import Scene
from game.ui.widgets.notice import Notice

ROW_TEXT = 160
"""Longest text of a status line (a reason can be longer; the text box shows it whole)."""


def file_name(path: Path) -> str:
    return plain(os.path.basename(path), 80)


def replay_for_window(path: Path) -> Session:
    """The game a save records, replayed and verified, ready to play on (with autosaves).

    Raises SaveError with a one-line reason for *any* problem: a save is untrusted, so
    whatever it breaks in the replay is a reason not to open it, never a crash of the window.
    """
    try:
        session = replay_file(path, verify=True, autosave=True)
    except savefile.SaveError:
        raise
    except RecursionError:
        raise savefile.SaveError(path, "it is nested too deeply to replay") from None
    except MemoryError:
        raise savefile.SaveError(path, "it is too large to replay") from None
    except (ReplayError, ScenarioError) as exc:  # a scenario gone, or failing in the replay
        raise savefile.SaveError(path, " ".join(str(exc).split())) from None
    except Exception as exc:  # damage that no check foresaw
        detail = " ".join(str(exc).split())
        raise savefile.SaveError(path, f"the save is damaged ({type(exc).__name__}: "
                                       f"{detail})") from None
    return session  # every field of it typed by the save's schema (session.record)


def _listed(folder: Path) -> list[tuple[Path, savefile.SaveSummary | savefile.SaveError]]:
    """`savefile.list_saves`, which does not raise; should a file break it all the same, the
    folder gets a reason rather than the window a crash."""
    try:
        return savefile.list_saves(folder)
    except Exception as exc:
        return [(folder, savefile.SaveError(folder, f"cannot be listed ({type(exc).__name__}: "
                                                    f"{exc})"))]


def start_game(app, session: Session) -> bool:
    """Play on with a replayed session; False (and the app back on the Load screen) if its
    first screen cannot be shown."""
    from game.ui.flow import GameFlow

    flow = GameFlow(app, session, timer_minutes=app.settings.turn_timer_minutes)
    app.flow = flow
    try:
        flow.start()
    except Exception as exc:  # a damaged save that replays but cannot be shown
        app.flow = None
        name = plain(str(session.ref), 80)
        app.show(LoadGame(app, message=f"Could not show the game of {name}: "
                                       f"{type(exc).__name__}: {exc}"))
        return False
    return True


def open_save(app, path: Path) -> bool:
    """Replay a save and continue it; on any problem show it in the load screen instead."""
    try:
        session = replay_for_window(path)
    except savefile.SaveError as exc:
        app.show(LoadGame(app, message=f"Could not open {os.path.basename(path)}: "
                                       f"{exc.reason}", failed=(path, exc.reason)))
        return False
    return start_game(app, session)


def continue_latest(app) -> bool:
    """Continue the newest autosave that opens and replays; name every newer one that does
    not (in a notice over the game, or over the menu when none opens)."""
    found, refused = savefile.open_newest_autosave(replay_for_window)
    lines = [f"Autosave <b>{esc(file_name(path))}</b> could not be opened: "
             f"{esc(reason.rstrip('.'), 400)}." for path, reason in refused]
    if found is None:
        lines.append("No autosave could be opened: start a new game, or load a save." if refused
                     else "There is no autosave yet: start a new game.")
        _notify(app, "Cannot continue", lines, owner=None)
        return False
    path, session = found
    if not start_game(app, session):
        return False
    if refused:
        lines.append(f"Continuing the one before: <b>{esc(file_name(path))}</b>.")
        _notify(app, "Continuing an older autosave", lines, owner=app.flow)
    return True


def save_dialog(app, session: Session) -> Path | None:
    """Save to the saves folder under a dated name; a failure is a notice and the game goes
    on (nothing of a side's is in it: a file name and why it could not be written)."""
    name = f"{session.sc.id}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path = savefile.saves_dir() / name
    try:
        session.save(path)
    except (savefile.SaveError, OSError, ValueError) as exc:  # ValueError: pydantic's
        reason = " ".join((exc.reason if isinstance(exc, savefile.SaveError) else
                           str(exc)).split()).rstrip(".")
        app.status = plain(f"Not saved: {reason}", ROW_TEXT)
        _notify(app, "Not saved", [f"The game could not be saved to <b>{esc(str(path))}"
                                   f"</b>: {esc(reason, 400)}.",
                                   "The game goes on; nothing already saved is lost."],
                owner=app.flow)
        return None
    app.status = plain(f"Saved to {path}")
    return path


def autosave_failed(app, problem: str) -> None:
    """Tell the players the turn just played was not autosaved (the game goes on)."""
    _notify(app, "Autosave failed",
            [f"This turn could not be autosaved: {esc(problem.rstrip('.'), 400)}.",
             "The game goes on. Save with Ctrl+S to keep it, once the problem is fixed "
             "(free some disk space, or check the data folder)."],
            owner=app.flow)


def turn_failed(app, error: Exception) -> None:
    """The scenario failed while the turn was played (say, an overflow in its arithmetic): the
    turn is not played; back to the menu, saying where the scenario went wrong."""
    from game.ui.scenes.menu import MainMenu

    app.flow = None
    app.show(MainMenu(app), fresh=True)
    _notify(app, "This turn could not be played",
            [esc(str(error), 600),
             "The game is autosaved up to the turn before. Fix the scenario, then Continue."],
            owner=None)


def _notify(app, title: str, lines: list[str], *, owner: object) -> None:
    if app.notice is not None:
        app.notice.close()
    app.notice = Notice(title, "<br><br>".join(lines), owner=owner)
    app.notice.update(app, 0.0)


class LoadGame(Scene):
    title = "Load"

    def __init__(self, app, message: str = "", failed: tuple[Path, str] | None = None) -> None:
        super().__init__(app)
        self.message = message
        self.failed = failed  # a file that just failed to open: marked and selected
        self.listing: list[tuple[Path, str, savefile.SaveSummary | savefile.SaveError]] = []
        self.listed = False  # listed once per visit: a resize rebuilds without reading again

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        pad = self.px(24)
        UILabel(pygame.Rect(pad, pad, w - 2 * pad, self.px(40)), "Load a game", m,
                object_id="@heading")
        self.entries: dict[str, Path] = {}
        self.details: dict[str, str] = {}  # what the text box says when a row is chosen
        self.errors: dict[str, str] = {}
        fits = max(40, (w - 2 * pad - self.px(40)) // self.px(8))  # characters in one row
        if not self.listed:
            self.listing = [(path, kind, result) for folder, kind in
                            ((savefile.saves_dir(), "save"), (savefile.autosave_dir(), "auto"))
                            for path, result in _listed(folder)]
            self.listed = True
        for path, kind, result in self.listing:
            name = file_name(path)
            if self.failed is not None and self.failed[0] == path:
                result = savefile.SaveError(path, self.failed[1])
            if not isinstance(result, savefile.SaveError):
                try:
                    row, detail = self._describe(result, kind, name, path)
                except Exception as exc:  # a summary no check foresaw: a reason too
                    result = savefile.SaveError(path, f"its summary cannot be shown "
                                                      f"({type(exc).__name__}: {exc})")
            if isinstance(result, savefile.SaveError):
                row = f"[cannot open] {name}: {plain(result.reason)}"
                detail = (f"<b>{esc(name)}</b> cannot be opened: "
                          f"{esc(result.reason, 600)}")
            row = self._unique(plain(row, fits))
            self.entries[row] = path
            self.details[row] = detail
            if isinstance(result, savefile.SaveError):
                self.errors[row] = detail
        rows = list(self.entries) or ["(no saved games yet)"]
        chosen = [row for row, path in self.entries.items()
                  if self.failed is not None and path == self.failed[0]]
        list_h = h - 2 * pad - self.px(200)
        self.list = UISelectionList(pygame.Rect(pad, pad + self.px(50), w - 2 * pad, list_h),
                                    rows, m, default_selection=chosen[0] if chosen else None)
        bar = getattr(self.list, "scroll_bar", None)
        if chosen and bar is not None:  # bring the row that failed into view
            bar.set_scroll_from_start_percentage(rows.index(chosen[0]) / len(rows))
        text = esc(self.message, 800) if self.message else (
            f"Saves: {esc(str(savefile.saves_dir()))}<br>Autosaves: "
            f"{esc(str(savefile.autosave_dir()))}")
        self.info = UITextBox(text, pygame.Rect(pad, pad + self.px(60) + list_h, w - 2 * pad,
                                                self.px(70)), m)
        bw = self.px(220)
        self.open_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(50), bw,
                                                self.px(50)), "Open  [Enter]", m,
                                    object_id="@big_button")
        self.back_button = UIButton(pygame.Rect(w - 2 * pad - 2 * bw, h - pad - self.px(50),
                                                bw, self.px(50)), "Back  [Esc]", m)

    @staticmethod
    def _describe(summary: savefile.SaveSummary, kind: str, name: str,
                  path: Path) -> tuple[str, str]:
        when = summary.saved_at
        if when is None:  # an old save without a summary: its file's date
            try:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            except (OSError, ValueError, OverflowError):
                when = None
        date = f"{when:%Y-%m-%d %H:%M}" if when is not None else "date unknown"
        turn = f"turn {summary.turns}" if summary.turns is not None else "turn ?"
        label = f"  “{plain(summary.label, 60)}”" if summary.label else ""
        row = f"{date}  {plain(summary.scenario, 40)}  {turn}  ({kind}) {name}{label}"
        detail = (f"<b>{esc(name)}</b>: {esc(summary.scenario, 80)}, {turn}, saved "
                  f"{date}{'<br>' + esc(summary.label, 300) if summary.label else ''}")
        return row, detail

    def _unique(self, row: str) -> str:
        """Two rows may look alike (names that differ only in undrawable bytes)."""
        candidate, n = row, 1
        while candidate in self.entries:
            n += 1
            candidate = f"{row} ({n})"
        return candidate

    def process_event(self, event: pygame.event.Event) -> bool:
        from game.ui.scenes.menu import MainMenu

        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and \
                event.ui_element is self.list:
            chosen = self.list.get_single_selection()
            if chosen in self.details:
                self.info.set_text(self.details[chosen])
            return True
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.open_button) or (event.type == pygame.KEYDOWN and event.key in (
                    pygame.K_RETURN, pygame.K_KP_ENTER)):
            chosen = self.list.get_single_selection()
            if chosen in self.errors:
                self.info.set_text(self.errors[chosen])
            elif chosen in self.entries:
                open_save(self.app, self.entries[chosen])
            return True
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.back_button) or (event.type == pygame.KEYDOWN and
                                      event.key == pygame.K_ESCAPE):
            self.app.show(MainMenu(self.app))
            return True
        return False
