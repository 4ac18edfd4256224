"""The `armistice` command.

Every failure a user can cause — a bad flag, a broken scenario, a corrupt save — ends with a
clear message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from game import __version__
from game.ai.policy import POLICIES
from game.printable import PrintableStream
from game.scenario.bundled import bundled_names, resolve
from game.scenario.compiled import CompiledScenario
from game.scenario.diagnostics import ScenarioError
from game.scenario.lint import lint_file
from game.scenario.loader import load_scenario

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one message, exit code 1."""


def main(argv: Sequence[str] | None = None) -> int:
    with printable_output():
        return _main(argv)


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """Everything the command prints goes through `printable`: text from a scenario, a save,
    a file name or an error message quoting one never reaches the terminal with a raw control
    character in it. The few control sequences of our own use the streams' `raw`."""
    out, err = sys.stdout, sys.stderr
    if out is not None:
        sys.stdout = PrintableStream(out)
    if err is not None:
        sys.stderr = PrintableStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def raw_stream(stream: TextIO) -> TextIO:
    """The terminal under a `PrintableStream`, for output that escapes its own text."""
    return stream.raw if isinstance(stream, PrintableStream) else stream


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.run = cmd_menu
    _tidy_data_folder()
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
    except MemoryError:  # a last resort: the bounds above should keep us from here
        print("armistice: out of memory; try fewer games (--runs) or a smaller scenario",
              file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:
        # the reader went away (e.g. `armistice simulate ... | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _tidy_data_folder() -> None:
    """At start: a file-size limit gives an error we report rather than killing us, and our
    own temporary files left by a writer that died are removed from the saves folders."""
    from game.files import ignore_file_size_signal, remove_stale_temps
    from game.session import savefile

    ignore_file_size_signal()
    data = savefile.data_dir()
    for folder in (data, savefile.saves_dir(), savefile.autosave_dir(), data / "reports"):
        remove_stale_temps(folder)


def checked_output(path: Path, kind: str, inputs: Sequence[str | Path] = (),
                   force: bool = False) -> Path:
    """`path`, if a command may write it: never one of its inputs, and (without --force)
    never over a file of another kind. Otherwise a CliError that says why."""
    from game.files import WriteError, check_output

    try:
        check_output(path, kind, inputs, force)
    except WriteError as exc:
        raise CliError(str(exc)) from None
    return path


def _force(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true",
                   help="replace an existing output file even if it is not of the kind "
                        "written (never one of the command's inputs)")


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
    v.add_argument("--strict", action="store_true",
                   help="treat lint warnings as errors (exit 1 if there are any)")
    v.add_argument("--no-simulate", dest="simulate", action="store_false",
                   help="only the static lints: skip the quick simulated games")
    v.set_defaults(run=cmd_validate)

    g = sub.add_parser("graph", help="draw a scenario's structure: agenda ladders, events, "
                                     "outcomes and the historical path")
    g.add_argument("scenario", metavar="SCENARIO", help="a bundled name (1951) or a path")
    g.add_argument("--format", choices=("mermaid", "svg", "png"),
                   help="default: from the suffix of -o, else mermaid")
    g.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write here (default: Mermaid text on standard output)")
    _force(g)
    g.set_defaults(run=cmd_graph)

    s = sub.add_parser("simulate", help="play many games with AI policies and summarize them")
    s.add_argument("scenario", metavar="SCENARIO")
    s.add_argument("--runs", type=_positive, default=1000)
    s.add_argument("--seed", type=_seed, default=1)
    s.add_argument("--unc", choices=POLICIES, default="historical")
    s.add_argument("--communist", choices=POLICIES, default="historical")
    s.add_argument("--what-if", action="append", default=[], metavar="NAME")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--out", type=Path, metavar="DIR",
                   help="also write summary.json and charts (.png and .svg) there")
    s.add_argument("--workers", type=_positive, metavar="N",
                   help="processes to play on (default: every core; 1 plays in this one)")
    s.add_argument("--game", type=_game_index, metavar="K",
                   help="play game K of the run alone and save it (replayable, opens in "
                        "the window)")
    s.add_argument("--save", type=Path, metavar="FILE",
                   help="with --game: save that game here (default: the autosave folder)")
    _force(s)
    s.set_defaults(run=cmd_simulate)

    r = sub.add_parser("replay", help="replay a save (check it with --verify)")
    r.add_argument("save", type=Path, metavar="SAVE")
    r.add_argument("--verify", action="store_true",
                   help="check every turn's state against the save; report a desync")
    r.add_argument("--until", type=_positive, metavar="TURN", help="stop after this turn")
    _scope_options(r, "print")
    r.set_defaults(run=cmd_replay)

    rep = sub.add_parser(
        "report", help="write a debrief (one save) or a class comparison (several saves of "
                       "one scenario) as one self-contained HTML file")
    rep.add_argument("saves", nargs="+", type=Path, metavar="SAVE")
    rep.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="the HTML file to write (default: SAVE-debrief.html for one save, "
                          "class-report.html for several)")
    _scope_options(rep, "report")
    _force(rep)
    rep.set_defaults(run=cmd_report)

    sc = sub.add_parser("schema", help="print the scenario format's JSON Schema")
    sc.add_argument("-o", "--output", type=Path, metavar="FILE")
    _force(sc)
    sc.set_defaults(run=cmd_schema)

    nw = sub.add_parser("new", help="start a new scenario file that validates and plays")
    nw.add_argument("name", metavar="NAME",
                    help="the scenario's id (writes NAME.yaml), or a path ending in .yaml")
    nw.set_defaults(run=cmd_new)
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
    p.add_argument("--pin", action="store_true",
                   help="protect the game with an instructor's PIN (asked for, or "
                        "ARMISTICE_PIN): needed to read its hidden record before it ends")


