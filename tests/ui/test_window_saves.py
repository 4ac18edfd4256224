"""Continue, and saves that cannot be written, in the window: the game goes on and says why."""

from __future__ import annotations

import errno
import json
import os

import pygame
import pytest

from game.session import savefile
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.menu import MainMenu
from game.ui.scenes.results import Results
from game.ui.scenes.turn import TurnScreen

AI = (PlayerSpec("ai", "random"), PlayerSpec("ai", "historical"))


def _age(path, seconds_ago: int) -> None:
    stamp = path.stat().st_mtime_ns - seconds_ago * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def notice_text(app) -> str:
    assert app.notice is not None and app.notice.window is not None
    return f"{app.notice.title}: {app.notice.html}"


@pytest.fixture
def autosaves(sc1951):
    """Three autosaves of one game (turns 1, 2, 3), oldest first, each older by a minute.
    A human plays the UN side (so a continued game waits for orders); the AI gives them."""
    session = Session(sc1951, "1951", 7, (PlayerSpec("human"), PlayerSpec("ai", "historical")),
                      autosave=True)
    helper = Session(sc1951, "1951", 7, AI, autosave=False)
    for _ in range(3):
        session.submit(0, helper.ai_orders(0))
        session.advance()
        helper.submit(0, helper.ai_orders(0))
        helper.advance()
    paths = sorted((savefile.autosave_dir()).glob("*.json"))
    for age, path in zip((300, 200, 100), paths, strict=True):
        _age(path, age)
    return paths


def press(app, key, mod=0):
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    app.frame(0.016)


def test_continue_skips_autosaves_that_do_not_replay_and_names_them(app, autosaves):
    first, second, third = autosaves
    raw = json.loads(third.read_text())
    raw["turns"][-1]["checksum"] = "f" * 64  # reads as a save, does not replay
    third.write_text(json.dumps(raw))
    second.write_text("{ truncated")
    _age(third, 100)
    _age(second, 200)
    app.show(MainMenu(app))
    app.frame(0.016)
    press(app, pygame.K_c)
    assert app.flow is not None and len(app.flow.session.turns) == 1  # the one before both
    text = notice_text(app)
    assert f"Autosave <b>{third.name}</b> could not be opened: desync at turn 2" in text
    assert f"Autosave <b>{second.name}</b> could not be opened: not an Armistice save" in text
    assert f"Continuing the one before: <b>{first.name}</b>" in text
    app.frame(0.016)
    assert app.notice is not None  # stays over the game's first screen until closed


def test_continue_when_no_autosave_opens(app, autosaves):
    for path in autosaves:
        path.write_bytes(b"\x00" * 10)
    app.show(MainMenu(app))
    app.frame(0.016)
    press(app, pygame.K_c)
    assert isinstance(app.scene, MainMenu) and app.flow is None
    text = notice_text(app)
    assert "No autosave could be opened" in text
    assert all(path.name in text for path in autosaves)


def test_continue_newest_autosave(app, autosaves):
    app.show(MainMenu(app))
    app.frame(0.016)
    press(app, pygame.K_c)
    assert len(app.flow.session.turns) == 3 and app.notice is None


@pytest.fixture
def human_game(app, sc1951):
    session = Session(sc1951, "1951", 3, (PlayerSpec("human"), PlayerSpec("ai", "historical")),
                      autosave=True)
    flow = GameFlow(app, session)
    app.flow = flow
    flow._queue = flow._plan_turn()  # straight to the first turn's orders (no briefing)
    flow.next()
    app.frame(0.016)
    assert isinstance(app.scene, TurnScreen)
    return flow


def test_an_autosave_that_fails_is_a_notice_and_the_turn_stays_played(app, human_game,
                                                                      monkeypatch):
    def full_disk(save, *args, **kwargs):
        raise savefile.SaveError("/data/autosave/x.json", "cannot be written (no space left "
                                                          "on device)")

    monkeypatch.setattr(savefile, "autosave", full_disk)
    press(app, pygame.K_RETURN, pygame.KMOD_CTRL)  # submit the orders
    assert len(human_game.session.turns) == 1
    assert isinstance(app.scene, Results)
    text = notice_text(app)
    assert ("This turn could not be autosaved: /data/autosave/x.json: cannot be written (no "
            "space left on device).") in text
    assert "autosave failed" not in text.lower().replace("autosave failed", "", 1)  # said once
    press(app, pygame.K_ESCAPE)  # the notice closes; the game goes on
    assert app.notice is None and isinstance(app.scene, Results)


def test_an_autosave_problem_reported_by_the_session_is_a_notice(app, human_game, monkeypatch):
    """How `advance` reports it once it no longer raises (interface 4 of issue 9)."""
    def advance(inject=()):
        human_game.session.autosave_problem = "x.json: cannot be written (read-only folder)"

    monkeypatch.setattr(human_game.session, "advance", advance, raising=False)
    human_game.resolve()
    assert "cannot be written (read-only folder)" in notice_text(app)


@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"),
    savefile.SaveError("/x/saves/g.json", "cannot be written (read-only file system)"),
    ValueError("the game is invalid"),
])
def test_a_save_that_cannot_be_written_is_a_notice(app, human_game, monkeypatch, failure):
    def fail(path, save):
        raise failure

    monkeypatch.setattr(savefile, "write_save", fail)
    press(app, pygame.K_s, pygame.KMOD_CTRL)
    assert isinstance(app.scene, TurnScreen) and not human_game.session.turns
    text = notice_text(app)
    assert text.startswith("Not saved: The game could not be saved to")
    assert "The game goes on" in text


def test_a_saves_folder_that_is_a_file(app, human_game):
    savefile.data_dir().mkdir(parents=True, exist_ok=True)
    savefile.saves_dir().write_text("not a folder")
    press(app, pygame.K_s, pygame.KMOD_CTRL)
    assert "cannot be written" in notice_text(app)
    assert savefile.saves_dir().read_text() == "not a folder"


def test_a_turn_the_scenario_cannot_play_is_a_notice_over_the_menu(app, human_game, tmp_path):
    """A scenario whose arithmetic overflows mid-game: the window names the place in the file
    and goes back to the menu, never a traceback; the turn is not played."""
    from game.scenario.loader import load_scenario
    from tests.engine.test_overflow import CASES, edited

    text, line, col = edited(*CASES["effect"])
    path = tmp_path / "overflow.yaml"
    path.write_text(text, encoding="utf-8")
    human_game.session.sc = load_scenario(path)
    press(app, pygame.K_RETURN, pygame.KMOD_CTRL)  # submit the orders: the turn overflows
    assert isinstance(app.scene, MainMenu) and not human_game.session.turns
    said = notice_text(app)
    assert said.startswith("This turn could not be played:")
    assert f"overflow.yaml:{line}:{col}:" in said and "Fix the scenario" in said
