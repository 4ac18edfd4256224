"""Many games at once: the batch loop, the run split over processes, and the statistics
`armistice simulate` prints.

A batch is played exactly as a single game is — the same engine, the same policies, each side
seeing only its view — just with N columns. A run is cut into chunks of game indices so memory
stays flat; each chunk comes back as a few small per-game arrays (`Results`), never as a State.
Randomness is counter-based, so game k is the same game whatever chunk or process plays it: the
summary does not depend on the number of workers or the chunk size.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.ai.policy import Policy, make_policy, play_turns
from game.engine.rng import CounterRng
from game.engine.state import State, new_state
from game.report.charts import nice_step
from game.scenario.compiled import CompiledScenario
from game.vocab import AGREED, SIDES

CHUNK = 50_000  # largest chunk: the batch is as fast per game as it gets by then
MIN_CHUNK = 20_000  # below this a fast policy's chunk costs less than starting a process
SLOW_CHUNK = (16, 256)  # lookahead plays ~50 games/s: small chunks spread and report well
POLICY_STREAM = (1, 2)  # the AI's own random streams, one per side
Progress = Callable[[int, int], None]


class SimulateError(Exception):
    """A run that could not be played (a worker could not start or died): one line."""


def policy_rng(ai_seed: int, index: np.ndarray, side: int) -> CounterRng:
    """Side `side`'s own random stream for games `index`, keyed by the AI's seed — never by
    the game's: from the game's seed a policy could recompute every hidden draw (the stream's
    keys are invertible, so the seed cannot be hidden inside it)."""
    return CounterRng(ai_seed, index, stream=POLICY_STREAM[side])


def run_ai_seed(seed: int) -> int:
    """The AI's seed for a simulated run: derived one way from the run's seed, so a run (and
    `simulate --game K`) is reproducible, yet nothing a policy is handed leads back to the
    seed the engine draws from."""
    digest = hashlib.blake2b(seed.to_bytes(8, "little"), digest_size=8,
                             person=b"armistice-ai").digest()
    return int.from_bytes(digest, "little") >> 1  # in [0, 2**63)


def fresh_ai_seed() -> int:
    """The AI's seed for a new game: fresh entropy, kept in the save's settings."""
    return secrets.randbits(63)


def play_batch(sc: CompiledScenario, seed: int, index: np.ndarray,
               policies: tuple[Policy, Policy]) -> State:
    """Play games `index` under `seed` to their end with the given policies."""
    state = new_state(sc, seed, index)
    ai_seed = run_ai_seed(seed)
    rngs = (policy_rng(ai_seed, state.rng.game_index, 0),
            policy_rng(ai_seed, state.rng.game_index, 1))
    return play_turns(sc, state, policies, rngs, sc.turns)


# per-game results ----------------------------------------------------------------------
@dataclass
class Results:
    """What each game of a run came to: one column per game, in game-index order."""

    outcome: np.ndarray  # (n,) int16: outcome index
    end_turn: np.ndarray  # (n,) int16
    agreed_turn: np.ndarray  # (items, n) int16: turn agreed, -1 where never
    casualties: np.ndarray  # (2, n) float64: unc, communist
    score: np.ndarray  # (2, n) float64

    @classmethod
    def empty(cls, items: int, n: int) -> Results:
        return cls(outcome=np.empty(n, dtype=np.int16), end_turn=np.empty(n, dtype=np.int16),
                   agreed_turn=np.empty((items, n), dtype=np.int16),
                   casualties=np.empty((2, n)), score=np.empty((2, n)))

    @classmethod
    def of_state(cls, sc: CompiledScenario, state: State) -> Results:
        v = sc.fighting_vars
        return cls(
            outcome=state.outcome.astype(np.int16),
            end_turn=state.end_turn.astype(np.int16),
            agreed_turn=np.where(state.status == AGREED, state.agreed_turn, -1).astype(np.int16),
            casualties=np.stack([state.vars[v["unc_casualties"]],
                                 state.vars[v["com_casualties"]]]),
            score=state.score.astype(np.float64))

    @property
    def n(self) -> int:
        return int(self.outcome.shape[0])

    def put(self, lo: int, part: Results) -> None:
        """Copy a chunk's results into games lo.. of this run."""
        hi = lo + part.n
        self.outcome[lo:hi] = part.outcome
        self.end_turn[lo:hi] = part.end_turn
        self.agreed_turn[:, lo:hi] = part.agreed_turn
        self.casualties[:, lo:hi] = part.casualties
        self.score[:, lo:hi] = part.score

    def game(self, k: int) -> Results:
        """Game k alone (a run of one)."""
        return Results(self.outcome[k:k + 1].copy(), self.end_turn[k:k + 1].copy(),
                       self.agreed_turn[:, k:k + 1].copy(), self.casualties[:, k:k + 1].copy(),
                       self.score[:, k:k + 1].copy())

    def same_as(self, other: Results) -> bool:
        return all(np.array_equal(a, b) for a, b in zip(self._arrays(), other._arrays(),
                                                         strict=True))

    def _arrays(self) -> tuple[np.ndarray, ...]:
        return (self.outcome, self.end_turn, self.agreed_turn, self.casualties, self.score)


