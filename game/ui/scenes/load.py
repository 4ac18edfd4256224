"""Loading and saving games from the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UISelectionList, UITextBox

from game.scenario.diagnostics import ScenarioError
from game.session import savefile
from game.session.session import ReplayError, Session, replay_file
from game.ui.scenes.base import Scene
from game.ui.scenes.turn import esc


def open_save(app, path: Path) -> bool:
    """Replay a save and continue it; on any problem show it in the load screen instead."""
    from game.ui.flow import GameFlow

    try:
        session = replay_file(path, verify=True, autosave=True)
    except (savefile.SaveError, ScenarioError, FileNotFoundError, ReplayError) as exc:
        app.status = f"{path.name}: {exc}"
        app.show(LoadGame(app, message=f"Could not open {path.name}: {exc}"))
        return False
    flow = GameFlow(app, session, timer_minutes=app.settings.turn_timer_minutes)
    app.flow = flow
    flow.start()
    return True


def save_dialog(app, session: Session) -> Path | None:
    """Save to the saves folder under a dated name (shown in the status line)."""
    name = f"{session.sc.id}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path = savefile.saves_dir() / name
    try:
        session.save(path)
    except savefile.SaveError as exc:
        app.status = f"Not saved: {exc}"
        return None
    app.status = f"Saved to {path}"
    return path


class LoadGame(Scene):
    title = "Load"

    def __init__(self, app, message: str = "") -> None:
        super().__init__(app)
        self.message = message

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        pad = self.px(24)
        UILabel(pygame.Rect(pad, pad, w - 2 * pad, self.px(40)), "Load a game", m,
                object_id="@heading")
        self.entries: dict[str, Path] = {}
        self.errors: dict[str, str] = {}
        rows = []
        for folder, kind in ((savefile.saves_dir(), "save"), (savefile.autosave_dir(), "auto")):
            for path, result in savefile.list_saves(folder):
                if isinstance(result, savefile.SaveError):
                    label = f"[unreadable] {path.name}"
                    self.errors[label] = str(result)
                else:
                    when = f"{result.saved_at:%Y-%m-%d %H:%M}"
                    label = (f"{when}  {result.scenario.id}  turn {len(result.turns)}  "
                             f"({kind}) {path.name}")
                self.entries[label] = path
                rows.append(label)
        list_h = h - 2 * pad - self.px(200)
        self.list = UISelectionList(pygame.Rect(pad, pad + self.px(50), w - 2 * pad, list_h),
                                    rows or ["(no saved games yet)"], m)
        text = esc(self.message) if self.message else (
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

    def process_event(self, event: pygame.event.Event) -> bool:
        from game.ui.scenes.menu import MainMenu

        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and \
                event.ui_element is self.list:
            chosen = self.list.get_single_selection()
            if chosen in self.errors:
                self.info.set_text(esc(self.errors[chosen]))
            return True
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.open_button) or (event.type == pygame.KEYDOWN and event.key in (
                    pygame.K_RETURN, pygame.K_KP_ENTER)):
            chosen = self.list.get_single_selection()
            if chosen in self.errors:
                self.info.set_text(esc(self.errors[chosen]))
            elif chosen in self.entries:
                open_save(self.app, self.entries[chosen])
            return True
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is
                self.back_button) or (event.type == pygame.KEYDOWN and
                                      event.key == pygame.K_ESCAPE):
            self.app.show(MainMenu(self.app))
            return True
        return False
