"""`python -m benchmarks.strength`: how much better the lookahead plays than the other policies.

Paired games: for each side of each bundled scenario, the same N games (same seed, same game
indices, the same opponent policy) are played once with that side under `lookahead` and once
under each baseline (`heuristic`, `historical`). The figure is the share of games in which the
lookahead's side ends with a strictly higher score than the baseline's did in the same game
(ties count against it), with the mean score difference. Prints one JSON object.

    python -m benchmarks.strength                       # 1,000 paired games, all scenarios
    python -m benchmarks.strength --games 200 --scenario 1951 --side unc
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from game.ai.policy import make_policy
from game.scenario.bundled import bundled_names, resolve
from game.scenario.loader import load_scenario
from game.session.simulate import play_batch
from game.vocab import SIDES

BASELINES = ("heuristic", "historical")


def final_scores(sc, seed: int, games: int, policies: tuple[str, str],
                 chunk: int = 250) -> np.ndarray:
    """Both sides' final scores, (2, games), playing `chunk` games at a time."""
    made = (make_policy(policies[0], sc, 0), make_policy(policies[1], sc, 1))
    out = np.empty((2, games))
    for lo in range(0, games, chunk):
        hi = min(games, lo + chunk)
        state = play_batch(sc, seed, np.arange(lo, hi, dtype=np.uint64), made)
        out[:, lo:hi] = state.score
    return out


def compare(scenario: str, side: int, games: int, seed: int, player: str = "lookahead",
            opponent: str = "historical") -> dict:
    sc = load_scenario(resolve(scenario))
    def pair(me: str) -> tuple[str, str]:
        return (me, opponent) if side == 0 else (opponent, me)
    start = time.perf_counter()
    mine = final_scores(sc, seed, games, pair(player))[side]
    result: dict = {"scenario": scenario, "side": SIDES[side], "opponent": opponent,
                    "games": games, "player": player}
    for base in BASELINES:
        theirs = final_scores(sc, seed, games, pair(base))[side]
        diff = mine - theirs
        result[f"vs_{base}"] = {
            "higher": round(float((diff > 1e-9).mean()), 4),
            "tied": round(float((np.abs(diff) <= 1e-9).mean()), 4),
            "mean_gain": round(float(diff.mean()), 3),
            "mean_score": round(float(mine.mean()), 3),
            "baseline_score": round(float(theirs.mean()), 3)}
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.strength", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--games", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scenario", choices=bundled_names(), action="append")
    p.add_argument("--side", choices=SIDES, action="append")
    p.add_argument("--player", default="lookahead")
    p.add_argument("--opponent", default="historical")
    args = p.parse_args(argv)
    rows = []
    for scenario in args.scenario or bundled_names():
        for side in args.side or SIDES:
            row = compare(scenario, SIDES.index(side), args.games, args.seed, args.player,
                          args.opponent)
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    print(json.dumps({"paired_games": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
