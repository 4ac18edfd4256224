"""The terminal's side of `armistice simulate`: a progress bar for long runs, the printed
summary of a run, and the summary of one game opened with `--game K`."""

from __future__ import annotations

import datetime as dt
import shlex
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from game.report.charts import date_label, share_label


class ProgressBar:
    """`[=====>    ]  412,000/1,000,000 games  98,100 games/s  ETA 0:06`, redrawn in place at
    most every `interval` seconds; `close` leaves one clean line with the total time."""

    def __init__(self, total: int, stream: TextIO, *, clock: Callable[[], float] = time.monotonic,
                 interval: float = 0.1, width: int = 24, unit: str = "games") -> None:
        self.total = max(1, total)
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self.width = width
        self.unit = unit
        self.started = clock()
        self.done = 0
        self._drawn_at: float | None = None
        self._shown = 0  # length of the line on screen, to blank what a shorter one leaves

    def update(self, done: int, total: int | None = None) -> None:
        """Games `done` so far (the signature fits `simulate(progress=...)`)."""
        self.done = done
        now = self.clock()
        if (self._drawn_at is not None and now - self._drawn_at < self.interval
                and done < self.total):
            return
        self._drawn_at = now
        self._draw(self.line(now))

    __call__ = update

    def line(self, now: float) -> str:
        frac = min(1.0, self.done / self.total)
        filled = int(frac * self.width)
        bar = "=" * filled + (">" if filled < self.width else "") + " " * (
            self.width - filled - 1)
        elapsed = now - self.started
        text = f"[{bar}] {self.done:,}/{self.total:,} {self.unit}"
        if self.done and elapsed > 0:
            rate = self.done / elapsed
            eta = clock_time((self.total - self.done) / rate)
            text += f"  {rate:,.0f} {self.unit}/s  ETA {eta}"
        return text

    def close(self) -> None:
        """Replace the bar with the final line."""
        elapsed = self.clock() - self.started
        rate = f" ({self.done / elapsed:,.0f} {self.unit}/s)" if elapsed > 0 else ""
        self._draw(f"{self.done:,} {self.unit} in {elapsed:.1f} s{rate}")
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text + " " * max(0, self._shown - len(text)))
        self.stream.flush()
        self._shown = len(text)


def clock_time(seconds: float) -> str:
    """0:06, 12:40, 1:02:03."""
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _date(iso: str | None) -> str:
    return date_label(dt.date.fromisoformat(iso)) if iso else "-"


def print_summary(data: dict[str, Any], out: TextIO, workers: int = 1) -> None:
    """A run's summary as a few readable lines and one table."""
    pol = data["policies"]
    where = f" on {workers} processes" if workers > 1 else ""
    print(f"{data['runs']:,} games of {data['scenario']} (seed {data['seed']}; UNC "
          f"{pol['unc']}, Communist {pol['communist']}"
          + (f"; what-if {', '.join(data['what_ifs'])}" if data.get("what_ifs") else "")
          + f") in {data['seconds']:.2f} s{where}", file=out)
    shares = data.get("outcome_shares", {})
    print("Outcomes:", ", ".join(f"{k} {v:,} ({share_label(shares.get(k, 0))})"
                                 for k, v in data["outcomes"].items()), file=out)
    arm = data.get("armistice", {})
    if "p50" in arm:
        print(f"Armistice signed: p10 {_date(arm['p10'])}, median {_date(arm['p50'])}, p90 "
              f"{_date(arm['p90'])}" + (f" (history: {_date(arm['historical'])})"
                                        if arm.get("historical") else ""), file=out)
    print(f"{'item':<18}{'agreed':>8}{'p10':>14}{'p50':>14}{'p90':>14}{'history':>14}",
          file=out)
    for item, e in data["items"].items():
        real = _date(e.get("historical")) if e.get("historical") else ""
        if e.get("agreed_before_start"):
            print(f"{item:<18}{'agreed before the scenario starts':>50}{real:>14}", file=out)
            continue
        print(f"{item:<18}{e['agreed_share']:>8.1%}" + "".join(
            f"{_date(e.get(q)):>14}" for q in ("p10", "p50", "p90")) + f"{real:>14}",
            file=out)
    for title, key, fmt in (("Casualties", "casualties", ",.0f"), ("Score", "scores", ".1f")):
        for side, c in data[key].items():
            if c:
                print(f"{title}, {side}: median {c['p50']:{fmt}} (10-90%: {c['p10']:{fmt}} to "
                      f"{c['p90']:{fmt}}; mean {c['mean']:{fmt}})", file=out)
    if data.get("notable"):
        print("Notable games:", file=out)
        for g in data["notable"]:
            print(f"  {g['game']:>8}  {g['what']}", file=out)


def open_hint(scenario: str, runs: int, seed: int, policies: tuple[str, str],
              what_ifs: Sequence[str], game: int) -> str:
    """The command that opens game `game` of a run, ready to paste."""
    args = ["armistice", "simulate", scenario, "--runs", str(runs), "--seed", str(seed)]
    for flag, policy in zip(("--unc", "--communist"), policies, strict=True):
        if policy != "historical":
            args += [flag, policy]
    for name in what_ifs:
        args += ["--what-if", name]
    return shlex.join([*args, "--game", str(game), "--save", f"game-{game}.json"])


def print_game(game: dict[str, Any], out: TextIO) -> None:
    """One game's summary: how it ended, when each item was agreed, casualties, scores."""
    pol = game["policies"]
    print(f"Game {game['game']:,} (seed {game['seed']}; UNC {pol['unc']}, Communist "
          f"{pol['communist']}"
          + (f"; what-if {', '.join(game['what_ifs'])}" if game["what_ifs"] else "")
          + f"): {game['outcome_title']}, in the turn of {_date(game['ended'])} (turn "
          f"{game['turns']})", file=out)
    for item, when in game["items"].items():
        said = when if when == "before the start" else (_date(when) if when else
                                                         "never agreed")
        print(f"  {item:<18}{said}", file=out)
    cas, score = game["casualties"], game["scores"]
    print(f"Casualties: UNC {cas['unc']:,.0f}, Communist {cas['communist']:,.0f}", file=out)
    print(f"Scores: UNC {score['unc']:.2f}, Communist {score['communist']:.2f}", file=out)
