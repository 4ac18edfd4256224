"""The fighting phase: both sides' postures → casualties, ground, fortification, supply and the
pressure each side feels. The formulas are explained in docs/rules.md; their parameters come from
the scenario's `fighting` section.

The point of the model is the paper's argument: an attack's effect is divided by the defender's
fortification while its cost is multiplied by it. Against a thin line (summer 1951) pressure
is cheap and felt; after months of digging in (1952) the same offensive costs more and moves
less. Nothing here looks at the date.
"""

from __future__ import annotations

import numpy as np

from game.engine.log import News
from game.engine.state import SITE_FIGHT, State
from game.scenario.compiled import CompiledScenario

PRESSURE_SCALE = 10.0  # pressure points from a month of full, unopposed effective attack


def resolve_fighting(sc: CompiledScenario, state: State, news: News | None) -> None:
    """Update the fighting variables of every active game in place."""
    f = sc.model.fighting
    v = sc.fighting_vars
    x = state.vars
    k = sc.turn_days / 30.0
    decay = f.pressure_decay ** k
    pu, pc = sc.postures
    a_u = pu.attack[state.posture[0]]
    a_c = pc.attack[state.posture[1]]
    i_u = pu.interdiction[state.posture[0]]
    i_c = pc.interdiction[state.posture[1]]
    f_u = pu.fortify[state.posture[0]]
    f_c = pc.fortify[state.posture[1]]
    h = f.fortification_halving
    fort_u = x[v["unc_fortification"]]
    fort_c = x[v["com_fortification"]]
    supply_u = x[v["unc_supply"]] / 100.0
    supply_c = x[v["com_supply"]] / 100.0
    luck_u = 0.75 + 0.5 * state.uniform(SITE_FIGHT)
    luck_c = 0.75 + 0.5 * state.uniform(SITE_FIGHT + 1)
    shield_u = 1.0 + fort_u / h  # how much the defender's works blunt an attack
    shield_c = 1.0 + fort_c / h
    eff_u = a_u * f.unc.firepower * luck_u * (0.5 + 0.5 * supply_u) / shield_c
    eff_c = a_c * f.communist.firepower * luck_c * (0.5 + 0.5 * supply_c) / shield_u

    loss_u = k * (f.unc.base_losses + f.unc.attack_losses * a_u * shield_c * luck_u
                  + f.unc.defence_losses * eff_c)
    loss_c = k * (f.communist.base_losses + f.communist.attack_losses * a_c * shield_u * luck_c
                  + f.communist.defence_losses * eff_u)
    # Interdiction costs the enemy men on the roads as well as supplies.
    loss_c = loss_c + k * 0.1 * f.communist.base_losses * i_u
    live = state.active

    def put(name: str, value: np.ndarray) -> None:
        row = v[name] if name in v else sc.var_index[name]
        clipped = np.minimum(np.maximum(value, sc.lo[row]), sc.hi[row])
        x[row] = np.where(live, clipped, x[row])

    put("unc_losses", loss_u)
    put("com_losses", loss_c)
    put("unc_casualties", x[v["unc_casualties"]] + loss_u)
    put("com_casualties", x[v["com_casualties"]] + loss_c)

    push = k * f.ground_per_turn * (eff_u - eff_c)
    spread = len(sc.sector_fronts)
    for s, row in enumerate(sc.sector_fronts):
        jitter = 0.5 + state.uniform(SITE_FIGHT + 10 + s)
        gain = push * sc.sector_weights[s] * spread * jitter
        x[row] = np.where(live, np.minimum(np.maximum(x[row] + gain, sc.lo[row]), sc.hi[row]),
                          x[row])

    # Digging in goes slower under attack and interdiction; attacks wreck some works.
    put("com_fortification", fort_c + k * (f.communist.fortify_rate * f_c
                                           * (1.0 - 0.5 * a_u) * (1.0 - 0.3 * i_u)
                                           - 4.0 * eff_u))
    put("unc_fortification", fort_u + k * (f.unc.fortify_rate * f_u * (1.0 - 0.5 * a_c)
                                           - 4.0 * eff_c))
    # Supplies: interdiction bites less on an army that has dug its depots in.
    put("com_supply", x[v["com_supply"]] + k * (f.supply_recovery
                                               - f.interdiction_supply * i_u / shield_c))
    put("unc_supply", x[v["unc_supply"]] + k * (f.supply_recovery
                                               - f.interdiction_supply * i_c / shield_u))
    put("com_pressure", x[v["com_pressure"]] * decay
        + k * PRESSURE_SCALE * (eff_u + 0.5 * i_u * (1.0 - supply_c)))
    put("unc_pressure", x[v["unc_pressure"]] * decay + k * PRESSURE_SCALE * eff_c)

    if news is not None:
        _log_fighting(sc, state, news, live, a_u, a_c, loss_u, loss_c, eff_u, eff_c)


def _log_fighting(sc: CompiledScenario, state: State, news: News, live: np.ndarray,
                  a_u: np.ndarray, a_c: np.ndarray, loss_u: np.ndarray, loss_c: np.ndarray,
                  eff_u: np.ndarray, eff_c: np.ndarray) -> None:
    """Each side learns its own losses exactly and the enemy's as its intelligence estimates
    them (the scenario's noise for the `*_losses` variables); the debrief gets the truth."""
    v = sc.fighting_vars
    estimates = []
    for s, (row, truth) in enumerate(((v["com_losses"], loss_c), (v["unc_losses"], loss_u))):
        if sc.owner[row] == "public":
            estimates.append(truth)
            continue
        if np.isnan(sc.intel_noise[row]) and sc.intel_relative[row] == 0:
            estimates.append(None)  # the other side has no intelligence on these losses
            continue
        error = np.nan_to_num(sc.intel_noise[row]) + sc.intel_relative[row] * truth
        guess = truth + error * state.normal(SITE_FIGHT + 30 + s)
        estimates.append(np.maximum(guess, 0.0))

    def enemy(s: int, g: int) -> str:
        est = estimates[s]
        return "unknown" if est is None else f"estimated at {est[g]:,.0f}"

    unc, com = (sc.model.sides[name].short for name in ("unc", "communist"))
    for g in np.flatnonzero(live):
        scale = "flares" if max(a_u[g], a_c[g]) >= 0.5 else "continues at a low level"
        news.add_one(int(g), "unc", "fighting",
                    f"Fighting {scale}: {unc} casualties {loss_u[g]:,.0f}; {com} "
                    f"casualties {enemy(0, g)}.")
        news.add_one(int(g), "communist", "fighting",
                    f"Fighting {scale}: our casualties {loss_c[g]:,.0f}; enemy casualties "
                    f"{enemy(1, g)}.")
        news.add_one(int(g), "debrief", "fighting",
                    f"True casualties: {unc} {loss_u[g]:,.0f}, {com} {loss_c[g]:,.0f}; "
                    f"effective pressure {unc} {eff_u[g]:.2f}, {com} {eff_c[g]:.2f}.")
