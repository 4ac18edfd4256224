"""The debrief: the played timeline beside the historical one, charts of the war, what was
hidden, both sides' rationales, the outcome and the scores against history."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.ui.markup import esc, plain
from game.ui.palette import hexcode
from game.ui.scenes.base import Scene
from game.ui.theme import font_px
from game.ui.widgets.charts import line_chart
from game.vocab import AGREED, SIDES

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.flow import GameFlow


def debrief_html(session, palette) -> str:
    """The debrief's text: everything, since the game is over (or the instructor asked)."""
    sc = session.sc
    st = session.state
    muted = hexcode(palette.muted)
    colours = {"unc": hexcode(palette.unc), "communist": hexcode(palette.communist),
               "both": hexcode(palette.text)}
    parts = []
    outcome = session.outcome
    if outcome is not None:
        parts.append(f"<b>{esc(outcome.title)}</b><br>{esc(outcome.epilogue.strip())}")
        if outcome.history_note:
            parts.append(f"<i>History:</i> {esc(outcome.history_note.strip())}")
        unc, com = (esc(sc.model.sides[name].name) for name in ("unc", "communist"))
        parts.append(f"<b>Scores</b>: {unc} {st.score[0, 0]:.1f}, {com} "
                     f"{st.score[1, 0]:.1f}")
    rows = ["<b>Agreed in this game, and in history</b>"]
    for i, item in enumerate(sc.model.agenda.items):
        played = (f"{sc.date_of(int(st.agreed_turn[i, 0])):%d %b %Y} — "
                  f"{esc(item.positions[int(st.agreed_pos[i, 0])].label)}"
                  if st.status[i, 0] == AGREED else "not agreed")
        real = sc.model.history.agreed.get(item.id)
        history = f" <font color='{muted}'>(history: {real:%d %b %Y})</font>" if real else ""
        rows.append(f"{item.number}. {esc(item.title)}: {played}{history}")
    if sc.model.history.armistice:
        rows.append(f"<font color='{muted}'>In history the agreement was signed on "
                    f"{sc.model.history.armistice:%d %B %Y}.</font>")
    parts.append("<br>".join(rows))
    hidden = ["<b>What was hidden</b>"]
    for name, var in sc.model.variables.items():
        if var.owner in ("hidden", "communist", "unc"):
            value = float(st.vars[sc.var_index[name], 0])
            shown = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
            who = ("hidden from both" if var.owner == "hidden" else
                   f"known to the {esc(sc.model.sides[var.owner].short)} only")
            hidden.append(f"{esc(var.label)}: {shown} <font color='{muted}'>({who})"
                          "</font>")
    parts.append("<br>".join(hidden))
    reasons = ["<b>Both sides' orders and reasons, turn by turn</b>"]
    for record, expl in zip(session.turns, session.explanations, strict=False):
        date = sc.date_of(record.turn)
        for side in SIDES:
            o = record.orders[side]
            why = o.get("rationale") or expl.get(side, "")
            moves = ", ".join(f"{k}: {v.get('action', 'hold')}" for k, v in
                              o.get("items", {}).items()) or "no moves"
            who = esc(sc.model.sides[side].short)
            reasons.append(f"<font color='{colours[side]}'>{date:%d %b %Y} {who}</font>: "
                           f"{esc(o['posture'])}; {esc(moves)}"
                           + (f" — <i>{esc(why)}</i>" if why else ""))
    parts.append("<br>".join(reasons))
    timeline = ["<b>The historical timeline</b>"]
    for entry in sc.model.history.timeline:
        timeline.append(f"<font color='{colours[entry.side]}'>{entry.date:%d %b %Y}</font> "
                        f"{esc(entry.text)} <font color='{muted}'>[{esc(entry.source)}]</font>")
    parts.append("<br>".join(timeline))
    played = ["<b>This game's timeline (everything, both sides)</b>"]
    for e in session.news(None):
        if e.kind in ("event", "talks", "agenda", "package", "authority", "request",
                      "outcome", "instructor"):
            played.append(f"{esc(e.date)} [{esc(e.visibility)}] {esc(e.text)}")
    parts.append("<br>".join(played))
    return "<br><br>".join(parts)


