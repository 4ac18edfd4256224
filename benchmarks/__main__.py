"""`python -m benchmarks`: measure the figures of the design's benchmark contract and print
them as one JSON object. Speed is measured here, never asserted in tests.

Figures: batch_games_per_s (1951, N = 100,000, historical policies), single_games_per_s (the
same rules one game at a time), batch_vs_single, turn_ms (one interactive turn: both AIs decide
and the turn is resolved with its log), load_ms (load and validate each bundled scenario),
batch_peak_mb (peak resident memory of a process running the 100,000-game batch),
simulate_1m_s (wall time of `armistice simulate 1951 --runs 1000000 --json`, process start to
exit, on every core; with the games/s the command reports, its process count and the peak
memory of its largest process; --quick runs 20,000 games and names the figure simulate_20k_s),
and for the window (SDL's dummy video driver): startup_s (process start to the first drawn menu
frame), frame_ms (mean frame of the turn screen at 1920x1080), rss_mb (resident memory of the
GUI after ten turns).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

from game.ai.policy import make_policy
from game.scenario.bundled import bundled_names, resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session
from game.session.simulate import play_batch, simulate

BATCH_N = 100_000
SINGLE_N = 300
SIMULATE_N = 1_000_000


def batch_games_per_s(runs: int) -> float:
    sc = load_scenario(resolve("1951"))
    summary = simulate(sc, runs, seed=1)
    return runs / summary.seconds


def single_games_per_s(games: int) -> float:
    sc = load_scenario(resolve("1951"))
    policies = (make_policy("historical", sc, 0), make_policy("historical", sc, 1))
    start = time.perf_counter()
    for k in range(games):
        play_batch(sc, 1, np.array([k], dtype=np.uint64), policies)
    return games / (time.perf_counter() - start)


def turn_ms(games: int = 20) -> float:
    sc = load_scenario(resolve("1951"))
    ai = PlayerSpec("ai", "historical")
    spent, turns = 0.0, 0
    for k in range(games):
        session = Session(sc, "1951", 1, (ai, ai), game_index=k, autosave=False)
        while not session.over:
            start = time.perf_counter()
            session.advance()
            spent += time.perf_counter() - start
            turns += 1
    return 1000 * spent / turns


def ai_decision_ms(decisions: int = 20) -> float:
    """One lookahead decision for one game (normal level), mean over a game's turns."""
    from game.engine.turn import legal
    from game.engine.view import side_view
    from game.session.simulate import policy_rng, run_ai_seed

    sc = load_scenario(resolve("1951"))
    policy = make_policy("lookahead", sc, 0)
    ai = PlayerSpec("ai", "historical")
    session = Session(sc, "1951", 1, (ai, ai), autosave=False, ai_seed=run_ai_seed(1))
    rng = policy_rng(session.ai_seed, session.state.rng.game_index, 0)
    spent, count = 0.0, 0
    while not session.over and count < decisions:
        view = side_view(sc, session.state, 0)
        start = time.perf_counter()
        policy.choose(view, legal(sc, session.state, 0), rng)
        spent += time.perf_counter() - start
        count += 1
        session.advance()
    return 1000 * spent / count


def load_ms(repeats: int = 5) -> dict[str, float]:
    out = {}
    for name in bundled_names():
        path = resolve(name)
        best = min(_timed(load_scenario, path) for _ in range(repeats))
        out[name] = round(1000 * best, 2)
    return out


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def batch_peak_mb(runs: int) -> float:
    """Peak RSS of a fresh process that runs the batch (interpreter and NumPy included)."""
    code = ("import resource, sys\n"
            "from benchmarks.__main__ import batch_games_per_s\n"
            f"batch_games_per_s({runs})\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=os.path.dirname(os.path.dirname(__file__)) or ".")
    kib = int(done.stdout.strip().splitlines()[-1])
    return kib / 1024.0


SIMULATE_CHILD = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "game", "simulate", "1951", "--runs", sys.argv[1],
                       "--json"], capture_output=True, text=True, check=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
