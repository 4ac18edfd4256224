"""Instructor controls (F9): pause, inject an event, reveal both sides, adjust the timer, hand
a side to the AI and take it back. Every intervention is written to the game's record.

A game with an instructor's PIN (set at New game; hot-seat games ask for one) opens them only
after the PIN is typed; a wrong PIN is refused and recorded, and so is every opening."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UITextBox,
    UITextEntryLine,
    UIWindow,
)

from game.session.pin import MAX_LEN, check_pin
from game.ui.markup import plain
from game.ui.scenes.debrief import debrief_html
from game.vocab import SIDES

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.flow import GameFlow


def open_instructor(app: App, flow: GameFlow, on_change: Callable[[], None]) -> Guarded:
    """F9: the instructor's controls, behind the PIN prompt if the game has a PIN."""
    return Guarded(app, flow, on_change)


class Guarded:
    """The PIN prompt, then (the right PIN typed) the instructor's window in its place. A
    scene holds this as it would the window: `alive()` and `process_event()`."""

    def __init__(self, app: App, flow: GameFlow, on_change: Callable[[], None]) -> None:
        self.app, self.flow, self.on_change = app, flow, on_change
        self.controls: InstructorWindow | None = None
        self.prompt: PinPrompt | None = None
        if flow.session.instructor_pin is None:
            self._open()
        else:
            self.prompt = PinPrompt(app, self._typed)

    def _typed(self, pin: str) -> bool:
        if check_pin(self.flow.session.instructor_pin, pin):
            self.prompt = None
            self._open()
            return True
        self.flow.intervene("PIN refused: a wrong PIN was typed at F9", kind="pin_refused")
        return False

    def _open(self) -> None:
        self.flow.intervene("opened the instructor's controls", kind="note")
        self.controls = InstructorWindow(self.app, self.flow, self.on_change)

    def alive(self) -> bool:
        part = self.controls if self.controls is not None else self.prompt
        return part is not None and part.alive()

    def process_event(self, event: pygame.event.Event) -> bool:
        if self.controls is not None:
            return self.controls.process_event(event)
        return self.prompt is not None and self.prompt.process_event(event)


class PinPrompt:
    """A small window asking for the instructor's PIN (typed hidden)."""

    def __init__(self, app: App, check: Callable[[str], bool]) -> None:
        self.app, self.check = app, check
        self.refused = 0
        px = lambda v: round(v * app.settings.scale)  # noqa: E731
        w, h = px(420), px(160) + 34  # the title bar does not grow with the text
        sw, sh = app.size
        self.window = UIWindow(pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h), app.manager,
                               window_display_title="Instructor", resizable=False)
        inner = self.window.get_container().get_rect().width - px(20)
        m, row = app.manager, px(34)
        UILabel(pygame.Rect(px(10), px(8), inner, px(26)),
                "The instructor's PIN, please (Esc: cancel).", m, container=self.window)
        self.entry = UITextEntryLine(pygame.Rect(px(10), px(40), inner, row), m,
                                     container=self.window)
        self.entry.set_text_length_limit(MAX_LEN)
        self.entry.set_text_hidden(True)
        self.entry.focus()
        self.note = UILabel(pygame.Rect(px(10), px(40) + row + px(6), inner, px(26)), "", m,
                            container=self.window, object_id="@muted")
        bw = (inner - px(10)) // 2
        y = px(40) + row + px(38)
        self.ok = UIButton(pygame.Rect(px(10), y, bw, row), "Open  [Enter]", m,
                           container=self.window)
        self.cancel = UIButton(pygame.Rect(px(20) + bw, y, bw, row), "Cancel  [Esc]", m,
                               container=self.window)

    def alive(self) -> bool:
        return self.window.alive()

    def submit(self) -> None:
        pin = self.entry.get_text()
        self.entry.set_text("")
        if self.check(pin):
            self.window.kill()
            return
        self.refused += 1
        self.note.set_text(f"Wrong PIN ({self.refused} refused, each in the game record).")
        self.entry.focus()

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.ok:
            self.submit()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.cancel:
            self.window.kill()
            return True
        if event.type == pygame.KEYDOWN and self.entry.is_focused:
            # typing a PIN is not giving orders: no key of it reaches the turn screen
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.submit()
            elif event.key == pygame.K_ESCAPE:
                self.window.kill()
            return True
        return False


