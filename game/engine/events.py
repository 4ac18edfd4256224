"""Scheduled and triggered events, and the standing politics rules.

An event can happen on a turn whose first day lies in its window, once its condition holds, with
its probability; unless it repeats, it happens at most once. Politics rules apply every turn
their condition holds. Both change the game only through the effect vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.log import News
from game.engine.state import State
from game.scenario.compiled import CompiledEvent, CompiledScenario


@dataclass
class EffectContext:
    """What an effect works on (see `game.scenario.effects.Context`): the batch's state, the
    turn's news (None in a batch run) and who reads what the effect reports (its event's
    visibility; public for a politics rule)."""

    state: State
    news: News | None
    visibility: str = "public"

    def reveal(self, mask: np.ndarray, rows: list[tuple[str, int]]) -> None:
        if self.news is None:
            return
        for k in np.flatnonzero(mask):
            parts = ", ".join(f"{name} = {self.state.vars[row, k]:.4g}" for name, row in rows)
            self.news.add_one(int(k), self.visibility, "event", f"Revealed: {parts}.")


def resolve_events(sc: CompiledScenario, state: State, news: News | None,
                   forced: tuple[int, ...] = ()) -> None:
    """Fire this turn's events in place. `forced` are event indices an instructor injects:
    they happen now in every active game, whatever their window, condition or chance."""
    for ev in sc.events:
        inject = ev.index in forced
        if not inject and not ev.first_day <= state.day <= ev.last_day:
            continue
        if inject:
            hit = state.active.copy()
        else:
            hit = state.active.copy()
            if not ev.repeat:
                hit &= state.event_count[ev.index] == 0
            if not hit.any():
                continue
            hit &= ev.when.mask(state, state.n)
            if isinstance(ev.probability, float):
                if ev.probability < 1.0:
                    hit &= state.uniform(ev.site) < ev.probability
            else:
                hit &= state.uniform(ev.site) < ev.probability.values(state, state.n)
        if hit.any():
            fire(sc, state, ev, hit, news)


def fire(sc: CompiledScenario, state: State, ev: CompiledEvent, hit: np.ndarray,
         news: News | None) -> None:
    """Apply an event's effects in the games `hit`."""
    ctx = EffectContext(state, news, ev.visibility)
    for effect in ev.effects:
        effect(ctx, hit)
    state.event_count[ev.index] += hit
    state.event_last[ev.index] = np.where(hit, state.turn, state.event_last[ev.index])
    if news is not None:
        model = sc.model.events[ev.index]
        news.add(hit, model.visibility, "event", f"{model.title}. {model.text}".strip(),
                source=model.source or "", event=model.id)


def resolve_politics(sc: CompiledScenario, state: State, news: News | None) -> None:
    """Apply the scenario's standing politics rules in place, in order."""
    live = state.active
    ctx = EffectContext(state, news)
    for rule in sc.politics:
        hit = live & rule.when.mask(state, state.n)
        if hit.any():
            for effect in rule.effects:
                effect(ctx, hit)