# the run -------------------------------------------------------------------------------
def default_workers() -> int:
    """The cores this process may use (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def plan_chunks(runs: int, workers: int, policies: Sequence[str],
                chunk: int | None = None) -> list[tuple[int, int]]:
    """Split games 0..runs-1 into [lo, hi) chunks (`chunk` forces a size).

    Fast policies: one process plays the largest chunks (the batch is fastest per game); several
    get about four chunks each, so the progress bar moves and no core idles at the end, but
    never so small that starting a process costs more than the games. Slow policies (lookahead,
    ~50 games/s): small chunks, so the bar moves and the work spreads evenly."""
    if chunk is None:
        workers = max(1, workers)
        if any(p.startswith("lookahead") for p in policies):
            chunk = min(SLOW_CHUNK[1], max(SLOW_CHUNK[0], math.ceil(runs / (20 * workers))))
        elif workers == 1:
            chunk = CHUNK
        else:
            chunk = min(CHUNK, max(MIN_CHUNK, math.ceil(runs / (4 * workers))))
    chunk = max(1, chunk)
    return [(lo, min(runs, lo + chunk)) for lo in range(0, runs, chunk)]


def run_games(sc: CompiledScenario, runs: int, seed: int, unc: str = "historical",
              communist: str = "historical", *, chunk: int | None = None, workers: int = 1,
              progress: Progress | None = None) -> tuple[Results, int]:
    """Play games 0..runs-1 and return their results with the number of processes used.

    With `workers` > 1 the chunks are played by that many processes (fewer if there are fewer
    chunks); each rebuilds the scenario from its file, so `sc` must have been loaded from one."""
    chunks = plan_chunks(runs, workers, (unc, communist), chunk)
    workers = max(1, min(workers, len(chunks)))
    results = Results.empty(len(sc.item_ids), runs)
    if workers > 1 and Path(sc.path).is_file():
        job = _Job(os.path.abspath(sc.path), tuple(sc.what_ifs), sc.sha256, seed,
                   (unc, communist))
        _run_parallel(job, chunks, workers, results, progress)
        return results, workers
    policies = (make_policy(unc, sc, 0), make_policy(communist, sc, 1))
    for lo, hi in chunks:
        state = play_batch(sc, seed, np.arange(lo, hi, dtype=np.uint64), policies)
        results.put(lo, Results.of_state(sc, state))
        if progress:
            progress(hi, runs)
    return results, 1


def simulate(sc: CompiledScenario, runs: int, seed: int, unc: str = "historical",
             communist: str = "historical", chunk: int | None = None,
             progress: Progress | None = None, workers: int = 1) -> Summary:
    """Play `runs` games (indices 0..runs-1) and summarize them."""
    start = time.perf_counter()
    results, used = run_games(sc, runs, seed, unc, communist, chunk=chunk, workers=workers,
                              progress=progress)
    seconds = time.perf_counter() - start
    summary = summarize(sc, seed, (unc, communist), seconds, results)
    summary.workers = used
    return summary


# worker processes ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    """What a worker needs to rebuild the run (a CompiledScenario holds closures and does not
    pickle): the scenario file, its what-ifs and hash, the seed and the policies."""

    path: str
    what_ifs: tuple[str, ...]
    sha256: str
    seed: int
    policies: tuple[str, str]


_WORKER: dict[_Job, tuple[CompiledScenario, tuple[Policy, Policy]]] = {}


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group: the parent alone answers it, so the terminal
    # shows one line instead of a traceback from every worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _play_chunk(job: _Job, lo: int, hi: int) -> Results:
    """A worker plays games lo..hi-1 (the scenario is loaded once per process)."""
    if job not in _WORKER:
        from game.scenario.loader import load_scenario

        try:
            sc = load_scenario(job.path, job.what_ifs)
        except Exception as exc:  # a ScenarioError may not pickle: send its text
            raise SimulateError(f"a worker could not load {job.path}: {exc}") from None
        if sc.sha256 != job.sha256:
            raise SimulateError(f"{job.path} changed during the run; run it again")
        _WORKER.clear()
        _WORKER[job] = (sc, (make_policy(job.policies[0], sc, 0),
                             make_policy(job.policies[1], sc, 1)))
    sc, policies = _WORKER[job]
    state = play_batch(sc, job.seed, np.arange(lo, hi, dtype=np.uint64), policies)
    return Results.of_state(sc, state)


def _context() -> Any:
    import multiprocessing as mp

    # Not fork: the parent may hold threads or an SDL state. The fork server starts once with
    # the engine imported, then forks each worker cheaply.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["game.session.simulate"])
        return ctx
    return mp.get_context("spawn")


def _run_parallel(job: _Job, chunks: list[tuple[int, int]], workers: int, results: Results,
                  progress: Progress | None) -> None:
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_ignore_sigint)
    done_games = 0
    try:
        pending: dict[Future[Results], int] = {
            pool.submit(_play_chunk, job, lo, hi): lo for lo, hi in chunks}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                part = fut.result()
                results.put(pending.pop(fut), part)
                done_games += part.n
            if progress:
                progress(done_games, results.n)
    except BrokenProcessPool:
        _stop(pool)
        raise SimulateError("a worker process died (out of memory?); try --workers 1") from None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: queued chunks are dropped and running ones killed."""
    # No public way before Python 3.14 (terminate_workers) to kill a running task; the list
    # is taken first because shutdown() forgets it.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


