"""Scheduled and triggered events, and the standing politics rules.

An event can happen on a turn whose first day lies in its window, once its condition holds, with
its probability; unless it repeats, it happens at most once. Politics rules apply every turn
their condition holds. Both change the game only through the effect vocabulary.
"""

from __future__ import annotations

import numpy as np

from game.engine.log import Log
from game.engine.state import State
from game.scenario.compiled import CompiledEvent, CompiledScenario


def resolve_events(sc: CompiledScenario, state: State, log: Log | None,
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
            fire(sc, state, ev, hit, log)


def fire(sc: CompiledScenario, state: State, ev: CompiledEvent, hit: np.ndarray,
         log: Log | None) -> None:
    """Apply an event's effects in the games `hit`."""
    state.reveal_visibility = ev.visibility
    for effect in ev.effects:
        effect(state, hit)
    state.reveal_visibility = "public"
    state.event_count[ev.index] += hit
    state.event_last[ev.index] = np.where(hit, state.turn, state.event_last[ev.index])
    if log is not None:
        model = sc.model.events[ev.index]
        log.add(hit, model.visibility, "event", f"{model.title}. {model.text}".strip(),
                source=model.source or "", event=model.id)


def resolve_politics(sc: CompiledScenario, state: State) -> None:
    """Apply the scenario's standing politics rules in place, in order."""
    live = state.active
    for rule in sc.politics:
        hit = live & rule.when.mask(state, state.n)
        if hit.any():
            for effect in rule.effects:
                effect(state, hit)
