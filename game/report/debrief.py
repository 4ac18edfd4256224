"""A debrief as one self-contained HTML file (inline CSS and SVG charts, no external requests),
for a student to hand in or an instructor to project."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np

from game.scenario.expr import AGREED

SIDES = ("unc", "communist")
COLOURS = {"unc": "#56B4E9", "communist": "#D55E00", "both": "#333333"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def svg_chart(title: str, series: list[tuple[str, np.ndarray, str]], width: int = 640,
              height: int = 200) -> str:
    values = np.concatenate([v for _, v, _ in series]) if series else np.zeros(1)
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad_l, pad_t, pad_b = 60, 24, 20
    w, h = width - pad_l - 10, height - pad_t - pad_b
    lines = []
    for label, v, colour in series:
        n = max(len(v) - 1, 1)
        pts = " ".join(f"{pad_l + k * w / n:.1f},{pad_t + h - (x - lo) / (hi - lo) * h:.1f}"
                       for k, x in enumerate(v))
        lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{pts}"><title>{_e(label)}</title></polyline>')
    legend = "".join(f'<tspan fill="{c}" dx="12">{_e(label)}</tspan>' for label, _, c in series)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{_e(title)}"><rect width="100%" height="100%" '
            f'fill="#fafafa"/><text x="4" y="16" font-weight="bold">{_e(title)}</text>'
            f'<text x="{width - 10}" y="16" text-anchor="end">{legend}</text>'
            f'<text x="4" y="{pad_t + 10}">{hi:,.0f}</text>'
            f'<text x="4" y="{pad_t + h}">{lo:,.0f}</text>'
            f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" '
            f'stroke="#999"/>{"".join(lines)}</svg>')


def debrief_document(session) -> str:
    sc, st = session.sc, session.state
    out = [f"<h1>Debrief: {_e(sc.model.title)}</h1>",
           f"<p>Seed {session.seed}, game {session.game_index}; players: "
           f"{_e(', '.join(str(p) for p in session.players))}; what-ifs: "
           f"{_e(', '.join(sc.what_ifs) or 'none')}.</p>"]
    if session.outcome is not None:
        o = session.outcome
        out.append(f"<h2>{_e(o.title)}</h2><p>{_e(o.epilogue)}</p>"
                   f"<p><i>History:</i> {_e(o.history_note)}</p>"
                   f"<p><b>Scores:</b> UN Command {st.score[0, 0]:.1f}, Communist side "
                   f"{st.score[1, 0]:.1f}</p>")
    rows = []
    for i, item in enumerate(sc.model.agenda.items):
        played = (f"{sc.date_of(int(st.agreed_turn[i, 0])):%d %b %Y}: "
                  f"{item.positions[int(st.agreed_pos[i, 0])].label}"
                  if st.status[i, 0] == AGREED else "not agreed")
        real = sc.model.history.agreed.get(item.id)
        rows.append(f"<tr><td>{item.number}. {_e(item.title)}</td><td>{_e(played)}</td>"
                    f"<td>{real.strftime('%d %b %Y') if real else ''}</td></tr>")
    out.append("<h2>The agenda, played and historical</h2><table><tr><th>Item</th>"
               "<th>This game</th><th>History</th></tr>" + "".join(rows) + "</table>")
    data = np.array(session.series)
    charts = [
        ("Front, km north of the 38th parallel",
         [(sid, data[:, row], c) for sid, row, c in zip(
             sc.sector_ids, sc.sector_fronts, ("#0072B2", "#E69F00", "#D55E00"), strict=False)]),
        ("Casualties since the talks began",
         [("UN Command", data[:, sc.var_index["unc_casualties"]], COLOURS["unc"]),
          ("Communist", data[:, sc.var_index["com_casualties"]], COLOURS["communist"])]),
    ]
    if "unc_support" in sc.var_index:
        charts.append(("US support for the war, %",
                       [("support", data[:, sc.var_index["unc_support"]], COLOURS["unc"])]))
    out.append("<h2>The war over time</h2>" + "".join(svg_chart(t, s) for t, s in charts))
    hidden = [f"<tr><td>{_e(v.label)}</td><td>{st.vars[sc.var_index[n], 0]:,.2f}</td>"
              f"<td>{_e(v.owner)}</td></tr>" for n, v in sc.model.variables.items()
              if v.owner != "public"]
    out.append("<h2>What was hidden</h2><table><tr><th>Figure</th><th>True value</th>"
               "<th>Known to</th></tr>" + "".join(hidden) + "</table>")
    orders = []
    for record, expl in zip(session.turns, session.explanations, strict=False):
        for side in SIDES:
            o = record.orders[side]
            why = o.get("rationale") or expl.get(side, "")
            moves = ", ".join(f"{k}: {v.get('action', 'hold')}" for k, v in
                              o.get("items", {}).items()) or "no moves"
            orders.append(f"<tr><td>{sc.date_of(record.turn):%d %b %Y}</td>"
                          f"<td style='color:{COLOURS[side]}'>{side}</td>"
                          f"<td>{_e(o['posture'])}</td><td>{_e(moves)}</td>"
                          f"<td>{_e(why)}</td></tr>")
    out.append("<h2>Orders and rationales</h2><table><tr><th>Turn</th><th>Side</th>"
               "<th>Posture</th><th>At the table</th><th>Why</th></tr>" + "".join(orders)
               + "</table>")
    timeline = [f"<li><b>{e.date:%d %b %Y}</b> {_e(e.text)} <small>[{_e(e.source)}]</small></li>"
                for e in sc.model.history.timeline]
    out.append("<h2>What really happened</h2><ul>" + "".join(timeline) + "</ul>")
    played = [f"<li>{_e(e.date)} <small>[{_e(e.visibility)}]</small> {_e(e.text)}</li>"
              for e in session.news(None) if e.kind != "fighting"]
    out.append("<h2>This game's log</h2><ul>" + "".join(played) + "</ul>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
             "vertical-align:top}svg{display:block;margin:1em 0}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Debrief: "
            f"{_e(sc.model.title)}</title><style>{style}</style></head><body>"
            + "".join(out) + "</body></html>")


def write_debrief(session, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(debrief_document(session), encoding="utf-8")
    tmp.replace(path)
    return path
