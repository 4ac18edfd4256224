"""The briefing and the turn screen: the map, the table, the gauges, the news and the orders.

Everything drawn here comes from one side's View and the log entries that side may see. The
only thing this screen changes is the Orders object it submits to the session.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UIScrollingContainer,
    UITextBox,
    UITextEntryLine,
)

from game.engine.log import Entry
from game.engine.orders import Orders
from game.engine.view import View
from game.ui.markup import esc, plain
from game.ui.palette import hexcode
from game.ui.scenes.base import Scene
from game.ui.theme import font_px
from game.ui.widgets.front_view import front_view
from game.ui.widgets.gauges import draw_gauges, gauge_rows
from game.vocab import ACCEPT, CONCEDE, HOLD, OFFER, RECESS, RESUME, SIDES, STATUS_NAMES

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.flow import GameFlow

HELP = ("Shortcuts: Tab / Shift+Tab move through your orders, Up/Down change one · "
        "Ctrl+Enter end turn · P next posture · 1-5 then H hold / C concede / A accept / "
        "R ask leave · Ctrl+S save · F9 instructor · F1 help · Esc main menu · F11 fullscreen "
        "· Ctrl +/- text size")


def fronts_of(view: View, sc) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for sector, row in zip(sc.sector_ids, sc.sector_fronts, strict=True):
        x = float(view.vars[row, 0])
        out[sector] = None if math.isnan(x) else x
    return out


def news_html(entries: list[Entry], palette, limit: int = 60) -> str:
    if not entries:
        return "<i>Nothing new.</i>"
    muted = hexcode(palette.muted)
    parts = []
    for e in entries[-limit:][::-1]:
        src = f"<br><font color='{muted}' size=3>Source: {esc(e.source)}</font>" if e.source \
            else ""
        parts.append(f"<b>{esc(e.date)}</b> {esc(e.text)}{src}")
    return "<br><br>".join(parts)


def table_html(sc, view: View, palette) -> str:
    me = view.side
    colours = (hexcode(palette.unc), hexcode(palette.communist))
    talks = "in recess" if view.talks[0] == 1 else "in session"
    lines = [f"<b>The talks are {talks}.</b>"]
    for s, name in enumerate(("unc", "communist")):
        k = int(view.package[s, 0])
        if k >= 0:
            who = esc(sc.model.sides[name].name)
            lines.append(f"<font color='{colours[s]}'>{who}</font> has a package on the "
                         f"table: {esc(sc.model.agenda.packages[k].label)}")
    # what is on the table first, then what is to come, then what is settled
    order = sorted(range(len(sc.item_ids)),
                   key=lambda i: {1: 0, 2: 0, 0: 1, 3: 2}[int(view.status[i, 0])])
    for i in order:
        item = sc.model.agenda.items[i]
        status = STATUS_NAMES[int(view.status[i, 0])]
        head = f"<b>{item.number}. {esc(item.title)}</b> — {status}"
        if status == "agreed":
            agreed = item.positions[int(view.agreed_pos[i, 0])].label
            lines.append(f"{head}: {esc(agreed)}")
            continue
        if status == "pending":
            lines.append(f"{head}")
            continue
        mine, theirs = int(view.pos[me, i, 0]), int(view.pos[1 - me, i, 0])
        auth = int(view.auth[me, i, 0])
        text = (f"{head}<br><font color='{colours[me]}'>You [{mine}]:</font> "
                f"{esc(item.positions[mine].label)}<br>"
                f"<font color='{colours[1 - me]}'>They [{theirs}]:</font> "
                f"{esc(item.positions[theirs].label)}<br>"
                f"Your instructions allow up to [{auth}] {esc(item.positions[auth].label)}")
        asked = int(view.req_pos[me, i, 0])
        if asked >= 0:
            text += f"<br><i>Awaiting an answer on [{asked}] {esc(item.positions[asked].label)}</i>"
        lines.append(text)
    return "<br><br>".join(lines)


class Briefing(Scene):
    """The scenario, your role and your objectives (your side's only)."""

    def __init__(self, app: App, flow: GameFlow, side: int) -> None:
        super().__init__(app)
        self.flow, self.side = flow, side

    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        sc = self.flow.session.sc
        info = sc.model.sides[SIDES[self.side]]
        pad = self.px(24)
        UILabel(pygame.Rect(pad, pad, w - 2 * pad, self.px(40)),
                plain(f"{sc.model.title} — briefing for the {info.name}"), m, object_id="@heading")
        roles = "".join(f"<b>{esc(r.name)}</b>: {esc(r.description)}<br>" for r in info.roles)
        objectives = "".join(f"• {esc(o)}<br>" for o in info.objectives)
        wifs = ""
        if sc.what_ifs:
            chosen = [w_ for w_ in sc.model.what_ifs if w_.id in sc.what_ifs]
            wifs = "<br><b>What-ifs in play</b><br>" + "".join(
                f"• {esc(x.title)}: {esc(x.description)}<br>" for x in chosen)
        text = (f"{esc(sc.model.summary.strip())}<br><br><b>Your situation</b><br>"
                f"{esc(info.briefing.strip())}<br><br><b>Your roles</b><br>{roles}<br>"
                f"<b>Your objectives</b><br>{objectives}{wifs}<br>"
                f"<font color='{hexcode(self.app.palette.muted)}'>The game runs from "
                f"{sc.start:%d %B %Y} in turns of {sc.turn_days} days, at most {sc.turns} turns."
                f" {HELP}</font>")
        UITextBox(text, pygame.Rect(pad, pad + self.px(50), w - 2 * pad,
                                    h - 2 * pad - self.px(120)), m)
        self.go = UIButton(pygame.Rect(w - pad - self.px(260), h - pad - self.px(50),
                                       self.px(260), self.px(50)), "Begin  [Enter]", m,
                           object_id="@big_button",
                           tool_tip_text="Go to the first turn.")

    def process_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go) or (
                event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN,
                                                               pygame.K_KP_ENTER)):
            self.flow.next()
            return True
        return False


