"""Text from scenario files, saves and players is shown literally in the window: pygame_gui's
markup in it (`<b>`, `<font>`, `<a href>`, `<img src>`, entities, unbalanced tags) is not
obeyed, and a control character (a NUL, an escape, a lone surrogate) is shown as an escape
instead of crashing pygame's font renderer."""

import pygame
import pytest
import yaml
from pygame_gui.elements import UILabel, UITextBox

from game.engine.orders import Orders
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session
from game.ui.flow import GameFlow
from game.ui.markup import esc, plain, printable
from game.ui.scenes.debrief import Debrief
from game.ui.scenes.handoff import Handoff
from game.ui.scenes.instructor import InstructorWindow
from game.ui.scenes.new_game import NewGame
from game.ui.scenes.results import Results
from game.ui.scenes.turn import Briefing, TurnScreen

PAYLOAD = ("<b>B1</b> <font color='#ff0000'>F1</font> <a href='javascript:alert(1)'>A1</a> "
           "&lt;L1 <i>I1 </font> <img src='x'> &amp;")
HOSTILE = [PAYLOAD, "<b>", "</b></i></font>", "<font size=999999>big", "<font color=>x",
           "<a href=\"javascript:alert(1)\">x</a>", "&lt;&gt;&amp;&#0;&#xD800;", "<br><p>",
           "<script>alert(1)</script>", "<img src='/etc/passwd'>", "< b >", "<<>>", "&",
           "x\x00y", "\x1b]0;title\x07\x1b[2J", "a\ud800b", "\u202eevil", "tab\there\nline"]
pytestmark = pytest.mark.filterwarnings("ignore:Label Rect is too small")
TEXT_KEYS = {"source", "label", "text", "description", "title", "tooltip", "note", "name",
             "epilogue", "history_note", "briefing", "summary", "line"}


def displayed(box: UITextBox) -> str:
    """What a text box shows, as one line of words."""
    rows = ["".join(str(getattr(chunk, "text", "")) for chunk in row.items)
            for row in box.text_box_layout.layout_rows]
    return " ".join(" ".join(rows).split())


def shown(app) -> str:
    """Every text box and label on screen, as shown, and every tooltip's text as it would be."""
    out = []
    for element in app.manager.ui_group.sprites():
        if isinstance(element, UITextBox):
            out.append(displayed(element))
        elif isinstance(element, UILabel):
            out.append(element.text)
        tip = getattr(element, "tool_tip_text", None)
        if tip:
            box = UITextBox(tip, pygame.Rect(0, 0, 2000, -1), app.manager)
            out.append(displayed(box))
            box.kill()
    return " | ".join(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_one_text_shows_literally(app, text):
    box = UITextBox(f"<b>Title</b><br>{esc(text)}", pygame.Rect(0, 0, 3000, -1), app.manager)
    label = UILabel(pygame.Rect(0, 200, 3000, 40), plain(text), app.manager)
    app.frame(0.016)
    expected = " ".join(printable(text).split())
    assert displayed(box) == f"Title {expected}"
    assert label.text == " ".join(plain(text).split(" ")) and "\x00" not in label.text
    assert "\x00" not in plain(text) and "\n" not in plain(text)


def poisoned(tmp_path):
    """1951 with the payload after every text a player reads, and short names of markup."""
    data = yaml.safe_load(resolve("1951").read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str) and k in TEXT_KEYS:
                    node[k] = f"{v} {PAYLOAD}"
                elif k == "short":
                    node[k] = f"<b>{v[0]}</b>&lt;"  # at most 12 characters
                elif k == "objectives":
                    node[k] = [f"{o} {PAYLOAD}" for o in v]
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    path = tmp_path / "poisoned.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def played(app, sc, ref, rationale):
    human = PlayerSpec("human")
    session = Session(sc, ref, 7, (human, human), autosave=False)
    flow = GameFlow(app, session)
    app.flow = flow
    for _ in range(2):
        for side in (0, 1):
            orders = Orders.hold(len(sc.item_ids), 1, posture=0)
            orders.rationale = [rationale]
            session.submit(side, orders)
        session.advance()
    return session, flow


def every_screen(app, session, flow):
    """Show each screen a game has; yield its name once it is drawn."""
    scenes = {"briefing": Briefing(app, flow, 0), "handoff": Handoff(app, flow, 1),
              "turn": TurnScreen(app, flow, 1), "results": Results(app, flow, 0),
              "debrief": Debrief(app, flow)}
    for name, scene in scenes.items():
        app.show(scene, fresh=True)
        app.frame(0.016)
        yield name
    InstructorWindow(app, flow, on_change=lambda: None)
    app.frame(0.016)
    reveal = next(e for e in app.manager.ui_group.sprites()
                  if getattr(e, "text", "") == "Reveal both sides")
    app.handle(pygame.event.Event(__import__("pygame_gui").UI_BUTTON_PRESSED,
                                  ui_element=reveal))
    app.frame(0.016)
    yield "reveal"


def test_a_scenario_full_of_markup_shows_it_literally(app, tmp_path):
    path = poisoned(tmp_path)
    sc = load_scenario(path)
    session, flow = played(app, sc, str(path), PAYLOAD)
    for name in every_screen(app, session, flow):
        on_screen = shown(app)
        if name != "handoff":
            assert PAYLOAD in on_screen, name
        if name in ("debrief", "reveal"):
            # the side's short name, in the list of what was hidden and in the reasons
            assert "known to the <b>K</b>&lt; only" in on_screen, name
            assert "<b>U</b>&lt;" in on_screen
    new_game = NewGame(app)
    new_game.scenario_ref = str(path)
    new_game._load()
    app.show(new_game)
    app.frame(0.016)
    assert PAYLOAD in shown(app)


def test_control_characters_in_a_scenario_do_not_crash_the_window(app):
    sc = load_scenario(resolve("1951"))
    bad = "T\x00\x1b[2J\ud800\u202e"

    def poison(model, field):
        object.__setattr__(model, field, getattr(model, field) + bad)

    m = sc.model
    poison(m, "title")
    poison(m, "summary")
    for side in m.sides.values():
        poison(side, "name")
        object.__setattr__(side, "short", "S\x00")
        poison(side, "briefing")
    for item in m.agenda.items:
        poison(item, "title")
        for position in item.positions:
            poison(position, "label")
    for variable in m.variables.values():
        poison(variable, "label")
    for sector in m.fighting.sectors:
        poison(sector, "label")
    poison(m.fighting, "line")
    session, flow = played(app, sc, "1951", "why\x00not")
    for name in every_screen(app, session, flow):
        assert "T\\x00\\x1b[2J\\ud800\\u202e" in shown(app) or name in ("handoff",), name
