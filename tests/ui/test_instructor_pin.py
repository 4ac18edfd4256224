"""The instructor's controls (F9) behind a PIN: set at New game (asked for in hot-seat play),
typed hidden before the controls open, a wrong one refused; every use in the game record."""

import pygame
import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.pin import check_pin, hash_pin
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.handoff import Handoff
from game.ui.scenes.new_game import OPPONENTS, PIN_CHOICES, NewGame
from game.ui.scenes.turn import TurnScreen

PIN = "4711"


def instructor_lines(session) -> list[str]:
    return [e.text for e in session.log.entries if e.kind == "instructor"]


def open_game(app, players, pin=None) -> TurnScreen:
    sc = load_scenario(resolve("1951"))
    session = Session(sc, "1951", 5, players, autosave=False,
                      instructor_pin=hash_pin(pin) if pin else None)
    flow = GameFlow(app, session)
    app.flow = flow
    flow._queue = [("orders", 0)]
    flow.next()
    if isinstance(app.scene, Handoff):
        app.scene.handed_to = 0
        flow.next()
    assert isinstance(app.scene, TurnScreen)
    app.frame(0.016)
    return app.scene


def choose(app, menu, text) -> None:
    import pygame_gui

    app.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu,
                                  text=text))
    app.frame(0.016)


def test_hot_seat_new_game_asks_for_a_pin(app, screen_texts, press):
    scene = NewGame(app)
    app.show(scene)
    hot = next(k for k, v in OPPONENTS.items() if v == "human")
    choose(app, scene.opponent_menu, hot)
    scene = app.scene
    assert scene.wants_pin and all(e.is_enabled for e in scene.pin_entries)
    scene.start()  # no PIN typed: refused, with the reason and the way out
    assert app.scene is scene and app.flow is None
    assert "No PIN" in " ".join(screen_texts(app))
    scene.pin_entries[0].set_text(PIN)
    scene.pin_entries[1].set_text("4712")
    scene.start()
    assert app.scene is scene and "differ" in " ".join(screen_texts(app))
    scene.pin_entries[0].set_text("12")
    scene.pin_entries[1].set_text("12")
    scene.start()
    assert app.scene is scene and "4 to 32" in " ".join(screen_texts(app))
    scene.pin_entries[0].set_text(PIN)
    scene.pin_entries[1].set_text(PIN)
    scene.start()
    pin = app.flow.session.instructor_pin
    assert check_pin(pin, PIN) and PIN not in str(pin)
    assert app.flow.session.to_save().settings["instructor_pin"] == pin


def test_no_pin_is_a_clear_choice(app):
    scene = NewGame(app)
    app.show(scene)
    choose(app, scene.opponent_menu, next(k for k, v in OPPONENTS.items() if v == "human"))
    scene = app.scene
    choose(app, scene.pin_menu, next(k for k, v in PIN_CHOICES.items() if not v))
    scene = app.scene
    assert not any(e.is_enabled for e in scene.pin_entries)
    scene.start()
    assert app.flow.session.instructor_pin is None
    assert "instructor_pin" not in app.flow.session.to_save().settings


def test_against_the_ai_no_pin_by_default(app):
    scene = NewGame(app)
    app.show(scene)
    assert not scene.wants_pin
    scene.start()
    assert app.flow.session.instructor_pin is None


def test_f9_asks_for_the_pin_and_refuses_a_wrong_one(app, screen_texts, press):
    human = PlayerSpec("human")
    turn = open_game(app, (human, human), pin=PIN)
    press(app, pygame.K_F9)
    shown = " ".join(screen_texts(app))
    assert "PIN" in shown and "Reveal both sides" not in shown
    prompt = turn.instructor.prompt
    assert prompt.entry.is_focused
    posture = int(turn.orders.posture[0])
    press(app, pygame.K_p)  # typed into the prompt: no order changes
    assert int(turn.orders.posture[0]) == posture
    prompt.entry.set_text("0000")
    press(app, pygame.K_RETURN)
    shown = " ".join(screen_texts(app))
    assert "Wrong PIN" in shown and "Reveal both sides" not in shown
    assert any("PIN refused" in line for line in instructor_lines(turn.flow.session))
    assert [e.kind for e in turn.flow.session.instructor][-1] == "pin_refused"  # its own kind
    prompt.entry.set_text(PIN)
    press(app, pygame.K_RETURN)
    assert "Reveal both sides" in " ".join(screen_texts(app))
    assert any("opened" in line for line in instructor_lines(turn.flow.session))


