"""Live reload through the window: a game from a copy of 1951.yaml, the file edited, broken and
fixed while the game is open, driven headless frame by frame."""

from __future__ import annotations

import shutil

import pygame
import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session import savefile
from game.session.session import PlayerSpec, Session, replay
from game.ui.flow import GameFlow
from game.ui.scenes.debrief import Debrief
from game.ui.scenes.handoff import Handoff
from game.ui.scenes.menu import MainMenu
from game.ui.scenes.results import Results
from game.ui.scenes.turn import Briefing, TurnScreen


def tick(app, seconds: float = 1.6, frame: float = 0.1) -> None:
    """Let time pass in the window: long enough for an edit to be seen and to settle."""
    for _ in range(round(seconds / frame)):
        app.frame(frame)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def start(app, path, players) -> GameFlow:
    sc = load_scenario(path)
    session = Session(sc, str(path), 21, players)
    flow = GameFlow(app, session)
    app.flow = flow
    flow.start()
    app.frame(0.016)
    return flow


def play_turn(app, key) -> None:
    """The human UN Command gives its orders, then reads the results."""
    if isinstance(app.scene, Briefing):
        key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TurnScreen)
    key(app, pygame.K_RETURN, pygame.KMOD_CTRL)
    assert isinstance(app.scene, Results)
    key(app, pygame.K_RETURN)


def notice_text(app) -> str:
    return app.notice.html if app.notice is not None and not app.notice.done else ""


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "my.yaml"
    shutil.copy(resolve("1951"), path)
    return path


def autosaves() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in savefile.autosave_dir().glob("*.json")}


def test_edit_break_and_fix_the_scenario_while_playing(app, scenario, screen_texts, press):
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    assert flow.live is not None
    for _ in range(2):
        play_turn(app, press)
    first = flow.session
    assert first.turn == 2 and isinstance(app.scene, TurnScreen)

    # an edit: a title on screen and a number that changes what happened
    edit(scenario, "title: Adoption of the agenda", "title: Adoption of the agenda (edited)")
    edit(scenario, "initial: 43", "initial: 47")
    tick(app)
    second = flow.session
    assert second is not first and second.turn == 2
    assert second.sc.sha256 != first.sc.sha256
    assert isinstance(app.scene, TurnScreen) and app.scene.flow.session is second
    on_screen = " ".join(screen_texts(app))
    assert "Adoption of the agenda (edited)" in on_screen
    assert "Reloaded my.yaml" in on_screen and "replayed to turn 3 of 20" in on_screen
    assert "From turn 1 on, the game differs" in notice_text(app)
    # the autosave now records the game on the new file, and replays exactly
    latest = savefile.latest_autosave()
    saved = savefile.read_save(latest)
    assert saved.scenario.sha256 == second.sc.sha256 and len(saved.turns) == 2
    assert replay(load_scenario(scenario), saved).state.checksum() == second.state.checksum()

    # broken: the old version goes on, the problems are listed with file:line:col
    before = autosaves()
    lines = scenario.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "turn_days: 15")
    edit(scenario, "turn_days: 15", "turn_dayz: 15")
    tick(app)
    assert flow.session is second
    on_screen = " ".join(screen_texts(app))
    assert "my.yaml no longer validates" in on_screen
    assert f"{scenario}:{line}:3: unknown key 'turn_dayz' in calendar" in on_screen
    assert autosaves() == before  # nothing written for a broken file
    press(app, pygame.K_ESCAPE)  # closes the message, does not leave the game
    assert isinstance(app.scene, TurnScreen) and app.notice is None
    play_turn(app, press)  # the game goes on with the version loaded before
    assert flow.session is second and second.turn == 3

    # fixed (and edited again): it reloads by itself, at the turn reached meanwhile
    edit(scenario, "turn_dayz: 15", "turn_days: 15")
    edit(scenario, "agenda (edited)", "agenda (edited twice)")
    tick(app)
    third = flow.session
    assert third is not second and third.turn == 3 and not third.over
    assert [t.orders for t in third.turns] == [t.orders for t in second.turns]
    assert "Reloaded my.yaml" in notice_text(app)
    assert "came out the same" in notice_text(app)
    assert savefile.read_save(savefile.latest_autosave()).scenario.sha256 == third.sc.sha256
    assert "Adoption of the agenda (edited twice)" in " ".join(screen_texts(app))


