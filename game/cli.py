"""The `armistice` command.

Every failure a user can cause — a bad flag, a broken scenario, a corrupt save — ends with a
clear message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from game import __version__
from game.ai.policy import POLICIES
from game.scenario.bundled import bundled_names, resolve
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import ScenarioError
from game.scenario.loader import load_scenario

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one message, exit code 1."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.run = cmd_menu
    try:
        return int(args.run(args) or 0)
    except CliError as exc:
        print(f"armistice: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `armistice simulate ... | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="armistice",
        description="Armistice: negotiate the Korean War armistice, 1951-1953.",
        epilog=f"Bundled scenarios: {', '.join(bundled_names())}. "
               "Run 'armistice COMMAND -h' for a command's options.")
    p.add_argument("--version", action="version", version=f"armistice {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play in a window (armistice alone opens the menu)")
    _game_options(play)
    play.set_defaults(run=cmd_play)

    text = sub.add_parser("text", help="play in the terminal")
    _game_options(text)
    text.set_defaults(run=cmd_text)

    v = sub.add_parser("validate", help="check scenario files (exit 1 on any error)")
    v.add_argument("files", nargs="+", metavar="FILE", help="paths, or bundled names (1951)")
    v.set_defaults(run=cmd_validate)

    s = sub.add_parser("simulate", help="play many games with AI policies and summarize them")
    s.add_argument("scenario", metavar="SCENARIO")
    s.add_argument("--runs", type=_positive, default=1000)
    s.add_argument("--seed", type=_seed, default=1)
    s.add_argument("--unc", choices=POLICIES, default="historical")
    s.add_argument("--communist", choices=POLICIES, default="historical")
    s.add_argument("--what-if", action="append", default=[], metavar="NAME")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--out", type=Path, metavar="DIR", help="also write summary.json there")
    s.set_defaults(run=cmd_simulate)

    r = sub.add_parser("replay", help="replay a save (check it with --verify)")
    r.add_argument("save", type=Path, metavar="SAVE")
    r.add_argument("--verify", action="store_true",
                   help="check every turn's state against the save; report a desync")
    r.add_argument("--until", type=_positive, metavar="TURN", help="stop after this turn")
    r.add_argument("--side", choices=("unc", "communist", "all"), default="all",
                   help="whose news to print (default: all, as in the debrief)")
    r.set_defaults(run=cmd_replay)

    sc = sub.add_parser("schema", help="print the scenario format's JSON Schema")
    sc.add_argument("-o", "--output", type=Path, metavar="FILE")
    sc.set_defaults(run=cmd_schema)
    return p


def _game_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default="1951", metavar="SCENARIO",
                   help="a bundled name (1951) or a path to a .yaml file")
    p.add_argument("--side", choices=("unc", "communist"), default="unc")
    p.add_argument("--opponent", choices=("ai", "human"), default="ai")
    p.add_argument("--ai", choices=POLICIES, default="historical", metavar="POLICY",
                   help=f"the AI's policy: {', '.join(POLICIES)}")
    p.add_argument("--seed", type=_seed, default=None)
    p.add_argument("--what-if", action="append", default=[], metavar="NAME")
    p.add_argument("--load", type=Path, metavar="SAVE", help="continue a saved game")
    p.add_argument("--from", dest="from_save", type=Path, metavar="SAVE",
                   help="campaign: start from the end of a finished game of an earlier "
                        "scenario (e.g. 1952 after 1951)")
    p.add_argument("--no-autosave", action="store_true")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("must be between 0 and 2**63 - 1")
    return value


def open_scenario(ref: str, what_ifs: Sequence[str] = ()) -> CompiledScenario:
    try:
        path = resolve(ref)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from None
    return load_scenario(path, what_ifs)


# commands ------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            path = resolve(name)
        except FileNotFoundError as exc:
            print(f"{name}:1:1: {exc}", file=sys.stderr)
            failed += 1
            continue
        try:
            sc = load_scenario(path)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        print(f"{name}: ok — {sc.model.title}: {len(sc.item_ids)} agenda items, "
              f"{len(sc.event_ids)} events, {sc.turns} turns of {sc.turn_days} days")
    return EXIT_FAIL if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import schema_text

    text = schema_text()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.session.simulate import simulate

    sc = open_scenario(args.scenario, args.what_if)
    progress = None
    if not args.json and sys.stderr.isatty():
        def progress(done: int, total: int) -> None:
            print(f"\r  {done:,}/{total:,} games", end="", file=sys.stderr, flush=True)
    summary = simulate(sc, args.runs, args.seed, args.unc, args.communist, progress=progress)
    if progress:
        print(file=sys.stderr)
    data = summary.to_json()
    data["scenario"] = sc.id
    data["what_ifs"] = list(args.what_if)
    if args.out:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "summary.json").write_text(json.dumps(data, indent=2) + "\n")
        except OSError as exc:
            raise CliError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps(data))
    else:
        print_summary(data)
    return EXIT_OK


def print_summary(data: dict, out: TextIO = sys.stdout) -> None:
    print(f"{data['runs']:,} games of {data['scenario']} (seed {data['seed']}; UNC "
          f"{data['policies']['unc']}, Communist {data['policies']['communist']}) in "
          f"{data['seconds']:.2f} s", file=out)
    print("Outcomes:", ", ".join(f"{k} {v:,}" for k, v in data["outcomes"].items()), file=out)
    print(f"{'item':<18}{'agreed':>8}{'p10':>12}{'p50':>12}{'p90':>12}{'history':>12}",
          file=out)
    for item, e in data["items"].items():
        if e.get("agreed_before_start"):
            print(f"{item:<18}{'agreed before the scenario starts':>44}"
                  f"{e.get('historical', ''):>12}", file=out)
            continue
        print(f"{item:<18}{e['agreed_share']:>8.1%}{e.get('p10', '-'):>12}"
              f"{e.get('p50', '-'):>12}{e.get('p90', '-'):>12}{e.get('historical', ''):>12}",
              file=out)
    for side, c in data["casualties"].items():
        print(f"Casualties, {side}: median {c.get('p50', 0):,.0f} "
              f"(10-90%: {c.get('p10', 0):,.0f}-{c.get('p90', 0):,.0f})", file=out)


def _gui_or_explain(start) -> int:
    """Run the window; where no display can be opened, say so and point to the terminal."""
    try:
        import pygame
    except ImportError as exc:  # pragma: no cover - a broken install
        raise CliError(f"the windowed game needs pygame-ce ({exc})") from None
    try:
        from game.ui.app import run_gui

        return run_gui(start)
    except pygame.error as exc:
        raise CliError(f"cannot open a window ({exc}). Play in the terminal instead: "
                       "armistice text 1951") from None


def cmd_menu(args: argparse.Namespace) -> int:
    return _gui_or_explain(None)


def cmd_play(args: argparse.Namespace) -> int:
    session = build_session(args)

    def start(app):
        from game.ui.flow import GameFlow

        flow = GameFlow(app, session, timer_minutes=app.settings.turn_timer_minutes)
        app.flow = flow
        flow.start()

    return _gui_or_explain(start)


def build_session(args: argparse.Namespace):
    """The session a `play` or `text` command asks for: loaded, campaign, or new."""
    from game.session import savefile
    from game.session.session import PlayerSpec, ReplayError, Session, replay

    if args.load:
        try:
            save = savefile.read_save(args.load)
        except savefile.SaveError as exc:
            raise CliError(str(exc)) from None
        sc = open_scenario(save.scenario.ref, save.settings.get("what_ifs", []))
        try:
            return replay(sc, save, verify=True, autosave=not args.no_autosave)
        except ReplayError as exc:
            raise CliError(f"{args.load}: {exc}") from None
    sc = open_scenario(args.scenario, args.what_if)
    me = 0 if args.side == "unc" else 1
    other = PlayerSpec("ai", args.ai) if args.opponent == "ai" else PlayerSpec("human")
    players = (PlayerSpec("human"), other) if me == 0 else (other, PlayerSpec("human"))
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(6), "big")
    start = campaign_start(args.from_save, sc) if args.from_save else None
    return Session(sc, args.scenario, seed, players, autosave=not args.no_autosave,
                   start=start)


def cmd_text(args: argparse.Namespace) -> int:
    from game.text.play import TextGame

    session = build_session(args)
    return TextGame(session, sys.stdout, _reader(sys.stdin)).run()


def campaign_start(path: Path, sc: CompiledScenario) -> dict | None:
    """The carry-over from a finished earlier game, or None (with a note) where it cannot
    lead into this scenario."""
    from game.session import savefile
    from game.session.campaign import CampaignError, carry_over
    from game.session.session import ReplayError, replay

    try:
        save = savefile.read_save(path)
    except savefile.SaveError as exc:
        raise CliError(str(exc)) from None
    prev_sc = open_scenario(save.scenario.ref, save.settings.get("what_ifs", []))
    try:
        prev = replay(prev_sc, save, verify=True)
        start = carry_over(prev_sc, prev.state, sc)
    except ReplayError as exc:
        raise CliError(f"{path}: {exc}") from None
    except CampaignError as exc:
        print(f"note: {exc}", file=sys.stderr)
        return None
    print(f"Campaign: continuing from {path} ({prev_sc.model.title}, "
          f"{len(start['vars'])} figures and {len(start['items'])} agenda items carried over).")
    return start


def _reader(stream: TextIO):
    interactive = stream.isatty()

    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                return None
        line = stream.readline()
        return line if line else None
    return read


def cmd_replay(args: argparse.Namespace) -> int:
    from game.session import savefile
    from game.session.session import ReplayError, replay
    from game.text import render

    try:
        save = savefile.read_save(args.save)
    except savefile.SaveError as exc:
        raise CliError(str(exc)) from None
    sc = open_scenario(save.scenario.ref, save.settings.get("what_ifs", []))
    try:
        session = replay(sc, save, verify=args.verify, until=args.until)
    except ReplayError as exc:
        raise CliError(f"{args.save}: {exc}") from None
    side = {"unc": 0, "communist": 1, "all": None}[args.side]
    print(render.news(session.news(side)))
    if session.over:
        print(f"Outcome: {session.outcome.title}")
    if args.verify:
        print(f"{args.save}: verified {len(session.turns)} turns against their checksums")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
