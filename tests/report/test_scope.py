"""A report for one audience shows only what that audience may see: the public record, or the
public record and one side's own news, orders, reasons and figures; never the other side's,
never the hidden draws nor the seed; and it says at the top what it holds back and why."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from game.report.command import make_report
from game.report.debrief import debrief_document
from game.report.played import ReportError, load_games
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session import savefile
from game.session.session import PlayerSpec, Session
from game.vocab import SIDES

SEED = 424242
# Markers only one audience may read. The log's private news, by who reads it:
NEWS = {"public": "PUBNEWSMARK", "unc": "UNCNEWSMARK", "communist": "COMNEWSMARK",
        "debrief": "NOBODYNEWSMARK"}
# The figures only one side (or neither) knows, by their labels:
FIGURES = {"unc_supply": ("unc", "UNCFIGUREMARK"), "com_resolve": ("communist", "COMFIGUREMARK"),
           "washington_flex": ("hidden", "HIDDENFIGUREMARK")}
REASON = {"unc": "UNCREASONMARK", "communist": "COMREASONMARK"}  # each team's typed reasons


def _marked_scenario(folder):
    data = yaml.safe_load(resolve("1951").read_text(encoding="utf-8"))
    for who, mark in NEWS.items():
        data["events"].append({
            "id": f"marker_{who}", "title": f"{mark} title", "text": f"{mark} text",
            "repeat": True, "visibility": who,
            "lint": {"ignore": ["never_happens", "never_reached", "unread", "rare"]}})
    for var, (_, mark) in FIGURES.items():
        data["variables"][var]["label"] = mark
    path = folder / "marked.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_scenario(path), path


def _play(sc, ref: str, turns: int) -> Session:
    """Two teams (orders as the AI would give them) typing marked reasons; unfinished."""
    session = Session(sc, ref, SEED, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False)
    for _ in range(turns):
        for s, side in enumerate(SIDES):
            session.hand_to_ai(s)
            orders = session.ai_orders(s)
            session.take_back(s)
            orders.rationale = [f"{REASON[side]} {session.turn}"]
            session.submit(s, orders)
        session.advance()
    return session


@pytest.fixture(scope="module")
def game(tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("scope")
    sc, path = _marked_scenario(folder)
    session = _play(sc, str(path), 6)
    save = folder / "unfinished.json"
    session.save(save)
    pages = {scope: debrief_document(session, "Team A", scope)
             for scope in ("all", "public", "unc", "communist")}
    return SimpleNamespace(session=session, save=save, folder=folder, pages=pages)


def _allowed(scope: str) -> set[str]:
    return {"all": {"public", "unc", "communist", "debrief"}, "public": {"public"},
            "unc": {"public", "unc"}, "communist": {"public", "communist"}}[scope]


def _final(session: Session, var: str) -> str:
    return f"{session.series[-1][session.sc.var_index[var]]:,.0f}"


def test_the_markers_are_all_there_for_the_instructor(game):
    page = game.pages["all"]
    for mark in (*NEWS.values(), *REASON.values(), *(m for _, m in FIGURES.values())):
        assert mark in page, mark
    assert f"Seed {SEED}" in page
    assert "Held back" not in page  # nothing held back, nothing to say


@pytest.mark.parametrize("scope", ["public", "unc", "communist"])
def test_an_audience_sees_only_its_own(game, scope):
    page = game.pages[scope]
    allowed = _allowed(scope)
    for who, mark in NEWS.items():
        assert (mark in page) == (who in allowed), (who, mark)
    for side, mark in REASON.items():
        assert (mark in page) == (side in allowed), (side, mark)
    for owner, mark in FIGURES.values():
        assert (mark in page) == (owner in allowed), (owner, mark)
    assert f"Seed {SEED}" not in page and "nobody until now" not in page
    # every log entry the audience did not see stays out, whatever made it
    seen = {e.text for e in game.session.news(None) if e.visibility in allowed}
    hidden = [e for e in game.session.news(None)
              if e.visibility not in allowed and e.text not in seen]
    assert hidden
    assert [e.text for e in hidden if e.text in page] == []
    # true casualty figures only for the side that knew them
    for side, var in (("unc", "unc_casualties"), ("communist", "com_casualties")):
        if side not in allowed:
            assert _final(game.session, var) not in page, var


@pytest.mark.parametrize("scope", ["public", "unc", "communist"])
def test_the_page_says_what_it_holds_back_and_why(game, scope):
    page = game.pages[scope]
    top = page[page.index("<body>"):page.index("<h2")]
    assert "This game is not finished" in top and "Held back:" in top
    if scope == "public":
        assert "only the public record is shown" in top
    else:
        short = game.session.sc.model.sides[scope].short
        assert f"this is the {short}&#x27;s view of it" in top


def test_a_side_reads_the_ai_explanations_of_its_own_side_only(saves):
    """The AI's explanations are the AI side's orders' reasons: the team against it does
    not read them."""
    game = load_games([saves["team"]])[0]
    explanations = {t.orders["communist"]["rationale"]
                    for t in savefile.read_save(saves["team"]).turns}
    unc = debrief_document(game.session, game.name, "unc")
    communist = debrief_document(game.session, game.name, "communist")
    assert [x for x in explanations if x in unc] == []
    assert all(x in communist for x in explanations)


def test_make_report_passes_the_scope_on(game, tmp_path):
    out = make_report([game.save], tmp_path / "unc.html", "unc")
    page = out.read_text(encoding="utf-8")
    assert REASON["unc"] in page and REASON["communist"] not in page
    assert NEWS["communist"] not in page
    with pytest.raises(ReportError, match="unknown scope 'teacher'"):
        make_report([game.save], tmp_path / "x.html", "teacher")
    assert not (tmp_path / "x.html").exists()


def test_the_class_report_keeps_to_its_audience_too(game, tmp_path):
    other = game.folder / "other.json"
    _play(game.session.sc, game.session.ref, 4).save(other)
    for scope in ("public", "unc", "communist"):
        page = make_report([game.save, other], tmp_path / f"{scope}.html",
                           scope).read_text(encoding="utf-8")
        allowed = _allowed(scope)
        for side, mark in REASON.items():
            assert (mark in page) == (side in allowed), (scope, side)
        for owner, mark in FIGURES.values():  # the class report shows the hidden draws
            if owner not in allowed:
                assert mark not in page, (scope, owner)
        assert (FIGURES["com_resolve"][1] in page) == (scope == "communist")
        assert "Held back:" in page
    full = make_report([game.save, other], tmp_path / "all.html").read_text(encoding="utf-8")
    assert REASON["communist"] in full and FIGURES["com_resolve"][1] in full
