"""Every order can be given from the keyboard: Tab walks the order panel, Up/Down change a row,
and what the keyboard sets is what the drop-downs show and what is sent."""

import pygame

from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.turn import TurnScreen
from game.vocab import CONCEDE, HOLD, OFFER


def _turn_screen(app, sc1951) -> TurnScreen:
    session = Session(sc1951, "1951", 5, (PlayerSpec("human"), PlayerSpec("ai", "historical")),
                      autosave=False)
    screen = TurnScreen(app, GameFlow(app, session), 0)
    app.show(screen)
    app.frame(0.016)
    return screen


def test_tab_and_arrows_reach_every_row_and_change_it(app, sc1951, press):
    screen = _turn_screen(app, sc1951)
    rows = [name for _, name, _ in screen.order_rows]
    assert rows[:2] == ["Military posture", "The talks"]
    assert any(name.startswith("1. ") for name in rows)  # the agenda item is on the table
    item_row = next(k for k, name in enumerate(rows) if name.startswith("1. "))
    for _ in range(item_row + 1):
        press(app, pygame.K_TAB)
    assert screen.key_row == item_row
    assert rows[item_row] in app.status
    before = int(screen.orders.action[0, 0])
    assert before == HOLD
    press(app, pygame.K_DOWN)
    after = int(screen.orders.action[0, 0])
    assert after in (CONCEDE, OFFER)
    # the drop-down was rebuilt showing the keyboard's choice, not reset to Hold
    menu = next(m for m, (kind, i) in screen.widgets.items() if (kind, i) == ("item", 0))
    shown = menu.selected_option[0] if isinstance(menu.selected_option, tuple) \
        else menu.selected_option
    assert screen.options[menu][shown] == screen.choice("item", 0)
    assert screen.key_row == item_row  # the keyboard stays on its row after the rebuild
    press(app, pygame.K_UP)
    assert int(screen.orders.action[0, 0]) == HOLD
    # Shift+Tab walks back; from the first row it wraps to the last
    for _ in range(item_row + 1):
        press(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert screen.key_row == len(rows) - 1


def test_posture_by_keyboard_is_what_is_sent(app, sc1951, press):
    screen = _turn_screen(app, sc1951)
    press(app, pygame.K_TAB)  # the posture row
    start = int(screen.orders.posture[0])
    press(app, pygame.K_DOWN)
    chosen = int(screen.orders.posture[0])
    assert chosen != start
    assert sc1951.postures[0].models[chosen].label in app.status