class InstructorWindow:
    def __init__(self, app: App, flow: GameFlow, on_change: Callable[[], None]) -> None:
        self.app, self.flow, self.on_change = app, flow, on_change
        px = lambda v: round(v * app.settings.scale)  # noqa: E731
        w, h = px(460), px(420)
        sw, sh = app.size
        self.window = UIWindow(pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h), app.manager,
                               window_display_title="Instructor", resizable=False)
        inner = w - px(40)
        y, row = px(8), px(34)
        self.pause = UIButton(pygame.Rect(px(10), y, inner, row), self._pause_text(),
                              app.manager, container=self.window,
                              tool_tip_text="Stop the turn timer (the game waits anyway).")
        y += row + px(8)
        events = [plain(e.id) for e in flow.session.sc.model.events] or ["(no events)"]
        self.event_menu = UIDropDownMenu(events, events[0], pygame.Rect(px(10), y, inner - px(110),
                                                                         row),
                                         app.manager, container=self.window)
        self.inject = UIButton(pygame.Rect(px(10) + inner - px(100), y, px(100), row), "Inject",
                               app.manager, container=self.window,
                               tool_tip_text="The event happens when this turn is resolved, "
                                             "whatever its date or condition.")
        y += row + px(8)
        self.timer_less = UIButton(pygame.Rect(px(10), y, inner // 2 - px(4), row),
                                   "Timer -1 min", app.manager, container=self.window)
        self.timer_more = UIButton(pygame.Rect(px(10) + inner // 2 + px(4), y,
                                               inner // 2 - px(4), row), "Timer +1 min",
                                   app.manager, container=self.window)
        y += row + px(8)
        self.hand = {}
        for s in (0, 1):
            human = flow.session.is_human(s)
            text = (f"Hand {SIDES[s]} to the AI" if human else f"Give {SIDES[s]} back to a "
                    "team")
            self.hand[s] = UIButton(pygame.Rect(px(10), y, inner, row), text, app.manager,
                                    container=self.window)
            y += row + px(8)
        self.reveal = UIButton(pygame.Rect(px(10), y, inner, row), "Reveal both sides",
                               app.manager, container=self.window,
                               tool_tip_text="Shows everything hidden, to everyone watching.")
        y += row + px(8)
        self.status = UILabel(pygame.Rect(px(10), y, inner, px(28)), "", app.manager,
                              container=self.window)
        self.reveal_window: UIWindow | None = None

    def alive(self) -> bool:
        return self.window.alive()

    def _pause_text(self) -> str:
        return "Resume the timer" if self.flow.paused else "Pause"

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        flow, el = self.flow, event.ui_element
        if el is self.pause:
            flow.paused = not flow.paused
            flow.intervene("paused the game" if flow.paused else "resumed the game",
                           kind="pause" if flow.paused else "resume")
            self.pause.set_text(self._pause_text())
        elif el is self.inject:
            event_id = self.event_menu.selected_option
            if isinstance(event_id, tuple):
                event_id = event_id[0]
            if event_id in flow.session.sc.event_ids and event_id not in flow.inject:
                flow.inject.append(event_id)
                flow.intervene(f"will inject '{event_id}' this turn", kind="inject")
                self.status.set_text(f"'{event_id}' happens when the turn is resolved.")
        elif el in (self.timer_less, self.timer_more):
            delta = -1 if el is self.timer_less else 1
            flow.timer_minutes = max(0, flow.timer_minutes + delta)
            scene = self.app.scene
            if getattr(scene, "seconds_left", None) is not None:
                scene.seconds_left = max(10.0, scene.seconds_left + 60 * delta)
            elif flow.timer_minutes and hasattr(scene, "seconds_left"):
                scene.seconds_left = flow.timer_minutes * 60.0
            flow.intervene(f"set the turn timer to {flow.timer_minutes} min", kind="timer")
            self.status.set_text(f"Turn timer: {flow.timer_minutes} min")
        elif el in self.hand.values():
            side = next(s for s, b in self.hand.items() if b is el)
            if flow.session.is_human(side):
                flow.session.hand_to_ai(side)
                flow.intervene(f"handed the {SIDES[side]} side to the AI", kind="hand_to_ai")
            else:
                flow.session.take_back(side)
                flow.intervene(f"gave the {SIDES[side]} side back to its team", kind="take_back")
            self.window.kill()
            self.on_change()
            return True
        elif el is self.reveal:
            flow.intervene("revealed both sides", kind="reveal")
            sw, sh = self.app.size
            self.reveal_window = UIWindow(pygame.Rect(sw // 8, sh // 10, sw * 3 // 4,
                                                      sh * 4 // 5), self.app.manager,
                                          window_display_title="Everything, both sides")
            rect = self.reveal_window.get_container().get_rect()
            UITextBox(debrief_html(flow.session, self.app.palette),
                      pygame.Rect(0, 0, rect.width, rect.height), self.app.manager,
                      container=self.reveal_window)
        else:
            return False
        return True
