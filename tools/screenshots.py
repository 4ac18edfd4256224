"""Render every screen of the game at 1280x720 and 1920x1080 into docs/screenshots/.

    python tools/screenshots.py [--out DIR]

Uses SDL's dummy video driver, so it runs without a display. A game is played by the AI up to
the middle of 1951 so that the screens show a real situation.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("ARMISTICE_DATA_DIR", tempfile.mkdtemp(prefix="armistice-shots-"))

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.ai.policy import make_policy
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.pin import hash_pin
from game.session.session import PlayerSpec, Session
from game.session.simulate import policy_rng, run_ai_seed
from game.ui.app import App
from game.ui.config import UISettings
from game.ui.flow import GameFlow
from game.ui.scenes import (
    debrief,
    handoff,
    load,
    menu,
    new_game,
    results,
    settings,
    sources,
    turn,
)
from game.ui.scenes.instructor import InstructorWindow

SIZES = ((1280, 720), (1920, 1080))


def play_for_unc(session: Session) -> None:
    """Let the historical AI give the human UN side's orders (to reach a real situation)."""
    policy = make_policy("historical", session.sc, 0)
    rng = policy_rng(run_ai_seed(session.seed), session.state.rng.game_index, 0)
    session.submit(0, policy.choose(session.view(0), session.legal(0), rng))
    session.advance()


def settle(app: App, frames: int = 3) -> None:
    for _ in range(frames):
        app.frame(0.016)


def shoot(app: App, scene, name: str, out: Path, size: tuple[int, int],
          fresh: bool = False) -> Path:
    app.show(scene, fresh=fresh)
    settle(app)
    path = out / f"{name}-{size[0]}x{size[1]}.png"
    app.screenshot(path)
    return path


def reload_shots(app: App, out: Path, suffix: str, size: tuple[int, int]) -> list[Path]:
    """A scenario file edited while it is played: the game reloaded, then the file broken."""
    out = out.resolve()  # the shots are taken from inside a temporary folder
    folder = Path(tempfile.mkdtemp(prefix="armistice-reload-"))
    shutil.copy(resolve("1951"), folder / "my_scenario.yaml")
    shots = []
    with contextlib.chdir(folder):  # so the messages name the file as an instructor would
        path = Path("my_scenario.yaml")
        ai = PlayerSpec("ai", "historical")
        session = Session(load_scenario(path), str(path), 7, (PlayerSpec("human"), ai))
        for _ in range(4):
            play_for_unc(session)
        flow = GameFlow(app, session)
        app.flow = flow
        app.show(turn.TurnScreen(app, flow, 0))
        for name, old, new in (
                ("reload", "title: Adoption of the agenda", "title: Adopting the agenda"),
                ("reload-error", "turn_days: 15\n", "turn_dayz: 15\nend: soon\n")):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            for _ in range(16):  # let the watcher see the edit and let it settle
                app.frame(0.1)
            shot = out / f"{name}{suffix}-{size[0]}x{size[1]}.png"
            app.screenshot(shot)
            shots.append(shot)
    app.show(menu.MainMenu(app))  # leave the game: nothing polls the file any more
    shutil.rmtree(folder, ignore_errors=True)
    return shots


def hot_seat_shots(app: App, sc, out: Path, suffix: str, size: tuple[int, int]) -> list[Path]:
    """New game for hot-seat with the instructor's PIN, the PIN prompt at F9, and the second
    team's turn screen right after the hand-over."""
    shots = []
    scene = new_game.NewGame(app)
    scene.opponent = "human"
    scene.pin_texts = ("4711", "4711")
    shots.append(shoot(app, scene, "new-game-pin" + suffix, out, size))
    human = PlayerSpec("human")
    hot = Session(sc, "1951", 7, (human, human), autosave=False, instructor_pin=hash_pin("4711"))
    flow = GameFlow(app, hot, timer_minutes=5)
    app.flow = flow
    screen = turn.TurnScreen(app, flow, 0)
    app.show(screen, fresh=True)
    screen.open_instructor()
    screen.instructor.prompt.entry.set_text("1234")
    screen.instructor.prompt.submit()  # a wrong PIN: refused, and said so
    screen.instructor.prompt.entry.set_text("47")
    settle(app)
    path = out / f"pin-prompt{suffix}-{size[0]}x{size[1]}.png"
    app.screenshot(path)
    shots.append(path)
    hot.submit(0, screen.orders)
    shots.append(shoot(app, turn.TurnScreen(app, flow, 1), "turn-communist" + suffix, out,
                       size, fresh=True))
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sc = load_scenario(resolve("1951"))
    written = []
    for size in SIZES:
        app = App(UISettings(width=size[0], height=size[1], scale=args.scale), headless=True)
        hot = Session(sc, "1951", 7, (PlayerSpec("human"), PlayerSpec("human")), autosave=False)
        ai = PlayerSpec("ai", "historical")
        session = Session(sc, "1951", 7, (PlayerSpec("human"), ai), autosave=False)
        for _ in range(11):  # to December 1951: items 3 and 4 on the table
            play_for_unc(session)
        flow = GameFlow(app, session, timer_minutes=5)
        app.flow = flow
        suffix = "" if args.scale == 1.0 else f"-scale{args.scale:g}"
        shots = [
            ("menu", menu.MainMenu(app)),
            ("new-game", new_game.NewGame(app)),
            ("briefing", turn.Briefing(app, flow, 0)),
            ("turn-unc", turn.TurnScreen(app, flow, 0)),
            ("handoff", handoff.Handoff(app, GameFlow(app, hot), 1)),
            ("results", results.Results(app, flow, 0)),
            ("load", load.LoadGame(app)),
            ("settings", settings.SettingsScene(app)),
            ("sources", sources.Sources(app)),
        ]
        for name, scene in shots:
            written.append(shoot(app, scene, name + suffix, args.out, size))
        written += hot_seat_shots(app, sc, args.out, suffix, size)
        screen = turn.TurnScreen(app, flow, 0)
        app.show(screen)
        screen.instructor = InstructorWindow(app, flow, on_change=screen.rebuild)
        settle(app)
        path = args.out / f"instructor{suffix}-{size[0]}x{size[1]}.png"
        app.screenshot(path)
        written.append(path)
        while not session.over:
            play_for_unc(session)
        written.append(shoot(app, debrief.Debrief(app, flow), "debrief" + suffix, args.out,
                             size))
        written += reload_shots(app, args.out, suffix, size)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