def test_undoing_a_broken_edit_clears_the_message(app, scenario, screen_texts):
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    session = flow.session
    good = scenario.read_text(encoding="utf-8")
    edit(scenario, "turn_days: 15", "turn_days: fifteen")
    tick(app)
    assert "my.yaml no longer validates" in notice_text(app)
    app.step_scale(+1)  # a new theme, a new widget manager: the message stays on screen
    app.frame(0.016)
    assert "my.yaml no longer validates" in " ".join(screen_texts(app))
    scenario.write_text(good, encoding="utf-8")
    tick(app)
    assert flow.session is session  # the very version in play: nothing to rebuild
    assert "back to the version in play" in " ".join(screen_texts(app))
    assert "no longer validates" not in " ".join(screen_texts(app))


def test_a_reload_during_a_hand_over_stays_on_the_hand_over(app, scenario, screen_texts, press):
    human = PlayerSpec("human")
    flow = start(app, scenario, (human, human))
    for _ in range(3):  # hand-over, briefing, for each team
        press(app, pygame.K_RETURN)
        if isinstance(app.scene, TurnScreen):
            break
    while not (isinstance(app.scene, Handoff) and app.scene.side == 1
               and flow.session.pending[0] is not None):
        scene = app.scene
        if isinstance(scene, TurnScreen):
            scene.rationale.set_text("UN-SECRET-NOTE")
            press(app, pygame.K_RETURN, pygame.KMOD_CTRL)
        else:
            press(app, pygame.K_RETURN)
    edit(scenario, "title: Adoption of the agenda", "title: Agenda, edited")
    tick(app)
    assert isinstance(app.scene, Handoff) and app.scene.side == 1
    assert flow.session.pending[0] is not None  # the UN Command's orders still stand
    assert flow.session.pending[0].rationale == ["UN-SECRET-NOTE"]
    on_screen = " ".join(screen_texts(app))
    assert "Reloaded my.yaml" in on_screen
    assert "UN-SECRET-NOTE" not in on_screen and "Agenda, edited" not in on_screen
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_RETURN)  # the Communist team takes the screen
    assert isinstance(app.scene, TurnScreen) and app.scene.side == 1
    assert "Agenda, edited" in " ".join(screen_texts(app))


def test_the_turn_screen_keeps_its_timer_and_note(app, scenario, press):
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    flow.timer_minutes = 3
    press(app, pygame.K_RETURN)
    screen = app.scene
    assert isinstance(screen, TurnScreen)
    screen.rationale.set_text("Push for the line of contact")
    screen.seconds_left = 100.0
    other = next(k for k in range(screen.legal.posture.shape[0])
                 if screen.legal.posture[k, 0] and k != int(screen.orders.posture[0]))
    screen.apply("posture", 0, (other, 0))  # a choice made in the old file's dropdowns
    edit(scenario, "title: Adoption of the agenda", "title: The agenda")
    tick(app)
    fresh = app.scene
    assert isinstance(fresh, TurnScreen) and fresh is not screen
    assert fresh.rationale.get_text() == "Push for the line of contact"
    assert 97.0 < fresh.seconds_left < 100.0
    assert "orders you had chosen this turn were reset" in notice_text(app)
    assert "your note was kept" in notice_text(app)


def test_nothing_is_watched_for_bundled_scenarios_or_off_the_game_screens(app, scenario):
    sc = load_scenario(resolve("1951"))
    bundled = GameFlow(app, Session(sc, "1951", 1, (PlayerSpec("human"),) * 2,
                                    autosave=False))
    assert bundled.live is None
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    app.show(MainMenu(app))  # the player left the game
    edit(scenario, "title: Adoption of the agenda", "title: Elsewhere")
    stats = flow.live.watcher.stats
    tick(app)
    assert flow.live.watcher.stats == stats and app.notice is None


def test_polling_costs_one_stat_per_half_second(app, scenario):
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    stats = flow.live.watcher.stats
    for _ in range(300):  # five seconds at 60 frames a second
        app.frame(1 / 60)
    assert 9 <= flow.live.watcher.stats - stats <= 11


def test_a_game_that_now_ends_sooner_goes_to_its_debrief(app, scenario, press):
    flow = start(app, scenario, (PlayerSpec("human"), PlayerSpec("ai", "historical")))
    for _ in range(3):
        play_turn(app, press)
    edit(scenario, 'when: "recess_turns() >= 10"', 'when: "turn_days() > 0 or true"')
    tick(app)
    assert flow.live.broken  # not an expression the file may use: listed, game unchanged
    edit(scenario, 'when: "turn_days() > 0 or true"', 'when: "world_opinion > 0"')
    tick(app)
    assert flow.session.over and flow.session.turn == 1
    assert isinstance(app.scene, Debrief)
    assert "The game now ends after turn 1 (The talks collapse)." in notice_text(app)