class Debrief(Scene):
    def __init__(self, app: App, flow: GameFlow) -> None:
        super().__init__(app)
        self.flow = flow

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        session = self.flow.session
        pad = self.px(12)
        UILabel(pygame.Rect(pad, pad, w // 2, self.px(34)),
                plain(f"Debrief — {session.sc.model.title}"), m, object_id="@heading")
        split = int(w * 0.5)
        UITextBox(debrief_html(session, self.app.palette),
                  pygame.Rect(pad, pad + self.px(44), split - 2 * pad,
                              h - 2 * pad - self.px(44)), m)
        self.chart_area = pygame.Rect(split, pad + self.px(44), w - split - pad,
                                      h - 2 * pad - self.px(110))
        self.font = pygame.font.Font(None, font_px(self.app.settings.scale, 16))
        bw = self.px(200)
        self.menu_button = UIButton(pygame.Rect(w - pad - bw, h - pad - self.px(48), bw,
                                                self.px(48)), "Main menu  [Esc]", m)
        self.export_button = UIButton(pygame.Rect(w - 2 * pad - 2 * bw, h - pad - self.px(48),
                                                  bw, self.px(48)), "Export  [Ctrl+E]", m,
                                      tool_tip_text="Write this debrief as an HTML file "
                                                    "to hand in.")

    def draw(self, surface: pygame.Surface) -> None:
        session = self.flow.session
        sc = session.sc
        data = np.array(session.series)  # (turns + 1, variables)
        dates = [f"{sc.date_of(0):%b %Y}", f"{sc.date_of(len(session.series) - 1):%b %Y}"]
        pal = self.app.palette
        area = self.chart_area
        third = area.height // 3
        charts = [
            (f"Front (km north of {sc.model.fighting.line})",
             [(sid, data[:, row], c) for sid, row, c in zip(
                 sc.sector_ids, sc.sector_fronts, (pal.unc, pal.accent, pal.communist),
                 strict=False)]),
            ("Casualties since the talks began",
             [(sc.model.sides["unc"].short, data[:, sc.var_index["unc_casualties"]], pal.unc),
              (sc.model.sides["communist"].short, data[:, sc.var_index["com_casualties"]],
               pal.communist)]),
        ]
        names = [n for n in ("unc_support", "world_opinion") if n in sc.var_index]
        if not names:  # a scenario of its own: its first public figures other than the front
            fronts = {sc.var_names[row] for row in sc.sector_fronts}
            names = [n for n, v in sc.model.variables.items()
                     if v.owner == "public" and n not in fronts][:2]
        third_series = [(sc.model.variables[name].label, data[:, sc.var_index[name]], colour)
                        for name, colour in zip(names, (pal.unc, pal.good), strict=False)]
        charts.append(("Support and opinion" if "unc_support" in names else "Public figures",
                       third_series))
        for k, (title, series) in enumerate(charts):
            rect = pygame.Rect(area.x, area.y + k * third, area.width, third - 8)
            line_chart(surface, rect, title, series, dates, pal, self.font)

    def process_event(self, event: pygame.event.Event) -> bool:
        from game.ui.scenes.menu import MainMenu

        pressed = event.type == pygame_gui.UI_BUTTON_PRESSED
        if (pressed and event.ui_element is self.menu_button) or (
                event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
            self.app.show(MainMenu(self.app))
            return True
        if (pressed and event.ui_element is self.export_button) or (
                event.type == pygame.KEYDOWN and event.key == pygame.K_e
                and event.mod & pygame.KMOD_CTRL):
            self.export()
            return True
        return False

    def export(self) -> None:
        from game.report.debrief import write_debrief
        from game.session.savefile import data_dir

        session = self.flow.session
        path = data_dir() / "reports" / f"debrief-{session.sc.id}-{session.seed}.html"
        try:
            write_debrief(session, path)
            self.app.status = f"Debrief written to {path}"
        except OSError as exc:
            self.app.status = f"Could not write the debrief: {exc.strerror or exc}"
