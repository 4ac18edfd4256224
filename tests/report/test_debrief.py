"""The one-game debrief: self-contained, and it says what the class needs to discuss."""

import html
import re

import pytest

from game.report.debrief import debrief_document, write_debrief
from game.report.played import ReportError, item_results, load_games
from game.session import savefile
from game.vocab import AGREED


@pytest.fixture(scope="module")
def team(saves):
    return load_games([saves["team"]])[0]


@pytest.fixture(scope="module")
def page(team):
    return debrief_document(team.session, team.name)


def _section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("<h2", start + len(heading))
    return page[start:end if end > 0 else None]


def _rows(section: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", section.split("<tbody>", 1)[1], re.S)


def test_the_checker_finds_every_kind_of_outside_request(external_requests):
    bad = ("<html><head><link rel='stylesheet' href='x.css'><script src='https://x/y.js'>"
           "</script><style>@import 'a.css'; body{background:url(http://x/i.png)}</style>"
           "</head><body><img src='//cdn/x.png'><a href='file:///etc/passwd'>x</a>"
           "<div style=\"background:url('b.png')\"></div><svg><image href='p.png'/></svg>"
           "</body></html>")
    found = " ".join(external_requests(bad))
    for what in ("<link", "<script src", "@import", "url(http://x/i.png)", "//cdn/x.png",
                 "file:///etc/passwd", "url(b.png)", "<image href=p.png>"):
        assert what in found, what
    assert external_requests("<a href='#top'>x</a><svg><path marker-end='url(#a)'/></svg>") == []


def test_the_debrief_asks_for_nothing_outside_itself(page, external_requests):
    assert page.startswith("<!DOCTYPE html>")
    assert external_requests(page) == []
    assert "<style>" in page and page.count("<svg") >= 6  # inline style, inline charts


def test_the_outcome_and_the_scores(team, page):
    outcome = team.session.outcome
    start = page.index("<div class='outcome'>")
    box = page[start:page.index("</div>", start)]
    assert f"<h2>{html.escape(outcome.title)}</h2>" in box
    assert html.escape(outcome.history_note.strip()) in box
    st, sides = team.session.state, team.session.sc.model.sides
    assert f"{html.escape(sides['unc'].name)} {st.score[0, 0]:.1f}" in box
    assert f"{html.escape(sides['communist'].name)} {st.score[1, 0]:.1f}" in box


def test_both_sides_reasons_for_the_first_turn(saves, page, unc_reason):
    communist = savefile.read_save(saves["team"]).turns[0].orders["communist"]["rationale"]
    assert communist  # the AI explains itself, and the save keeps it
    first = _rows(_section(page, "Both sides' orders and reasons"))[0]
    assert html.escape(unc_reason.format(turn=1), quote=True) in first  # escaped, not markup
    assert html.escape(communist, quote=True) in first
    assert "<firm>" not in page


def test_an_agreed_item_shows_the_historical_date_beside_the_played_one(team, page):
    agreed = [r for r in item_results(team.session)
              if r.date is not None and r.history is not None and not r.before_start]
    assert agreed, "the test game should agree an item that history also agreed"
    rows = _rows(_section(page, "The agenda: this game beside history"))
    for r in agreed:
        row = next(x for x in rows if f"{r.item.number}. {html.escape(r.item.title)}" in x)
        played = f"{r.date.day} {r.date:%b %Y}"
        history = f"{r.history.day} {r.history:%b %Y}"
        assert played in row and history in row
        assert row.index(played) < row.index(history)  # this game's date, then history's


def test_what_was_hidden_is_revealed_with_its_true_value(team, page):
    sc = team.session.sc
    hidden = _section(page, "What was hidden, and what was revealed")
    resolve = sc.model.variables["com_resolve"]
    value = team.session.series[-1][sc.var_index["com_resolve"]]
    row = next(x for x in _rows(hidden) if html.escape(resolve.label) in x)
    communist = html.escape(sc.model.sides["communist"].short)
    assert f"{value:,.2f}" in row and f"the {communist} only" in row
    assert "neither side" in hidden  # washington_flex, beijing_flex
    secret = [e for e in team.session.news(None)
              if e.visibility == "communist" and e.kind != "fighting"]
    assert secret
    turns = _section(page, "Turn by turn, beside history")
    badge = f"<span class=\"badge v-communist\">{communist} only</span>"
    assert badge + html.escape(secret[0].text) in turns  # marked as seen by one side only


def test_the_timeline_sits_beside_the_historical_record(team, page):
    turns = _section(page, "Turn by turn, beside history")
    sc = team.session.sc
    first = sc.model.history.timeline[0]
    assert html.escape(first.text) in turns and html.escape(first.source) in turns
    rows = _rows(turns)
    opening = next(r for r in rows if r.startswith("<tr><td class='date'>10 Jul 1951"))
    assert "The talks open at Kaesong" in opening  # history of the same weeks, same row
    assert len(rows) >= len(team.session.turns)
    # each side's estimate of the enemy's losses, beside the true figures
    assert turns.count("thought the enemy's casualties were") == 2 * len(team.session.turns)


def test_one_chart_per_open_item_with_each_sides_positions(team, page):
    table = _section(page, "The table over time")
    results = item_results(team.session)
    charted = [r for r in results if not r.before_start]
    assert table.count("<svg") == len(charted)
    for r in charted:
        assert f"Item {r.item.number}: {html.escape(r.item.title)}" in table
        assert html.escape(r.item.positions[0].label) in table  # the ladder, spelt out
    # the legends and captions name the sides (not the arrays of their positions)
    assert "UNC position" in table and "KPA/CPV position" in table
    assert "from the UNC's ideal" in table
    assert "[0." not in table


def test_a_game_in_progress_and_a_game_of_nothing_yet(sc1951):
    from game.session.session import PlayerSpec, Session

    session = Session(sc1951, "1951", 3, (PlayerSpec("human"), PlayerSpec("ai")),
                      autosave=False)
    assert "The game is still in progress" in debrief_document(session)
    session.submit_dict(0, {"posture": "major_offensive"})
    session.advance(inject=("kaesong_incident",))
    page = debrief_document(session)
    assert "no reason given" in page
    assert "the instructor injects" in page


def test_write_debrief_replaces_the_file_whole(team, tmp_path):
    out = tmp_path / "reports" / "debrief.html"
    out.parent.mkdir()
    out.write_text("old")
    assert write_debrief(team.session, out, team.name) == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["debrief.html"]  # no temporary left


def test_a_damaged_save_is_named_with_its_problem(tmp_path, saves):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "armistice-save", "version": 1, "turns": [')
    before = broken.read_bytes()
    with pytest.raises(ReportError) as err:
        load_games([broken])
    assert str(err.value).startswith(f"{broken}: not an Armistice save")
    assert broken.read_bytes() == before


def test_a_tampered_save_is_a_desync_not_a_report(tmp_path, saves):
    data = saves["team"].read_text().replace('"posture": "active_defence"',
                                             '"posture": "major_offensive"', 1)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(data)
    with pytest.raises(ReportError, match=rf"^{re.escape(str(tampered))}: desync at turn"):
        load_games([tampered])


def test_items_agreed_before_the_scenario_are_said_so(saves):
    game = load_games([saves["y1952"]])[0]
    start = game.session.table[0].status
    before = [r for r, s in zip(item_results(game.session), start, strict=True) if s == AGREED]
    assert before and all(r.before_start for r in before)
    assert "agreed before this scenario began" in debrief_document(game.session)


def test_an_unfinished_game_is_not_behind_history_before_historys_date(sc1951):
    """Four turns in (to September 1951), the demarcation line history agreed in November is
    not yet 'history agreed it; this game did not'."""
    from game.session.session import PlayerSpec, Session

    session = Session(sc1951, "1951", 3, (PlayerSpec("ai"), PlayerSpec("ai")), autosave=False)
    for _ in range(4):
        session.advance()
    page = debrief_document(session)
    rows = _rows(_section(page, "The agenda: this game beside history"))
    demarcation = next(r for r in rows if "Military demarcation line" in r)
    assert "not agreed" in demarcation and "27 Nov 1951" in demarcation
    assert "history agreed it later" in demarcation and "this game did not" not in demarcation
    assert "Still ahead of this game" in page and "After this game ended" not in page