def test_escape_closes_the_prompt_not_the_game(app, press):
    human = PlayerSpec("human")
    turn = open_game(app, (human, human), pin=PIN)
    press(app, pygame.K_F9)
    press(app, pygame.K_ESCAPE)
    assert app.scene is turn and not turn.instructor.alive()


def test_against_the_ai_without_a_pin_f9_opens_as_before(app, screen_texts, press):
    turn = open_game(app, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    press(app, pygame.K_F9)
    assert "Reveal both sides" in " ".join(screen_texts(app))
    assert any("opened" in line for line in instructor_lines(turn.flow.session))


@pytest.mark.parametrize("bad", ["", "1234", [1, 2], {"salt": "00"},
                                 {"salt": "0" * 32, "scrypt": "g" * 64}])
def test_a_bad_pin_in_a_save_is_refused(bad, tmp_path):
    """A save's PIN is checked by the save's schema (format 2) when the file is read: even
    resealed, a bad one is refused with one line naming the file and the field."""
    import json

    from game.session import record, savefile
    from game.session.session import replay_file

    sc = load_scenario(resolve("1951"))
    session = Session(sc, "1951", 5, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False, instructor_pin=hash_pin(PIN))
    path = tmp_path / "pin.json"
    session.save(path)
    assert check_pin(replay_file(path).instructor_pin, PIN)  # kept across save and Continue
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["settings"]["instructor_pin"] = bad
    raw["seal"] = record.seal_of(raw)  # not refused as edited: refused for the PIN itself
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(savefile.SaveError) as info:
        savefile.read_save(path)
    assert "settings instructor_pin" in info.value.reason
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)


def test_a_live_reload_keeps_the_pin():
    """The instructor edits the scenario file mid-game: F9 stays behind the same PIN."""
    from game.session.reload import rebuild

    sc = load_scenario(resolve("1951"))
    session = Session(sc, "1951", 5, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False, instructor_pin=hash_pin(PIN))
    assert check_pin(rebuild(session, sc).session.instructor_pin, PIN)


@pytest.mark.parametrize("size, scale", [((1280, 720), 1.0), ((1280, 720), 1.5),
                                         ((1920, 1080), 1.0), ((1920, 1080), 1.5)])
def test_the_pin_screens_fit(size, scale):
    """New game with the PIN and the PIN prompt: no label cut off, every field above the
    buttons, at a projector's text size too."""
    import warnings

    from game.ui.app import App
    from game.ui.config import UISettings

    app = App(UISettings(width=size[0], height=size[1], scale=scale), headless=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Label Rect is too small")
        scene = NewGame(app)
        scene.opponent = "human"
        app.show(scene)
        app.frame(0.016)
        fields = [scene.scenario_menu, scene.path_entry, scene.side_menu, scene.opponent_menu,
                  scene.policy_menu, scene.timer_menu, scene.seed_entry, scene.pin_menu,
                  *scene.pin_entries]
        top_of_buttons = scene.start_button.rect.top
        for field in fields:
            assert field.rect.bottom <= top_of_buttons or field.rect.right <= \
                scene.back_button.rect.left, field
        assert scene.info.rect.height >= 60
        turn = open_game(app, (PlayerSpec("human"), PlayerSpec("human")), pin=PIN)
        turn.open_instructor()
        turn.instructor.prompt.entry.set_text("1")
        turn.instructor.prompt.submit()  # the longest note: a refusal
        app.frame(0.016)
        prompt = turn.instructor.prompt.window.rect
        assert app.surface.get_rect().contains(prompt)