class TurnScreen(Scene):
    """One side gives its orders for the turn."""

    def __init__(self, app: App, flow: GameFlow, side: int) -> None:
        super().__init__(app)
        self.flow, self.side = flow, side
        session = flow.session
        self.sc = session.sc
        self.view = session.view(side)
        self.legal = session.legal(side)
        n_items = len(self.sc.item_ids)
        self.orders = Orders.hold(n_items, 1, posture=max(int(self.view.posture[side, 0]), 0))
        if not self.legal.posture[self.orders.posture[0], 0]:
            self.orders.posture[0] = int(self.legal.posture[:, 0].argmax())
        self.orders.rationale = [""]
        self.seconds_left = flow.timer_minutes * 60.0 if flow.timer_minutes else None
        self.selected_item: int | None = None
        self.key_row = -1  # the order-panel row the keyboard is on (Tab), -1 for none
        self.instructor = None

    # layout ------------------------------------------------------------------------------
    def build(self) -> None:
        m, (w, h) = self.app.manager, self.app.size
        sc, view, pal = self.sc, self.view, self.app.palette
        pad, top = self.px(8), self.px(44)
        info = sc.model.sides[SIDES[self.side]]
        date = sc.date_of(view.turn)
        bw = self.px(110)
        timer_w = self.px(200)
        head_w = w - 3 * (bw + pad) - timer_w - 2 * pad
        head = f"Turn {view.turn + 1} of {sc.turns} — {date:%d %b %Y} — "
        # the full side name where it fits, its short form, then a compact form on a narrow
        # window (measured with the heading's own font)
        font = m.get_theme().get_font_dictionary().find_font(
            font_px(self.app.settings.scale, 18), "noto_sans", bold=True)
        options = (head + info.name, head + info.short,
                   f"{view.turn + 1}/{sc.turns} · {date:%d %b %y} · {info.short}")
        options = tuple(plain(t) for t in options)
        title = next((t for t in options if font.size(t)[0] + self.px(12) <= head_w),
                     options[-1])
        self.heading = UILabel(pygame.Rect(pad, self.px(6), head_w, self.px(32)), title,
                               m, object_id="@heading")
        self.menu_button = UIButton(pygame.Rect(w - pad - bw, self.px(6), bw, self.px(32)),
                                    "Menu", m, tool_tip_text="Back to the main menu (the game "
                                    "is autosaved every turn) [Esc]")
        self.save_button = UIButton(pygame.Rect(w - pad - 2 * bw - pad, self.px(6), bw,
                                                self.px(32)), "Save", m,
                                    tool_tip_text="Save this game to a file [Ctrl+S]")
        self.help_button = UIButton(pygame.Rect(w - pad - 3 * bw - 2 * pad, self.px(6), bw,
                                                self.px(32)), "Help", m, tool_tip_text=HELP)
        self.timer_label = UILabel(pygame.Rect(pad + head_w, self.px(6), timer_w, self.px(32)),
                                   "", m, object_id="@muted")
        col1 = int(w * 0.36)
        col2 = int(w * 0.67)
        map_h = int((h - top) * 0.6)
        self.map_rect = pygame.Rect(pad, top, col1 - 2 * pad, map_h)
        font = pygame.font.Font(None, font_px(self.app.settings.scale, 17))
        self.small_font = font
        self.map = front_view(self.map_rect, pal, font, sc)
        self.gauge_rect = pygame.Rect(pad, top + map_h + pad, col1 - 2 * pad,
                                      h - top - map_h - 2 * pad)
        self.gauges = gauge_rows(sc, view)
        table_h = int((h - top) * 0.55)
        self.table_box = UITextBox(table_html(sc, view, pal),
                                   pygame.Rect(col1, top, col2 - col1 - pad, table_h), m)
        news = self.flow.session.news(self.side, since_turn=max(view.turn - 1, 0))
        self.news_box = UITextBox("<b>News</b><br>" + news_html(news, pal),
                                  pygame.Rect(col1, top + table_h + pad, col2 - col1 - pad,
                                              h - top - table_h - 2 * pad), m)
        self._build_orders(pygame.Rect(col2, top, w - col2 - pad, h - top - pad))

    def _build_orders(self, rect: pygame.Rect) -> None:
        m, sc = self.app.manager, self.sc
        row_h, gap = self.px(30), self.px(6)
        end_h = self.px(48)
        self.orders_area = pygame.Rect(rect.x, rect.y, rect.width,
                                       rect.height - end_h - 3 * gap - row_h)
        scroll = UIScrollingContainer(self.orders_area, m, allow_scroll_x=False)
        inner_w = rect.width - self.px(22)
        y = 0
        self.widgets: dict[object, tuple[str, int]] = {}
        self.options: dict[object, dict[str, tuple[int, int]]] = {}
        # the order panel's rows in screen order, for the keyboard (Tab, Up/Down)
        self.order_rows: list[tuple[object, str, list[tuple[str, tuple[int, int]]]]] = []

        def label_of(kind: str, index: int) -> str:
            if kind in ("item", "request"):
                item = sc.model.agenda.items[index]
                return f"{item.number}. {item.title}" + (" (leave)" if kind == "request" else "")
            return {"posture": "Military posture", "talks": "The talks",
                    "package": "Package"}[kind]

        def label(text: str, heading: bool = False) -> None:
            nonlocal y
            height = self.px(30 if heading else 24)
            UILabel(pygame.Rect(0, y, inner_w, height), plain(text), m, container=scroll,
                    object_id="@heading" if heading else None)
            y += height + gap // 2

        def dropdown(kind: str, index: int, options: list[tuple[str, tuple[int, int]]],
                     start: str, tip: str) -> None:
            nonlocal y
            options = _unique(options)  # every choice shown as plain text, and distinct
            texts = [t for t, _ in options]
            # show the orders as they stand (a rebuild must not quietly reset a choice)
            now = self.choice(kind, index)
            start = next((t for t, v in options if v == now),
                         plain(start) if plain(start) in texts else texts[0])
            menu = UIDropDownMenu(texts, start, pygame.Rect(0, y, inner_w, row_h), m,
                                  container=scroll, expansion_height_limit=self.px(240))
            menu.set_tooltip(tip)
            self.widgets[menu] = (kind, index)
            self.options[menu] = dict(options)
            self.order_rows.append((menu, label_of(kind, index), options))
            y += row_h + gap

        label("Your orders", heading=True)
        postures = sc.postures[self.side]
        opts = [(p.label, (k, 0)) for k, p in enumerate(postures.models)
                if self.legal.posture[k, 0]]
        current = postures.models[int(self.orders.posture[0])].label
        tip = "<br>".join(f"<b>{esc(p.label)}</b>: {esc(p.tooltip)}" for p in postures.models)
        label("Military posture")
        dropdown("posture", 0, opts, current, tip)
        talks = [("Talks: carry on", (0, 0))]
        if self.legal.talks[RECESS, 0]:
            talks.append(("Call a recess", (RECESS, 0)))
        if self.legal.talks[RESUME, 0]:
            talks.append(("End the recess", (RESUME, 0)))
        dropdown("talks", 0, talks, talks[0][0],
                 "A recess freezes every item until the side that called it ends it. Walking "
                 "out can answer an outrage, but the world watches who leaves the table.")
        if sc.package_ids:
            packages = [("No package", (-1, 0))] + [
                (f"Package: {p.label}", (k, 0)) for k, p in enumerate(sc.model.agenda.packages)
                if self.legal.package[k, 0]]
            tip = "<br>".join(f"<b>{esc(p.label)}</b>: {esc(p.tooltip)}"
                              for p in sc.model.agenda.packages)
            dropdown("package", 0, packages, "No package",
                     "Items agreed together or not at all, once both sides put the same "
                     f"package on the table.<br>{tip}")
        for i, item in enumerate(sc.model.agenda.items):
            if not self.legal.item_open[i, 0]:
                continue
            label(f"{item.number}. {item.title}")
            acts = [("Hold", (HOLD, -1))]
            if self.legal.concede[i, 0]:
                nxt = int(self.view.pos[self.side, i, 0]) + (1 if self.side == 0 else -1)
                acts.append((f"Concede to [{nxt}] {item.positions[nxt].label}", (CONCEDE, -1)))
            if self.legal.accept[i, 0]:
                theirs = int(self.view.pos[1 - self.side, i, 0])
                acts.append((f"Accept theirs: {item.positions[theirs].label}", (ACCEPT, -1)))
            lo, hi = int(self.legal.offer_lo[i, 0]), int(self.legal.offer_hi[i, 0])
            mine = int(self.view.pos[self.side, i, 0])
            for k in range(lo, hi + 1):
                if k != mine:
                    acts.append((f"Offer [{k}] {item.positions[k].label}", (OFFER, k)))
            tip = ("Hold keeps your position. Conceding or offering moves you toward them; "
                   "when your positions meet the item is agreed. You may not go beyond your "
                   "instructions without asking.<br>" + "<br>".join(
                       f"[{k}] {esc(p.label)}" + (f": {esc(p.tooltip)}" if p.tooltip else "")
                       for k, p in enumerate(item.positions)))
            dropdown("item", i, _unique(acts), "Hold", tip)
            rlo, rhi = int(self.legal.request_lo[i, 0]), int(self.legal.request_hi[i, 0])
            if rhi >= rlo:
                authority = sc.model.authorities[SIDES[self.side]].name
                reqs = [("No request upward", (-1, 0))] + [
                    (f"Ask leave for [{k}] {item.positions[k].label}", (k, 0))
                    for k in range(rlo, rhi + 1)]
                dropdown("request", i, _unique(reqs), "No request upward",
                         f"Ask {esc(authority)} for leave to go further on this item. The "
                         "answer comes before your next orders; it may be no.")
        scroll.set_scrollable_area_dimensions((inner_w, y))
        gap2 = rect.bottom - end_h - gap - row_h
        self.rationale = UITextEntryLine(pygame.Rect(rect.x, gap2, rect.width, row_h), m,
                                         placeholder_text="One line: why these orders? "
                                                          "(shown in the debrief)")
        self.rationale.set_tooltip("Your reasoning this turn, kept in the record and set "
                                   "beside history in the debrief.")
        self.end_button = UIButton(pygame.Rect(rect.x, rect.bottom - end_h, rect.width, end_h),
                                   "End turn  [Ctrl+Enter]", m, object_id="@big_button",
                                   tool_tip_text="Send these orders. The other side's orders "
                                                 "are sealed until both are in.")

    # events ------------------------------------------------------------------------------
    def process_event(self, event: pygame.event.Event) -> bool:
        if self.instructor is not None and self.instructor.alive() and \
                self.instructor.process_event(event):
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.widgets:
            kind, i = self.widgets[event.ui_element]
            self.apply(kind, i, self.options[event.ui_element][event.text])
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.end_button:
                self.submit()
            elif event.ui_element is self.save_button:
                self.save()
            elif event.ui_element is self.menu_button:
                self.to_menu()
            elif event.ui_element is self.help_button:
                self.app.status = HELP
            return True
        if event.type == pygame.KEYDOWN:
            return self.key(event)
        return False

    def key(self, event: pygame.event.Event) -> bool:
        ctrl = event.mod & pygame.KMOD_CTRL
        if self.rationale.is_focused and not ctrl:
            return False
        if ctrl and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.submit()
        elif ctrl and event.key == pygame.K_s:
            self.save()
        elif event.key == pygame.K_ESCAPE:
            self.to_menu()
        elif event.key == pygame.K_F9:
            self.open_instructor()
        elif event.key == pygame.K_F1:
            self.app.status = HELP
        elif event.key == pygame.K_p:
            allowed = np.flatnonzero(self.legal.posture[:, 0])
            k = int(self.orders.posture[0])
            after = [p for p in allowed if p > k]
            self.orders.posture[0] = after[0] if after else allowed[0]
            self.app.manager.clear_and_reset()
            self.build()
        elif event.key == pygame.K_TAB and self.order_rows:
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            self.key_row = (self.key_row + step) % len(self.order_rows)
            self.announce_row()
        elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.order_rows and \
                self.key_row >= 0:
            self.cycle_row(-1 if event.key == pygame.K_UP else 1)
        elif pygame.K_1 <= event.key <= pygame.K_9:
            self.selected_item = _item_by_number(self.sc, event.key - pygame.K_0)
        elif self.selected_item is not None and event.key in (pygame.K_h, pygame.K_c,
                                                              pygame.K_a, pygame.K_r):
            self.item_key(self.selected_item, event.key)
        else:
            return False
        return True

    def announce_row(self) -> None:
        """Say on the status line which order the keyboard is on, and what it is set to."""
        menu, name, options = self.order_rows[self.key_row]
        now = self.choice(*self.widgets[menu])
        text = next((t for t, v in options if v == now), options[0][0])
        self.app.status = f"{name}: {text}  (Up/Down to change, Tab for the next order)"

    def cycle_row(self, step: int) -> None:
        menu, _, options = self.order_rows[self.key_row]
        kind, i = self.widgets[menu]
        values = [v for _, v in options]
        now = self.choice(kind, i)
        k = values.index(now) if now in values else 0
        self.apply(kind, i, values[(k + step) % len(values)])
        row = self.key_row
        self.app.manager.clear_and_reset()
        self.build()
        self.key_row = row
        self.announce_row()

    def choice(self, kind: str, i: int) -> tuple[int, int]:
        """The current order of one row of the panel, as its dropdown's option values."""
        o = self.orders
        if kind == "posture":
            return int(o.posture[0]), 0
        if kind == "talks":
            return int(o.talks[0]) if int(o.talks[0]) >= 0 else 0, 0
        if kind == "package":
            return int(o.package[0]), 0
        if kind == "item":
            act = int(o.action[i, 0])
            return act, int(o.arg[i, 0]) if act == OFFER else -1
        return int(o.request[i, 0]), 0

    def item_key(self, i: int, key: int) -> None:
        legal = self.legal
        if key == pygame.K_h:
            self.apply("item", i, (HOLD, -1))
        elif key == pygame.K_c and legal.concede[i, 0]:
            self.apply("item", i, (CONCEDE, -1))
        elif key == pygame.K_a and legal.accept[i, 0]:
            self.apply("item", i, (ACCEPT, -1))
        elif key == pygame.K_r and legal.request_hi[i, 0] >= legal.request_lo[i, 0]:
            nearest = int(legal.request_lo[i, 0]) if self.side == 0 else int(
                legal.request_hi[i, 0])
            self.apply("request", i, (nearest, 0))
        self.app.status = f"Item {i + 1}: {self.describe(i)}"

    def apply(self, kind: str, i: int, choice: tuple[int, int]) -> None:
        a, b = choice
        if kind == "posture":
            self.orders.posture[0] = a
        elif kind == "talks":
            self.orders.talks[0] = a
        elif kind == "package":
            self.orders.package[0] = a
        elif kind == "item":
            self.orders.action[i, 0] = a
            self.orders.arg[i, 0] = b
        elif kind == "request":
            self.orders.request[i, 0] = a

    def describe(self, i: int) -> str:
        act = int(self.orders.action[i, 0])
        names = {HOLD: "hold", CONCEDE: "concede", ACCEPT: "accept", OFFER: "offer"}
        req = int(self.orders.request[i, 0])
        return names[act] + (f", ask leave for rung {req}" if req >= 0 else "")

    def submit(self) -> None:
        self.orders.rationale = [self.rationale.get_text().strip()[:300]]
        self.flow.session.submit(self.side, self.orders)
        self.flow.submitted()

    def save(self) -> None:
        from game.ui.scenes.load import save_dialog

        save_dialog(self.app, self.flow.session)

    def to_menu(self) -> None:
        from game.ui.scenes.menu import MainMenu

        self.app.show(MainMenu(self.app))

    def open_instructor(self) -> None:
        from game.ui.scenes.instructor import open_instructor

        if self.instructor is None or not self.instructor.alive():
            self.instructor = open_instructor(self.app, self.flow, on_change=self.rebuild)

    def rebuild(self) -> None:
        if not self.flow.session.is_human(self.side):
            self.flow.next()  # this side now belongs to the AI: move on
            return
        self.view = self.flow.session.view(self.side)
        self.legal = self.flow.session.legal(self.side)
        self.app.manager.clear_and_reset()
        self.build()

    # per frame ---------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.seconds_left is not None and not self.flow.paused:
            self.seconds_left -= dt
            if self.seconds_left <= 0:
                self.app.status = "Time is up: the orders as they stand were sent."
                self.submit()
                return
        if self.seconds_left is not None:
            left = max(int(self.seconds_left), 0)
            paused = " (paused)" if self.flow.paused else ""
            text = f"Time left {left // 60}:{left % 60:02d}{paused}"
            if self.timer_label.text != text:
                self.timer_label.set_text(text)

    def draw(self, surface: pygame.Surface) -> None:
        self.map.draw(surface, fronts_of(self.view, self.sc))
        draw_gauges(surface, self.gauge_rect, self.gauges, self.app.palette, self.small_font)
        if 0 <= self.key_row < len(self.order_rows):
            # a frame around the order the keyboard is on (drawn before the widgets, so it is
            # drawn a little larger than the drop-down and shows around it)
            menu = self.order_rows[self.key_row][0]
            frame = menu.rect.inflate(self.px(8), self.px(8))
            if self.orders_area.contains(menu.rect):
                pygame.draw.rect(surface, self.app.palette.accent, frame, width=self.px(3),
                                 border_radius=self.px(4))
        if self.app.status:
            text = self.small_font.render(plain(self.status), True, self.app.palette.accent)
            surface.blit(text, (self.map_rect.x, self.app.size[1] - text.get_height() - 2))


def _unique(options: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
    """Dropdown entries must differ: shorten and number duplicates."""
    seen: dict[str, int] = {}
    out = []
    for text, value in options:
        text = plain(text)
        text = text if len(text) <= 70 else text[:67] + "..."
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        out.append((text, value))
    return out


def _item_by_number(sc, number: int) -> int | None:
    for i, item in enumerate(sc.model.agenda.items):
        if item.number == number:
            return i
    return None
