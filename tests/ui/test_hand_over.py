"""Nothing of one team survives a hot-seat hand-over. Two games with the same seed differ only
in how team A (UN) plays its first turn: plainly in one, in the other with everything a team
can leave behind (status messages, the keyboard's focus frame, an open drop-down, a tooltip,
a notice, the F9 PIN prompt half typed, a focused entry, the timer running out). Everything
team B's next screens can show (every element's text, every string rendered, the status
line, the manager's focus and hover, and the rendered picture) must be the same in both."""

import hashlib

import pygame
import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.pin import hash_pin
from game.session.session import PlayerSpec, Session
from game.ui.app import App
from game.ui.config import UISettings
from game.ui.flow import GameFlow
from game.ui.scenes.handoff import Handoff
from game.ui.scenes.turn import HELP, Briefing, TurnScreen
from game.ui.widgets.notice import Notice

PIN = hash_pin("4711")
RATIONALE = "A-TEAM-RATIONALE-ZEBRA"
NOTICE = "A-TEAM-NOTICE-ORCHID"
HOME = (3, 3)  # where the next team's hand puts the mouse


def everything_shown(app, drawn) -> dict:
    """All that the screen can show now, after a few frames drawn from scratch."""
    drawn.clear()
    for _ in range(3):
        app.frame(0.016)
    texts = []
    for element in app.manager.ui_group.sprites():  # every live element, windows and tips too
        for attr in ("text", "html_text", "selected_option", "window_display_title",
                     "tool_tip_text", "placeholder_text"):
            value = getattr(element, attr, None)
            if value:
                texts.append(f"{type(element).__name__}.{attr}={value}")
        for option in getattr(element, "options_list", None) or []:
            texts.append(f"option={option}")
        tip = getattr(element, "tool_tip", None)
        if tip is not None:
            texts.append(f"tooltip={tip.text_block.html_text}")
    manager = app.manager
    focused = manager.get_focus_set()
    return {
        "scene": type(app.scene).__name__,
        "texts": sorted(texts),
        "drawn": sorted(set(drawn)),
        "status": app.status,
        "notice": app.notice is not None,
        "focused": sorted(type(e).__name__ for e in focused or ()),
        "hovering": manager.hovering_any_ui_element,
        "windows": len(manager.get_window_stack().stack),
        "picture": hashlib.sha256(pygame.image.tobytes(app.surface, "RGB")).hexdigest(),
    }


def click(app, element) -> None:
    pos = element.rect.center
    pygame.mouse.set_pos(pos)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        app.handle(pygame.event.Event(kind, pos=pos, button=1, touch=False, window=None))
    app.frame(0.016)


def busy_turn(app, scene: TurnScreen, key) -> list[str]:
    """Team A leaves every trace it can, and its timer runs out. Returns A's status texts."""
    statuses = []
    key(app, pygame.K_TAB)
    key(app, pygame.K_TAB)
    statuses.append(app.status)
    key(app, pygame.K_DOWN)  # the focus frame on a changed row
    statuses.append(app.status)
    key(app, pygame.K_1)
    key(app, pygame.K_c)
    statuses.append(app.status)  # "Item 1: concede"
    key(app, pygame.K_r)
    statuses.append(app.status)
    key(app, pygame.K_F1)
    statuses.append(app.status)
    app.notice = Notice("For team A", NOTICE, owner=scene.flow)
    scene.rationale.set_text(RATIONALE)
    key(app, pygame.K_F9)  # the PIN prompt, half typed and left open
    scene.instructor.prompt.entry.set_text("47")
    menu = next(m for m, (kind, _) in scene.widgets.items() if kind == "posture")
    click(app, menu.current_state.selected_option_button)  # the drop-down left open
    assert menu.current_state is menu.menu_states["expanded"]
    pygame.mouse.set_pos(scene.end_button.rect.center)  # hovering till the tooltip shows
    for _ in range(8):
        app.frame(0.2)
    assert any(getattr(e, "tool_tip", None) is not None for e in app.manager.ui_group.sprites())
    scene.rationale.focus()
    key(app, pygame.K_F1)  # the rationale is focused: nothing, but a key pressed
    app.frame(61.0)  # time is up: the orders as they stand are sent
    statuses.append("Time is up: the orders as they stand were sent.")
    return [s for s in statuses if s]


def play_until_b(busy: bool, drawn) -> tuple[list[dict], list[str]]:
    app = App(UISettings(width=1280, height=720), headless=True)
    pygame.mouse.set_pos(HOME)
    try:
        sc = load_scenario(resolve("1951"))
        human = PlayerSpec("human")
        session = Session(sc, "1951", 21, (human, human), autosave=False, instructor_pin=PIN)
        flow = GameFlow(app, session, timer_minutes=1)
        app.flow = flow
        flow.start()
        from tests.ui.conftest import key

        while not (isinstance(app.scene, TurnScreen) and app.scene.side == 0):
            assert isinstance(app.scene, Handoff | Briefing)
            key(app, pygame.K_RETURN)
        statuses = []
        if busy:
            statuses = busy_turn(app, app.scene, key)
        else:
            key(app, pygame.K_RETURN, pygame.KMOD_CTRL)
        assert isinstance(app.scene, Handoff) and app.scene.side == 1
        pygame.mouse.set_pos(HOME)
        shown = [everything_shown(app, drawn)]
        key(app, pygame.K_RETURN)
        assert isinstance(app.scene, TurnScreen) and app.scene.side == 1
        shown.append(everything_shown(app, drawn))
        key(app, pygame.K_TAB)  # B's own first keys find nothing of A's either
        shown.append(everything_shown(app, drawn))
        return shown, statuses
    finally:
        pygame.quit()


def test_team_b_sees_the_same_whatever_team_a_did(drawn):
    plain, _ = play_until_b(False, drawn)
    busy, statuses = play_until_b(True, drawn)
    assert len(statuses) >= 5
    for before, after in zip(plain, busy, strict=True):
        for what in before:
            assert before[what] == after[what], (before["scene"], what)
    # and a probe: nothing A typed or was told is anywhere on B's screens
    everything = repr(busy)
    own = [s for s in statuses if s != HELP]  # the help text is the same for everyone
    assert any(s.startswith("Item 1:") for s in own)
    for secret in [*own, RATIONALE, NOTICE, "Time is up"]:
        assert secret not in everything, secret


@pytest.mark.parametrize("hot_seat", [True, False])
def test_nothing_of_a_team_is_copied_to_the_clipboard_in_hot_seat(app, hot_seat):
    """The system clipboard outlives every screen: a hot-seat team cannot copy its text."""
    sc = load_scenario(resolve("1951"))
    other = PlayerSpec("human") if hot_seat else PlayerSpec("ai", "historical")
    session = Session(sc, "1951", 21, (PlayerSpec("human"), other), autosave=False)
    flow = GameFlow(app, session)
    app.flow = flow
    flow.start()
    assert app.manager.copy_text_enabled is not hot_seat
    app.step_scale(+1)  # a new theme, a new manager: still so
    assert app.manager.copy_text_enabled is not hot_seat
