"""The lookahead policy: imagine many possible worlds, try each candidate set of orders in all
of them, and keep the one with the best expected outcome for its side.

It never reads the true state. From its side's View it samples the hidden state — the other
side's figures around its intelligence estimates, what it cannot see at all from the scenario's
own starting ranges, the other delegation held to its current position — and rolls every
(candidate, world) pair to the end of the game in one batch with the same engine, with both
sides then following a model policy. A batch of views is decided at once: the worlds of all its
games go into one batch, so analysing thousands of games stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.heuristic import HeuristicPolicy
from game.ai.historical import HistoricalPolicy
from game.ai.policy import EXPLAIN_UP_TO, play_turns
from game.engine.orders import Legal, Orders
from game.engine.rng import CounterRng, _mix_int
from game.engine.state import State, new_state
from game.engine.turn import legal as legal_orders
from game.engine.turn import resolve_turn
from game.engine.view import View, side_view
from game.scenario.compiled import CompiledScenario
from game.vocab import ACCEPT, CONCEDE, HOLD

MARGIN = 0.2  # how many more imagined futures must favour a change of course than oppose it


@dataclass(frozen=True)
class Difficulty:
    worlds: int  # sampled hidden states per candidate
    horizon: int  # turns rolled out (the score is read at the horizon if the game goes on)


LEVELS = {"easy": Difficulty(4, 3), "normal": Difficulty(12, 40), "hard": Difficulty(32, 40)}


class LookaheadPolicy:
    name = "lookahead"

    def __init__(self, sc: CompiledScenario, side: int, level: str = "normal") -> None:
        self.sc = sc
        self.side = side
        self.level = LEVELS[level]
        self.heuristic = HeuristicPolicy(sc, side)
        # the model of how both sides play on after this turn
        self.models = tuple(HistoricalPolicy(sc, s) if sc.rules[s] else HeuristicPolicy(sc, s)
                            for s in (0, 1))

    def reads(self) -> frozenset[int] | None:
        return None  # all it can see

    # candidates --------------------------------------------------------------------------
    def candidates(self, view: View, legal: Legal, rng: CounterRng) -> list[tuple[str, Orders]]:
        sc, side = self.sc, self.side
        base = self.heuristic.choose(view, legal, rng)
        out = [("the plain course", base)]
        if sc.rules[side]:
            out.append(("the historical course", self.models[side].choose(view, legal, rng)))
        for name, act, mask in (("giving ground", CONCEDE, legal.concede),
                                ("taking their offers", ACCEPT, legal.accept)):
            o = _copy(base)
            o.action = np.where(mask, act, o.action).astype(np.int8)
            out.append((name, o))
        hold = _copy(base)
        hold.action[:] = HOLD
        hold.request[:] = -1
        out.append(("standing firm", hold))
        for p, posture in enumerate(sc.postures[side].models):
            o = _copy(base)
            o.posture = np.where(legal.posture[p], p, o.posture).astype(np.int16)
            out.append((posture.label.lower(), o))
        return out

    # worlds --------------------------------------------------------------------------------
    def sample_worlds(self, view: View, copies: int, seed: int, index: np.ndarray,
                      distinct: int | None = None) -> State:
        """`copies` sampled states for each game of the view (game-major order). Where only
        the first `distinct` of each game's copies differ (the rest repeat them: every
        candidate meets the same worlds), the imagined history is played for those alone."""
        sc, side = self.sc, self.side
        n = view.n
        rep = lambda a: np.repeat(a, copies, axis=-1)  # noqa: E731
        rng = CounterRng(seed, index)
        values = rep(view.vars)
        hidden = [row for row in range(len(sc.initial)) if not view.known[row]]
        if not hidden:
            prior = values
        elif distinct is None or distinct == copies:
            prior = self._imagined_history(view.turn, seed, index)
        else:
            repeats = copies // distinct
            unique = index.reshape(n, repeats, distinct)[:, 0, :].ravel()
            imagined = self._imagined_history(view.turn, seed, unique)
            prior = np.repeat(imagined.reshape(-1, n, 1, distinct), repeats, axis=2).reshape(
                imagined.shape[0], n * copies)
        for row in hidden:
            if view.estimated[row]:
                # Bayes, normal approximation: the imagined histories are the prior (their
                # spread across this game's worlds is its variance), the intelligence estimate
                # the measurement; each world draws from the posterior around its own prior.
                est = values[row]
                err2 = np.maximum(np.square(
                    sc.intel_noise[row] + sc.intel_relative[row] * np.abs(est)), 1e-9)
                spread = prior[row].reshape(n, copies).var(axis=1)
                pv = np.repeat(spread, copies) + 1e-6
                post = 1.0 / (1.0 / pv + 1.0 / err2)
                mean = post * (prior[row] / pv + est / err2)
                guess = mean + np.sqrt(post) * rng.normal(view.turn, 50 + row)
            else:
                guess = prior[row]
            values[row] = np.minimum(np.maximum(np.nan_to_num(guess), sc.lo[row]), sc.hi[row])
        other = 1 - side
        auth = rep(view.auth)
        auth[other] = rep(view.pos[other])  # they will not move without leave (as we assume)
        req = rep(view.req_pos)
        req[other] = -1
        posture = rep(view.posture)
        posture[other] = 0
        size = n * copies
        return State(
            turn=view.turn, day=view.day, vars=values, status=rep(view.status),
            pos=rep(view.pos), auth=auth, stall=rep(view.stall),
            agreed_turn=rep(view.agreed_turn), agreed_pos=rep(view.agreed_pos),
            req_pos=req, req_due=rep(view.req_due), package=rep(view.package),
            talks=rep(view.talks), recess_by=rep(view.recess_by),
            recess_turns=rep(view.recess_turns), event_count=rep(view.event_count),
            event_last=rep(view.event_last), posture=posture.astype(np.int16),
            active=rep(view.active), outcome=np.full(size, -1, dtype=np.int16),
            end_turn=np.full(size, -1, dtype=np.int16), score=np.zeros((2, size)), rng=rng)

    def _imagined_history(self, turns: int, seed: int, index: np.ndarray) -> np.ndarray:
        """What the side cannot see at all is not where it started: a resolve grows, a
        leader's patience wears. Play imagined games from the scenario's start to now with the
        model policies: where their figures ended is the prior for everything the side does not
        know exactly (taken as it is where it sees nothing, weighed against its intelligence
        estimate where it has one)."""
        sc = self.sc
        state = new_state(sc, seed ^ 0x2545F491, index)
        rngs = (CounterRng(seed ^ 0x68E31DA4, index, 1), CounterRng(seed ^ 0xB5297A4D, index, 2))
        return play_turns(sc, state, self.models, rngs, turns).vars

    # the decision --------------------------------------------------------------------------
    def choose(self, view: View, legal: Legal, rng: CounterRng) -> Orders:
        sc, side = self.sc, self.side
        n = view.n
        cands = self.candidates(view, legal, rng)
        c, k = len(cands), self.level.worlds
        copies = c * k
        # Worlds are addressed by the real game's index, so a game decides the same in any
        # batch; the seed mixes in the turn and side so each decision imagines afresh. Every
        # candidate meets the same k worlds and the same luck in them (common random
        # numbers), so candidates differ by their orders, not by their dice.
        seed = _mix_int(rng.seed * 31 + view.turn * 1009 + side * 7 + rng.stream) % (2**62)
        world = np.tile(np.arange(k, dtype=np.uint64), n * c)
        index = np.repeat(rng.game_index, copies) * np.uint64(k) + world
        worlds = self.sample_worlds(view, copies, seed, index, distinct=k)
        # game-major, then candidate, then world: candidate j's orders go to its k worlds
        mine = Orders.stack([_expand(o, k) for _, o in cands])  # (c * k) per game, c-major
        mine = _interleave(mine, n, c, k)
        theirs = self.models[1 - side]
        model_rng = (CounterRng(seed ^ 0x5BD1E995, index, 1), CounterRng(seed ^ 0x1B873593,
                                                                          index, 2))
        their_orders = theirs.choose(side_view(sc, worlds, 1 - side, theirs.reads()),
                                     legal_orders(sc, worlds, 1 - side), model_rng[1 - side])
        first = (mine, their_orders) if side == 0 else (their_orders, mine)
        worlds, _ = resolve_turn(sc, worlds, first, news=False)
        worlds = play_turns(sc, worlds, self.models, model_rng, self.level.horizon - 1)
        score = np.where(worlds.active, sc.scoring[side].values(worlds, worlds.n),
                         worlds.score[side])
        per_world = score.reshape(n, c, k)
        # Leave the default course only for one that does better than it in clearly more of
        # the imagined futures than worse (world by world: common random numbers), and on
        # average too. Judging by the majority of futures, not the mean alone, keeps a long
        # shot with a big payoff in a few imagined worlds from costing a little in most real
        # games: the imagining is only as good as the side's intelligence.
        default = 1 if sc.rules[side] else 0
        diff = per_world - per_world[:, default:default + 1, :]
        wins = (diff > 1e-6).mean(axis=2) - (diff < -1e-6).mean(axis=2)
        gain = diff.mean(axis=2)
        best = np.argmax(wins + 1e-3 * gain, axis=1)
        take = lambda a: np.take_along_axis(a, best[:, None], axis=1)[:, 0]  # noqa: E731
        best = np.where((take(wins) > MARGIN) & (take(gain) > 0), best, default)
        out = _select([o for _, o in cands], best)
        if n <= EXPLAIN_UP_TO:
            out.rationale = [self._explain(cands, g, diff[g], int(best[g]), default)
                             for g in range(n)]
        return out

    def _explain(self, cands: list[tuple[str, Orders]], g: int, diff: np.ndarray, best: int,
                 default: int) -> str:
        """One sentence: the chosen posture and course, and how the imagined futures judged it
        against the default course (`diff`: candidates x worlds, score minus the default's)."""
        k = diff.shape[1]
        label = self.sc.postures[self.side].models[int(cands[best][1].posture[g])].label
        if best != default:
            better = int((diff[best] > 1e-6).sum())
            return (f"{label}, {cands[best][0]}: it did better than {cands[default][0]} in "
                    f"{better} of {k} imagined futures ({diff[best].mean():+.1f} on average).")
        score = (diff > 1e-6).sum(axis=1) - (diff < -1e-6).sum(axis=1)
        score[default] = -k - 1
        rival = int(np.argmax(score))
        if score[rival] <= -k:
            return f"{label}, {cands[best][0]}: nothing else is open to us."
        won, lost = int((diff[rival] > 1e-6).sum()), int((diff[rival] < -1e-6).sum())
        return (f"{label}, {cands[best][0]}: the best alternative, {cands[rival][0]}, did "
                f"better in {won} of {k} imagined futures and worse in {lost}; not enough to "
                f"change course.")


def _copy(o: Orders) -> Orders:
    return Orders(o.posture.copy(), o.talks.copy(), o.action.copy(), o.arg.copy(),
                  o.request.copy(), o.package.copy(), list(o.rationale))


def _expand(o: Orders, k: int) -> Orders:
    """Each game's orders repeated k times (game-major)."""
    rep = lambda a: np.repeat(a, k, axis=-1)  # noqa: E731
    return Orders(rep(o.posture), rep(o.talks), rep(o.action), rep(o.arg), rep(o.request),
                  rep(o.package))


def _interleave(stacked: Orders, n: int, c: int, k: int) -> Orders:
    """From candidate-major (c, n, k) to game-major (n, c, k) along the batch axis."""
    def fix(a: np.ndarray) -> np.ndarray:
        lead = a.shape[:-1]
        return a.reshape(*lead, c, n, k).swapaxes(-3, -2).reshape(*lead, n * c * k)
    return Orders(fix(stacked.posture), fix(stacked.talks), fix(stacked.action),
                  fix(stacked.arg), fix(stacked.request), fix(stacked.package))


def _select(cands: list[Orders], best: np.ndarray) -> Orders:
    """For each game, the orders of its best candidate."""
    def pick(name: str) -> np.ndarray:
        stacked = np.stack([getattr(o, name) for o in cands])  # (c, ..., n)
        idx = best.reshape((1,) * (stacked.ndim - 1) + (-1,)).astype(np.intp)
        idx = np.broadcast_to(idx, (1, *stacked.shape[1:]))
        return np.take_along_axis(stacked, idx, axis=0)[0]
    return Orders(pick("posture"), pick("talks"), pick("action"), pick("arg"),
                  pick("request"), pick("package"))