# the summary ---------------------------------------------------------------------------
@dataclass
class Summary:
    runs: int
    seed: int
    policies: tuple[str, str]
    seconds: float
    outcomes: dict[str, int]
    armistice_rate: float
    items: dict[str, dict[str, Any]]
    armistice: dict[str, Any]
    casualties: dict[str, dict[str, Any]]
    scores: dict[str, dict[str, Any]]
    outcome_shares: dict[str, float] = field(default_factory=dict)
    outcome_titles: dict[str, str] = field(default_factory=dict)
    calendar: dict[str, Any] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    notable: list[dict[str, Any]] = field(default_factory=list)
    workers: int = 1  # how the run was played, not what it found: kept out of the JSON

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs, "seed": self.seed,
            "policies": {"unc": self.policies[0], "communist": self.policies[1]},
            "seconds": round(self.seconds, 3),
            "games_per_s": round(self.runs / self.seconds, 1) if self.seconds else None,
            "outcomes": self.outcomes, "outcome_shares": self.outcome_shares,
            "outcome_titles": self.outcome_titles,
            "armistice_rate": round(self.armistice_rate, 4),
            "calendar": self.calendar, "sides": self.sides,
            "items": self.items, "armistice": self.armistice, "casualties": self.casualties,
            "scores": self.scores, "notable": self.notable,
        }


def summarize(sc: CompiledScenario, seed: int, policies: tuple[str, str], seconds: float,
              results: Results) -> Summary:
    """The statistics of a run: outcome shares, each item's agreement dates (percentiles and a
    count per turn, for charts), the armistice date, casualties and scores with histograms, and
    a few game indices worth opening."""
    runs = results.n
    outcome, agreed_turn = results.outcome, results.agreed_turn
    counts = {o.id: int(np.count_nonzero(outcome == o.index)) for o in sc.outcomes}
    armistice_ids = [o.index for o in sc.outcomes if o.armistice]
    is_armistice = np.isin(outcome, armistice_ids)
    items = {}
    titles = {m.id: f"{m.number}. {m.title}" for m in sc.model.agenda.items}
    for i, item_id in enumerate(sc.item_ids):
        done = agreed_turn[i] >= 0
        entry: dict[str, Any] = {"agreed_share": _share(int(done.sum()), runs),
                                 "title": titles.get(item_id, item_id)}
        if sc.start_status[i] == AGREED:
            entry["agreed_before_start"] = True
        else:
            entry.update(_date_percentiles(sc, agreed_turn[i][done]))
            entry["by_turn"] = _by_turn(sc, agreed_turn[i][done])
        real = sc.model.history.agreed.get(item_id)
        if real:
            entry["historical"] = real.isoformat()
        items[item_id] = entry
    armistice: dict[str, Any] = _date_percentiles(sc, results.end_turn[is_armistice])
    armistice["by_turn"] = _by_turn(sc, results.end_turn[is_armistice])
    if sc.model.history.armistice:
        armistice["historical"] = sc.model.history.armistice.isoformat()
    return Summary(
        runs=runs, seed=seed, policies=policies, seconds=seconds, outcomes=counts,
        armistice_rate=float(is_armistice.mean()) if runs else 0.0, items=items,
        armistice=armistice,
        casualties={side: _spread(results.casualties[s], whole=True)
                    for s, side in enumerate(SIDES)},
        scores={side: _spread(results.score[s]) for s, side in enumerate(SIDES)},
        outcome_shares={k: _share(v, runs) for k, v in counts.items()},
        outcome_titles={o.id: o.title for o in sc.model.outcomes},
        calendar={"start": sc.start.isoformat(), "turn_days": sc.turn_days, "turns": sc.turns,
                  "end": sc.model.calendar.end.isoformat()},
        sides={side: sc.model.sides[side].short for side in SIDES},
        notable=notable_games(sc, results),
    )