rate = json.loads(done.stdout)["games_per_s"]
print(json.dumps({"wall": wall, "peak": peak, "games_per_s": rate}))
"""


def simulate_figures(runs: int) -> dict[str, float]:
    """The `simulate` command end to end, in a fresh process (so the wall time includes start
    and scenario load, and the peak is the largest process of the run: parent or a worker)."""
    from game.session.simulate import default_workers, plan_chunks

    done = subprocess.run([sys.executable, "-c", SIMULATE_CHILD, str(runs)], capture_output=True,
                          text=True, check=True,
                          cwd=os.path.dirname(os.path.dirname(__file__)) or ".")
    got = json.loads(done.stdout.strip().splitlines()[-1])
    size = f"{runs // 1_000_000}m" if runs % 1_000_000 == 0 else f"{runs // 1000}k"
    workers = min(default_workers(), len(plan_chunks(runs, default_workers(),
                                                     ("historical", "historical"))))
    return {f"simulate_{size}_s": round(got["wall"], 2),
            "simulate_games_per_s": got["games_per_s"], "simulate_workers": workers,
            "simulate_peak_mb": round(got["peak"], 1)}


GUI_CHILD = r"""
import os, resource, sys, time
t0 = float(sys.argv[1])
os.environ["SDL_VIDEODRIVER"] = "dummy"; os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ["ARMISTICE_DATA_DIR"] = sys.argv[2]
from game.ui.app import App
from game.ui.config import UISettings
from game.ui.scenes.menu import MainMenu
app = App(UISettings(width=1920, height=1080), headless=True)
app.show(MainMenu(app)); app.frame(0.016)
startup = time.time() - t0
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.scenes.turn import TurnScreen
sc = load_scenario(resolve("1951"))
ai = PlayerSpec("ai", "historical")
session = Session(sc, "1951", 1, (PlayerSpec("human"), ai), autosave=False)
flow = GameFlow(app, session)
for _ in range(10):
    app.show(TurnScreen(app, flow, 0)); app.frame(0.016)
    session.submit(0, app.scene.orders); session.advance()
app.show(TurnScreen(app, flow, 0))
for _ in range(20): app.frame(0.016)
n = 300
start = time.perf_counter()
for _ in range(n): app.frame(0.016)
frame = 1000 * (time.perf_counter() - start) / n
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(startup, frame, rss)
"""


def gui_figures() -> dict[str, float]:
    """startup_s, frame_ms and rss_mb, measured in a fresh process."""
    import tempfile

    with tempfile.TemporaryDirectory() as data:
        done = subprocess.run([sys.executable, "-c", GUI_CHILD, repr(time.time()), data],
                              capture_output=True, text=True, check=True,
                              cwd=os.path.dirname(os.path.dirname(__file__)) or ".")
    startup, frame, rss = (float(x) for x in done.stdout.split()[-3:])
    return {"startup_s": round(startup, 3), "frame_ms": round(frame, 3),
            "rss_mb": round(rss, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    args = parser.parse_args(argv)
    n = 5_000 if args.quick else BATCH_N
    singles = 30 if args.quick else SINGLE_N
    batch = batch_games_per_s(n)
    single = single_games_per_s(singles)
    loads = load_ms()
    result = {
        "batch_n": n,
        "batch_games_per_s": round(batch, 1),
        "single_games_per_s": round(single, 2),
        "batch_vs_single": round(batch / single, 1),
        "turn_ms": round(turn_ms(3 if args.quick else 20), 3),
        "ai_decision_ms": round(ai_decision_ms(3 if args.quick else 20), 1),
        "load_ms": loads,
        "load_ms_max": max(loads.values()),
        "batch_peak_mb": round(batch_peak_mb(n), 1),
        **simulate_figures(20_000 if args.quick else SIMULATE_N),
        **gui_figures(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