def _scope_options(p: argparse.ArgumentParser, verb: str) -> None:
    p.add_argument("--side", choices=("unc", "communist", "all"), default=None,
                   help=f"{verb} the public record and this side's own (default for an "
                        "unfinished game: the public record only; a finished game shows all)")
    p.add_argument("--all", action="store_true",
                   help=f"{verb} everything, both sides' secrets too (an unfinished game "
                        "with an instructor's PIN asks for it, or reads ARMISTICE_PIN)")


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
            sc, warnings = lint_file(path, simulate=args.simulate)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        for warning in warnings:
            print(warning, file=sys.stderr)
        count = f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
        if warnings and args.strict:
            print(f"{name}: invalid under --strict, {count}", file=sys.stderr)
            failed += 1
            continue
        print(f"{name}: valid, {count} — {sc.model.title}: {len(sc.item_ids)} agenda items, "
              f"{len(sc.event_ids)} events, {sc.turns} turns of {sc.turn_days} days")
    return EXIT_FAIL if failed else EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    from game.report.graph import GraphError, write_graph

    sc = open_scenario(args.scenario)
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = {"svg": "svg", "png": "png", "md": "mermaid", "mmd": "mermaid",
               "mermaid": "mermaid"}.get(suffix)
        if fmt is None and args.output:
            raise CliError(f"cannot tell the format from '{args.output.name}': give --format "
                           "mermaid, svg or png (or a .mmd, .md, .svg or .png file)")
        fmt = fmt or "mermaid"
    if fmt == "png" and args.output is None:
        raise CliError("a PNG needs a file: add -o FILE.png")
    if args.output is not None:
        checked_output(args.output, fmt, [sc.path], args.force)
    try:
        png_writer = None
        if fmt == "png":
            from game.ui.raster import save_png as png_writer  # pygame, only when needed
        text = write_graph(sc, fmt, args.output, png_writer)
    except GraphError as exc:
        raise CliError(str(exc)) from None
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from game.scenario.scaffold import ScaffoldError, next_steps, scaffold

    try:
        done = scaffold(args.name)
    except ScaffoldError as exc:
        raise CliError(str(exc)) from None
    print(next_steps(done))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import schema_text

    text = schema_text()
    if args.output:
        from game.files import WriteError, write_atomic

        checked_output(args.output, "schema", (), args.force)
        try:
            write_atomic(args.output, text)
        except WriteError as exc:
            raise CliError(str(exc)) from None
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.session.simulate import SimulateError, default_workers, simulate
    from game.text.simulation import ProgressBar, open_hint, print_summary

    problem = _simulate_usage(args)
    if problem:
        print(f"armistice simulate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    sc = open_scenario(args.scenario, args.what_if)
    if args.game is not None:
        return _simulate_game(args, sc)
    if args.out:
        _check_run_folder(args.out, sc.path, args.force)
    bar = None
    if not args.json and sys.stderr.isatty():
        bar = ProgressBar(args.runs, raw_stream(sys.stderr))  # its own \r, and numbers
        bar.update(0)
    try:
        summary = simulate(sc, args.runs, args.seed, args.unc, args.communist, progress=bar,
                           workers=args.workers or default_workers())
    except SimulateError as exc:
        raise CliError(str(exc)) from None
    if bar:
        bar.close()
    data = summary.to_json()
    data["scenario"] = sc.id
    data["what_ifs"] = list(args.what_if)
    if args.out:
        _write_run(data, args.out)
    if args.json:
        print(json.dumps(data))
        return EXIT_OK
    print_summary(data, sys.stdout, summary.workers)
    if args.out:
        print(f"Wrote summary.json and charts (.png, .svg) to {args.out}")
    if summary.notable:
        k = summary.notable[0]["game"]
        print("Open any game: " + open_hint(args.scenario, args.runs, args.seed,
                                            (args.unc, args.communist), args.what_if, k))
    return EXIT_OK


def _game_index(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not -2**63 < value < 2**63:  # a game's index is a 64-bit counter of its random stream
        raise argparse.ArgumentTypeError("must be between 0 and 2**63 - 1")
    return value


def _simulate_usage(args: argparse.Namespace) -> str | None:
    """What is wrong with a simulate command line that argparse cannot see, or None."""
    if args.runs > 2**63:
        return f"--runs {args.runs:,} is more games than can be numbered: at most 2**63"
    if args.game is not None:
        if not 0 <= args.game < args.runs:
            return (f"--game {args.game} is not a game of this run: games are numbered 0 to "
                    f"{args.runs - 1:,} (--runs {args.runs:,})")
        if args.out:
            return "--out writes a whole run's charts; to keep one game, use --game K --save FILE"
    elif args.save:
        return "--save keeps one game: name it with --game K"
    else:
        limit = max_runs()
        if args.runs > limit:
            return (f"--runs {args.runs:,} is more games than this machine's memory can hold "
                    f"the results of (about {RESULT_BYTES_PER_GAME} bytes a game, "
                    f"{_available_memory() / 2**30:.1f} GiB available): at most {limit:,}")
    cores = _default_workers()
    if args.workers is not None and args.workers > max(8, 4 * cores):
        return (f"--workers {args.workers:,} is far more processes than this machine's "
                f"{cores} core{'s' if cores != 1 else ''} can use: at most {max(8, 4 * cores)}")
    return None


def _check_run_folder(out: Path, scenario: str, force: bool) -> None:
    """Before a run: --out must be a folder (or not exist yet), and none of the files it
    will hold may be the scenario or (without --force) a file of another kind."""
    if out.exists() and not out.is_dir():
        raise CliError(f"{out}: is not a folder; give --out a folder for summary.json and "
                       "the charts")
    from game.report.run_charts import CHART_NAMES

    checked_output(out / "summary.json", "summary", [scenario], force)
    for name in CHART_NAMES:
        for kind in ("svg", "png"):
            checked_output(out / f"{name}.{kind}", kind, [scenario], force)


# Each game of a run keeps a few numbers until the summary is made (outcome, end turn, the
# turn each of up to 20 items was agreed, casualties and scores: 76 bytes), and the summary
# works on copies of them: four times that, to be safe.
RESULT_BYTES_PER_GAME = 4 * 76


def max_runs() -> int:
    """The most games `simulate` can summarize in half of the memory available now."""
    return max(1_000, _available_memory() // 2 // RESULT_BYTES_PER_GAME)


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (OSError, ValueError, AttributeError):
        return 2**31  # unknown: assume a small machine


def _default_workers() -> int:
    from game.session.simulate import default_workers

    return default_workers()


def _write_run(data: dict, out: Path) -> None:
    """summary.json and the charts of a run, as PNG and SVG, each written whole or not at
    all (game.files)."""
    from game.files import WriteError, write_atomic
    from game.report.run_charts import write_charts
    from game.ui.raster import save_png

    try:
        write_atomic(out / "summary.json", json.dumps(data, indent=2) + "\n", make_folder=True)
        write_charts(data, out, save_png)
    except WriteError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write to {out}: {exc.strerror or exc}") from None
    except RuntimeError as exc:  # pygame.error: a PNG that could not be written
        raise CliError(f"cannot write the charts to {out}: {exc}") from None


def _simulate_game(args: argparse.Namespace, sc: CompiledScenario) -> int:
    """Play game K of the run alone through a Session, save it and say how to open it."""
    import shlex

    from game.session import savefile
    from game.session.rerun import game_summary, play_game
    from game.text.simulation import print_game

    session = play_game(sc, args.scenario, args.seed, args.game, (args.unc, args.communist))
    game = game_summary(sc, session)
    try:
        if args.save:
            session.save(args.save, force=args.force)
            where = args.save
        else:
            where = savefile.autosave(session.to_save())
    except savefile.SaveError as exc:
        raise CliError(str(exc)) from None
    game["save"] = str(where)
    if args.json:
        print(json.dumps(game))
        return EXIT_OK
    print_game(game, sys.stdout)
    path = shlex.quote(str(where))
    print(f"{'Saved' if args.save else 'Autosaved'} to {where}")
    print(f"Replay it: armistice replay {path} --verify")
    print(f"Open it:   armistice play --load {path}")
    if not args.save:
        print("(the window's Load screen lists it; keep a copy elsewhere with --save FILE)")
    return EXIT_OK


def _gui_or_explain(start) -> int:
    """Run the window; where no display can be opened, say so and point to the terminal."""
    try:
        from game.ui.app import WindowError, run_gui
    except ImportError as exc:  # pragma: no cover - a broken install
        raise CliError(f"the windowed game needs pygame-ce ({exc})") from None
    try:
        return run_gui(start)
    except WindowError as exc:
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


def replay_save(path: Path, **options):
    """The session a save records, replayed on its scenario (with its what-ifs); a bad save
    or one that no longer replays is a CliError naming the file."""
    from game.session import savefile
    from game.session.session import ReplayError, replay_file

    try:
        return replay_file(path, **options)
    except (savefile.SaveError, FileNotFoundError) as exc:
        raise CliError(str(exc)) from None
    except ReplayError as exc:
        raise CliError(f"{path}: {exc}") from None


def build_session(args: argparse.Namespace):
    """The session a `play` or `text` command asks for: loaded, campaign, or new."""
    from game.session.session import PlayerSpec, Session

    if args.load:
        session = replay_save(args.load, verify=True, autosave=not args.no_autosave)
        if args.pin and session.instructor_pin:
            print("note: this game already has an instructor's PIN; it is kept",
                  file=sys.stderr)
        elif args.pin:
            session.instructor_pin = _new_pin()
        return session
    sc = open_scenario(args.scenario, args.what_if)
    me = 0 if args.side == "unc" else 1
    other = PlayerSpec("ai", args.ai) if args.opponent == "ai" else PlayerSpec("human")
    players = (PlayerSpec("human"), other) if me == 0 else (other, PlayerSpec("human"))
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(6), "big")
    start = campaign_start(args.from_save, sc) if args.from_save else None
    pin = _new_pin() if args.pin else None
    session = Session(sc, args.scenario, seed, players, autosave=not args.no_autosave,
                      start=start, instructor_pin=pin)
    if args.from_save:  # `save FILE` must never replace the earlier game it continues
        session.read_from = (str(args.from_save),)
    return session


# the instructor's PIN and what a command shows of an unfinished game --------------------
PIN_ENV = "ARMISTICE_PIN"
SCOPE_HINT = "--side unc|communist adds one side's, --all shows everything"


def _new_pin() -> dict[str, str]:
    """A PIN to protect a new game, asked for twice (or ARMISTICE_PIN), as its stored hash."""
    from getpass import getpass

    from game.session.pin import PinError, hash_pin

    pin = os.environ.get(PIN_ENV)
    if pin is None:
        if not sys.stdin.isatty():
            raise CliError(f"--pin asks for the PIN in a terminal; in a script, set {PIN_ENV}")
        try:
            pin = getpass("Instructor's PIN for this game: ")
            again = getpass("The PIN again: ")
        except EOFError:
            raise CliError("no PIN given; nothing was started") from None
        if again != pin:
            raise CliError("the two PINs differ; nothing was started")
    try:
        return hash_pin(pin)
    except PinError as exc:
        raise CliError(f"--pin: {exc}") from None


def _ask_pin(what: str) -> str:
    from getpass import getpass

    pin = os.environ.get(PIN_ENV)
    if pin is not None:
        return pin
    if not sys.stdin.isatty():
        raise CliError(f"{what} is protected by the instructor's PIN: run this in a terminal "
                       f"to be asked for it, or set {PIN_ENV}")
    try:
        return getpass("Instructor's PIN: ")
    except EOFError:
        raise CliError("no PIN given; nothing shown or written") from None


def disclosure(games: list[tuple[Path, bool, dict[str, str] | None]], side: str | None,
               everything: bool) -> str:
    """What to show of these games (path, finished, instructor's PIN hash or None): "all",
    "public" or a side.

    A finished game shows everything. Of an unfinished one only the public record, unless one
    side's or everything is asked for; where the game has an instructor's PIN, that asks for
    the PIN (a wrong one is a CliError, before anything is shown or written). Whatever is held
    back is said in one line on stderr."""
    requested = "all" if everything or side == "all" else side
    unfinished = [(path, pin) for path, over, pin in games if not over]
    if not unfinished:
        return requested or "all"
    scope = requested or "public"
    protected = [(path, pin) for path, pin in unfinished if pin is not None]
    if scope != "public" and protected:
        from game.session.pin import check_pin

        pin = _ask_pin(str(protected[0][0]))
        for path, stored in protected:
            if not check_pin(stored, pin):
                raise CliError(f"{path}: wrong PIN; nothing shown or written")
    if scope != "all":
        held = ("only the public record" if scope == "public"
                else f"the public record and the {scope} side's own")
        where = str(unfinished[0][0]) + (f" and {len(unfinished) - 1} more"
                                         if len(unfinished) > 1 else "")
        need = " (with the instructor's PIN)" if protected else ""
        hint = SCOPE_HINT if scope == "public" else "--all shows everything"
        print(f"armistice: {where}: not finished, so this shows {held}; {hint}{need}",
              file=sys.stderr)
    return scope


def cmd_text(args: argparse.Namespace) -> int:
    from game.text.play import TextGame, stdin_reader

    session = build_session(args)
    # The game escapes what it prints itself (TextGame.say) and clears the screen between
    # hot-seat teams with a control sequence of its own, so it gets the terminal.
    return TextGame(session, raw_stream(sys.stdout), stdin_reader(sys.stdin)).run()


def campaign_start(path: Path, sc: CompiledScenario) -> dict | None:
    """The carry-over from a finished earlier game, or None (with a note) where it cannot
    lead into this scenario."""
    from game.session.campaign import CampaignError, carry_over

    prev = replay_save(path, verify=True)
    prev_sc = prev.sc
    try:
        start = carry_over(prev_sc, prev.state, sc)
    except CampaignError as exc:
        print(f"note: {exc}", file=sys.stderr)
        return None
    print(f"Campaign: continuing from {path} ({prev_sc.model.title}, "
          f"{len(start['vars'])} figures and {len(start['items'])} agenda items carried over).")
    return start


def cmd_replay(args: argparse.Namespace) -> int:
    from game.text import render

    session = replay_save(args.save, verify=args.verify, until=args.until)
    whole = session if args.until is None else replay_save(args.save, verify=False)
    scope = disclosure([(args.save, whole.over, session.instructor_pin)], args.side, args.all)
    print(render.news([e for e in session.news(None)
                       if scope == "all" or e.visibility in ("public", scope)]))
    if session.over:
        print(f"Outcome: {session.outcome.title}")
    if args.verify:
        checked = f"{args.save}: verified {len(session.turns)} turns against their checksums"
        print(f"{checked}; not checked: {session.verify_note}" if session.verify_note
              else f"{checked} and the whole record against its seal")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from game.report.command import default_output, report_path, write_report
    from game.report.played import ReportError, load_games

    output = args.output if args.output is not None else default_output(args.saves)
    checked_output(output, "html", [*args.saves, *_scenarios_of(args.saves)], args.force)
    try:
        output = report_path(args.saves, output)
        games = load_games(args.saves)  # replayed once, for what to show and for the report
        scope = disclosure([(g.path or Path(g.name), g.session.over, g.session.instructor_pin)
                            for g in games], args.side, args.all)
        path = write_report(games, output, scope)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    kind = "debrief" if len(args.saves) == 1 else f"class report of {len(args.saves)} games"
    print(f"Wrote the {kind} to {path}")
    return EXIT_OK


def _scenarios_of(saves: Sequence[Path]) -> list[Path]:
    """The scenario files the saves refer to (those that can be found): never an output."""
    from game.session import savefile

    found = []
    for path in saves:
        try:
            found.append(resolve(savefile.read_save(path).scenario.ref))
        except (savefile.SaveError, FileNotFoundError, OSError, ValueError):
            continue  # the report itself will say what is wrong with this save
    return found


if __name__ == "__main__":
    raise SystemExit(main())