def _share(count: int, runs: int) -> float:
    return round(count / runs, 4) if runs else 0.0


def _by_turn(sc: CompiledScenario, turns: np.ndarray) -> list[int]:
    """How many games had the thing happen in each turn 0..turns-1 (a histogram by turn)."""
    return [int(c) for c in np.bincount(turns.astype(np.int64), minlength=sc.turns)]


def _percentiles(values: np.ndarray) -> dict[str, float]:
    if values.size == 0:
        return {}
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {"p10": round(float(p10), 1), "p50": round(float(p50), 1),
            "p90": round(float(p90), 1), "mean": round(float(values.mean()), 1)}


def _spread(values: np.ndarray, whole: bool = False) -> dict[str, Any]:
    """Percentiles and mean, and a histogram on round bin edges (for charts)."""
    out: dict[str, Any] = _percentiles(values)
    if values.size:
        edges = histogram_edges(float(values.min()), float(values.max()), whole=whole)
        counts, _ = np.histogram(values, bins=edges)
        out["histogram"] = {"edges": [float(e) for e in edges],
                            "counts": [int(c) for c in counts]}
    return out


def histogram_edges(lo: float, hi: float, bins: int = 30, whole: bool = False) -> np.ndarray:
    """Bin edges on a round step (1, 2, 2.5 or 5 times a power of ten) covering [lo, hi] in
    about `bins` bins; `whole` keeps the step at least 1 (counts of people)."""
    if hi <= lo:
        half = max(0.5, abs(lo) * 0.01)
        return np.array([lo - half, lo + half])
    step = nice_step((hi - lo) / bins)
    if whole:
        step = max(1.0, step)
    first = math.floor(lo / step) * step
    n = max(1, math.ceil((hi - first) / step))
    if first + n * step < hi:  # rounding fell short (hi on the last edge counts in its bin)
        n += 1
    return np.round(first + step * np.arange(n + 1), 9)  # 3.3, not 3.3000000000000003


def _date_percentiles(sc: CompiledScenario, turns: np.ndarray) -> dict[str, str]:
    """10/50/90th percentile dates of things that happened on the given turns, as the first
    day of the turn (a historical date is matched by the turn it falls in)."""
    if turns.size == 0:
        return {}
    p = np.percentile(turns, [10, 50, 90], method="lower")
    return {f"p{q}": sc.date_of(int(t)).isoformat() for q, t in zip((10, 50, 90), p,
                                                                          strict=True)}


def notable_games(sc: CompiledScenario, results: Results) -> list[dict[str, Any]]:
    """A few game indices worth opening with `--game K`: a typical game, the first of each
    rarer ending, the earliest and latest armistice, the first game in which an item that is
    usually agreed never was, and the bloodiest game. The lowest index wins ties."""
    runs = results.n
    if runs == 0:
        return []
    out: dict[int, list[str]] = {}

    def note(k: int, what: str) -> None:
        out.setdefault(int(k), []).append(what)  # one game may be notable for two reasons

    outcome = results.outcome
    counts = np.bincount(outcome.astype(np.int64) + 1, minlength=len(sc.outcomes) + 1)[1:]
    common = int(np.argmax(counts))
    usual = np.flatnonzero(outcome == common)
    if usual.size:
        unc = results.casualties[0, usual]
        k = usual[int(np.argmin(np.abs(unc - np.median(unc))))]
        note(k, f"a typical game: {sc.model.outcomes[common].title.lower()}, median UN "
                "casualties")
    for o in sc.outcomes:
        if o.index != common and counts[o.index]:
            note(int(np.argmax(outcome == o.index)),
                 f"the first game ending: {sc.model.outcomes[o.index].title.lower()}")
    armistice = np.flatnonzero(np.isin(outcome, [o.index for o in sc.outcomes if o.armistice]))
    if armistice.size:
        ends = results.end_turn[armistice]
        early, late = armistice[int(np.argmin(ends))], armistice[int(np.argmax(ends))]
        note(early, f"the earliest armistice ({_day(sc, int(results.end_turn[early]))})")
        if results.end_turn[late] != results.end_turn[early]:
            note(late, f"the latest armistice ({_day(sc, int(results.end_turn[late]))})")
    for i, item_id in enumerate(sc.item_ids):
        never = results.agreed_turn[i] < 0
        if sc.start_status[i] != AGREED and 0 < never.sum() < runs:
            note(int(np.argmax(never)), f"{item_id} never agreed")
    total = results.casualties.sum(axis=0)
    note(int(np.argmax(total)), f"the bloodiest game ({total.max():,.0f} casualties)")
    return [{"game": k, "what": "; ".join(whats)} for k, whats in out.items()]


def _day(sc: CompiledScenario, turn: int) -> str:
    return f"{sc.date_of(turn):%d %b %Y}".lstrip("0")
