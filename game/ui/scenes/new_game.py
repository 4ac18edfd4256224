"""New game: scenario (bundled or a file), side, opponent, what-ifs, seed, turn timer, and the
instructor's PIN that guards F9 (asked for in hot-seat play, where the teams share the machine)."""

from __future__ import annotations

import os

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
)

from game.ai.policy import POLICIES
from game.scenario.bundled import bundled_names, resolve
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import ScenarioError
from game.scenario.loader import load_scenario
from game.session.pin import MAX_LEN, MIN_LEN, hash_pin, pin_problem
from game.session.session import PlayerSpec, Session
from game.ui.markup import esc, plain
from game.ui.scenes.base import Scene

OPPONENTS = {
    "Against the AI": "ai",
    "Hot-seat: two teams at one machine": "human",
    "AI against AI (watch)": "watch",
}
TIMERS = {"No turn timer": 0, "2 minutes a turn": 2, "3 minutes a turn": 3,
          "5 minutes a turn": 5, "8 minutes a turn": 8}
SIDE_CHOICES = {"UN Command": 0, "Communist side": 1}
PIN_CHOICES = {"Set a PIN for F9 (type it twice)": True, "No PIN: any team may open F9": False}


class NewGame(Scene):
    title = "New game"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scenario_ref = bundled_names()[0] if bundled_names() else ""
        self.side = 0
        self.opponent = "ai"
        self.policy = "historical"
        self.timer = app.settings.turn_timer_minutes
        self.what_ifs: list[str] = []
        self.seed_text = str(int.from_bytes(os.urandom(4), "big"))
        self.sc: CompiledScenario | None = None
        self.error = ""
        self.pin_chosen: bool | None = None  # the player's PIN choice; None: by the opponent
        self.pin_texts = ("", "")
        self.pin_note = ""  # why the game did not start (a PIN missing or mistyped)
        self._load()

    def _load(self) -> None:
        try:
            self.sc = load_scenario(resolve(self.scenario_ref))
            self.error = ""
        except (ScenarioError, FileNotFoundError) as exc:
            self.sc = None
            self.error = str(exc)
        self.what_ifs = []

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        pad, row, gap = self.px(24), self.px(34), self.px(10)
        left_w = min(self.px(460), w // 2 - pad)
        x, y = pad, pad
        UILabel(pygame.Rect(x, y, w - 2 * pad, self.px(40)), "New game", m,
                object_id="@heading")
        y += self.px(50)
        # a short window at a large text size (a projector at 1280x720): labels beside the
        # fields, so that every field stays above the buttons
        compact = y + 7 * (self.px(24) + row + gap) > h - pad - self.px(70)

        def field(label: str) -> pygame.Rect:
            nonlocal y
            if compact:
                label_w = int(left_w * 0.3)
                UILabel(pygame.Rect(x, y, label_w, row), label.split(" (")[0], m,
                        object_id="@muted")
                rect = pygame.Rect(x + label_w, y, left_w - label_w, row)
            else:
                UILabel(pygame.Rect(x, y, left_w, self.px(24)), label, m, object_id="@muted")
                y += self.px(24)
                rect = pygame.Rect(x, y, left_w, row)
            y += row + gap
            return rect

        names = bundled_names()
        start = self.scenario_ref if self.scenario_ref in names else "From a file..."
        self.scenario_menu = UIDropDownMenu([*names, "From a file..."], start,
                                            field("Scenario"), m)
        self.scenario_menu.set_tooltip("A bundled scenario, or a YAML file of your own.")
        self.path_entry = UITextEntryLine(field("Scenario file (path to a .yaml)"), m,
                                          placeholder_text="e.g. my_scenario.yaml")
        if start != "From a file...":
            self.path_entry.disable()
        else:
            self.path_entry.set_text(self.scenario_ref)
        side_name = next(k for k, v in SIDE_CHOICES.items() if v == self.side)
        self.side_menu = UIDropDownMenu(list(SIDE_CHOICES), side_name, field("Your side"), m)
        self.side_menu.set_tooltip("In hot-seat play the UN Command team goes first each turn.")
        opp = next(k for k, v in OPPONENTS.items() if v == self.opponent)
        self.opponent_menu = UIDropDownMenu(list(OPPONENTS), opp, field("Opponent"), m)
        self.opponent_menu.set_tooltip(
            "Against the AI: the other side follows its policy. Hot-seat: two teams take turns "
            "with a hand-over screen between them. Watch: both sides played by the AI.")
        self.policy_menu = UIDropDownMenu(list(POLICIES), self.policy, field("AI policy"), m)
        self.policy_menu.set_tooltip(
            "historical: the real actors' decision rules, reading only what their side could "
            "know. random: any legal orders (a baseline).")
        timer = next(k for k, v in TIMERS.items() if v == self.timer)
        self.timer_menu = UIDropDownMenu(list(TIMERS), timer, field("Turn timer"), m)
        self.timer_menu.set_tooltip("When time is up, the orders as they stand are sent.")
        self.seed_entry = UITextEntryLine(field("Seed (replays the same game)"), m)
        self.seed_entry.set_tooltip("The same seed and the same orders replay the same game.")
        self.seed_entry.set_text(self.seed_text)
        self.seed_entry.set_allowed_characters("numbers")
        rx = x + left_w + pad
        rw = w - rx - pad
        UILabel(pygame.Rect(rx, pad + self.px(50), rw, self.px(24)),
                "What-ifs (click to select or clear)", m, object_id="@muted")
        options = self._whatif_titles()
        list_h = self.px(96 if compact else 150)
        self.whatif_list = UISelectionList(
            pygame.Rect(rx, pad + self.px(74), rw, list_h), list(options), m,
            allow_multi_select=True,
            default_selection=[t for t, id_ in options.items() if id_ in self.what_ifs]
            if self.sc else None)
        info_y = self._build_pin(rx, pad + self.px(84) + list_h, rw)
        self.info = UITextBox(self._info_html(), pygame.Rect(
            rx, info_y, rw, h - pad - self.px(70) - info_y), m)
        bw = self.px(240)
        self.start_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(52), bw,
                                                 self.px(52)), "Start  [Enter]", m,
                                     object_id="@big_button")
        self.back_button = UIButton(pygame.Rect(w - 2 * pad - 2 * bw, h - pad - self.px(52), bw,
                                                self.px(52)), "Back  [Esc]", m)
        if self.sc is None:
            self.start_button.disable()

    def _whatif_titles(self) -> dict[str, str]:
        """The what-ifs as listed (plain, distinct titles) and their ids."""
        out: dict[str, str] = {}
        for w_ in self.sc.model.what_ifs if self.sc else []:
            title = plain(w_.title)
            out[title if title not in out else f"{title} ({w_.id})"] = w_.id
        return out

    # the instructor's PIN ------------------------------------------------------------------
    @property
    def wants_pin(self) -> bool:
        """A PIN unless the player chose none; by default one for hot-seat play only."""
        return self.opponent == "human" if self.pin_chosen is None else self.pin_chosen

    def _build_pin(self, x: int, y: int, width: int) -> int:
        """The PIN's choice and two hidden entries; returns the y below them."""
        m, row, gap = self.app.manager, self.px(34), self.px(8)
        UILabel(pygame.Rect(x, y, width, self.px(24)), "Instructor PIN (guards F9)", m,
                object_id="@muted")
        y += self.px(24)
        choice = next(k for k, v in PIN_CHOICES.items() if v == self.wants_pin)
        self.pin_menu = UIDropDownMenu(list(PIN_CHOICES), choice, pygame.Rect(x, y, width, row),
                                       m)
        self.pin_menu.set_tooltip(
            "In hot-seat play the teams share the machine: with a PIN only you can open the "
            "instructor's controls (F9), and every use is in the game record. Against the AI "
            "no PIN is needed.")
        y += row + gap
        half = (width - gap) // 2
        self.pin_entries = []
        for k, hint in enumerate((f"PIN ({MIN_LEN}-{MAX_LEN} characters)", "the PIN again")):
            entry = UITextEntryLine(pygame.Rect(x + k * (half + gap), y, half, row), m,
                                    placeholder_text=hint)
            entry.set_text_length_limit(MAX_LEN)
            entry.set_text(self.pin_texts[k])
            entry.set_text_hidden(True)
            if not self.wants_pin:
                entry.disable()
            self.pin_entries.append(entry)
        return y + row + self.px(10)

    def _pin(self) -> tuple[bool, dict[str, str] | None]:
        """Whether the game may start, and the PIN's record (None: no PIN); a problem goes
        to `pin_note`."""
        if not self.wants_pin:
            self.pin_note = ""
            return True, None
        first, again = (e.get_text() for e in self.pin_entries)
        problem = pin_problem(first)
        if not first:
            problem = ("type a PIN twice, or choose \"No PIN\" if any team may open the "
                       "instructor's controls")
        elif problem is None and first != again:
            problem = "the two PINs differ: type the same PIN in both boxes"
        self.pin_note = f"Instructor PIN: {problem}." if problem else ""
        return (False, None) if problem else (True, hash_pin(first))

    def _info_html(self) -> str:
        if self.sc is None:
            return f"<b>This scenario cannot be loaded:</b><br>{esc(self.error)}"
        model = self.sc.model
        parts = [f"<b>{esc(self.pin_note)}</b>"] if self.pin_note else []
        if self.wants_pin:
            parts.append("<i>The instructor's controls (F9: pause, inject an event, reveal "
                         "both sides, hand a side to the AI) open only with this PIN, and "
                         "every use is in the game record. It is kept only as a salted hash."
                         "</i>")
        elif self.opponent == "human":
            parts.append("<i>No PIN: any team at the machine may open the instructor's "
                         "controls (F9), which can reveal both sides.</i>")
        parts += [f"<b>{esc(model.title)}</b><br>{esc(model.summary.strip())}",
                 f"From {model.calendar.start:%d %B %Y} to {model.calendar.end:%d %B %Y}, "
                 f"turns of {model.calendar.turn_days} days."]
        for w_ in model.what_ifs:
            mark = "✓ " if w_.id in self.what_ifs else ""
            parts.append(f"<b>{mark}{esc(w_.title)}</b>: {esc(w_.description)}")
        return "<br><br>".join(parts)

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            el, text = event.ui_element, event.text
            if el is self.scenario_menu:
                if text == "From a file...":
                    self.scenario_ref = ""
                    self.sc, self.error = None, "Type the path of a scenario file and press Enter."
                else:
                    self.scenario_ref = text
                    self._load()
                self.rebuild()
            elif el is self.side_menu:
                self.side = SIDE_CHOICES[text]
            elif el is self.opponent_menu:
                self.opponent = OPPONENTS[text]
                self.rebuild()  # the PIN's default and its note follow the opponent
            elif el is self.pin_menu:
                self.pin_chosen = PIN_CHOICES[text]
                self.pin_note = ""
                self.rebuild()
            elif el is self.policy_menu:
                self.policy = text
            elif el is self.timer_menu:
                self.timer = TIMERS[text]
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.path_entry:
            self.scenario_ref = self.path_entry.get_text().strip()
            self._load()
            self.rebuild()
            return True
        if event.type in (pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                          pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION) and \
                event.ui_element is self.whatif_list and self.sc:
            chosen = set(self.whatif_list.get_multi_selection())
            self.what_ifs = [id_ for title, id_ in self._whatif_titles().items()
                             if title in chosen]
            self.info.set_text(self._info_html())
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.back_button:
                self.back()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.back()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not (
                    self.path_entry.is_focused or self.seed_entry.is_focused):
                self.start()
                return True
        return False

    def rebuild(self) -> None:
        self.seed_text = self.seed_entry.get_text()
        self.pin_texts = tuple(e.get_text() for e in self.pin_entries)
        self.app.manager.clear_and_reset()
        self.build()

    def back(self) -> None:
        from game.ui.scenes.menu import MainMenu

        self.app.show(MainMenu(self.app))

    def start(self) -> None:
        from game.ui.flow import GameFlow

        if self.sc is None:
            return
        try:
            sc = load_scenario(resolve(self.scenario_ref), self.what_ifs)
        except (ScenarioError, FileNotFoundError) as exc:
            self.error = str(exc)
            self.sc = None
            self.rebuild()
            return
        ok, pin = self._pin()
        if not ok:
            self.info.set_text(self._info_html())
            return
        text = self.seed_entry.get_text().strip()
        seed = int(text) % (2**63) if text.isdigit() else int.from_bytes(os.urandom(4), "big")
        ai = PlayerSpec("ai", self.policy)
        if self.opponent == "watch":
            players = (ai, ai)
        elif self.opponent == "human":
            players = (PlayerSpec("human"), PlayerSpec("human"))
        else:
            players = (PlayerSpec("human"), ai) if self.side == 0 else (ai, PlayerSpec("human"))
        session = Session(sc, self.scenario_ref, seed, players, instructor_pin=pin)
        self.app.settings.turn_timer_minutes = self.timer
        self.app.settings.save()
        flow = GameFlow(self.app, session, timer_minutes=self.timer)
        self.app.flow = flow
        flow.start()
