"""The class comparison: one column per team's save, games of one scenario only, bad saves
named without touching them."""

import copy
import html
import re
from pathlib import Path

import pytest
import yaml

from game.report.class_report import class_document
from game.report.command import make_report
from game.report.played import ReportError, item_results, load_games
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session


@pytest.fixture(scope="module")
def games(saves):
    return load_games([saves["team"], saves["heuristic"], saves["historical"]])


@pytest.fixture(scope="module")
def page(games):
    return class_document(games)


def _summary(page: str) -> str:
    start = page.index("Outcomes, side by side")
    return page[start:page.index("</table>", start)]


def test_asks_for_nothing_outside_itself(page, external_requests):
    assert external_requests(page) == []
    assert page.count("<svg") >= 7


def test_one_column_per_save_named_by_label_or_file(page):
    summary = _summary(page)
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", summary, re.S).group(1)
    teams = re.findall(r"<th class='team'>.*?</span>(.*?)</th>", header)
    assert teams == ["Team Ridgway", "heuristic", "historical"]  # the label, then file names
    body = summary.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr><th>.*?</tr>", body, re.S)
    assert len(rows) > 10
    for row in rows:
        assert row.count("<td") == 3 + 1, row  # one per save, and history


def test_outcomes_scores_and_casualties_per_team(games, page):
    summary = _summary(page)
    outcome_row = re.search(r"<tr><th>Outcome</th>.*?</tr>", summary, re.S).group(0)
    for g in games:
        assert html.escape(g.session.outcome.title) in outcome_row
    sc = games[0].sc
    unc = re.escape(html.escape(sc.model.sides["unc"].short))
    casualties = re.search(rf"<tr><th>Casualties, {unc}</th>.*?</tr>", summary,
                           re.S).group(0)
    for g in games:
        value = g.session.series[-1][sc.var_index["unc_casualties"]]
        assert f"{value:,.0f}" in casualties


def test_each_items_dates_against_history(games, page):
    summary = _summary(page)
    sc = games[0].sc
    item = sc.model.agenda.items[0]
    row = re.search(rf"<tr><th>Item {item.number}: .*?</tr>", summary, re.S).group(0)
    history = sc.model.history.agreed[item.id]
    assert row.removesuffix("</tr>").endswith(f"<td>{history.day} {history:%b %Y}</td>")
    for g in games:
        r = item_results(g.session)[0]
        if r.date is not None:
            assert f"{r.date.day} {r.date:%b %Y}" in row


def test_key_decisions_show_the_teams_reasons(page, unc_reason):
    start = page.index("Key decisions")
    decisions = page[start:]
    assert html.escape(unc_reason.format(turn=1), quote=True) in decisions
    assert "(AI)" in decisions  # the AI's moves are there, marked as such


def test_saves_of_different_scenarios_are_refused(saves, tmp_path):
    out = tmp_path / "class.html"
    with pytest.raises(ReportError) as err:
        make_report([saves["team"], saves["y1952"]], out)
    text = str(err.value)
    assert "different scenarios" in text
    assert f"{saves['team']}: scenario korea_1951" in text
    assert f"{saves['y1952']}: scenario korea_1952" in text
    assert not out.exists()


def test_every_bad_save_is_named_and_nothing_is_written(saves, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("")
    missing = tmp_path / "missing.json"
    out = tmp_path / "class.html"
    with pytest.raises(ReportError) as err:
        make_report([saves["team"], empty, missing], out)
    lines = str(err.value).splitlines()
    assert lines[0] == "2 saves cannot be read:"
    assert lines[1].strip() == f"{empty}: not an Armistice save (the file is empty)"
    assert lines[2].strip() == f"{missing}: no such file"
    assert not out.exists() and empty.read_text() == "" and not missing.exists()


def test_the_report_never_overwrites_a_save(saves):
    before = saves["team"].read_bytes()
    with pytest.raises(ReportError, match="is one of the saves"):
        make_report([saves["team"], saves["historical"]], saves["team"])
    assert saves["team"].read_bytes() == before


def test_the_same_name_twice_is_told_apart(saves):
    games = load_games([saves["historical"], saves["historical"]])
    assert [g.name for g in games] == ["historical", "historical (2)"]


def _played(scenario: Path, save: Path, seed: int, turns: int = 3) -> Path:
    """A few AI turns of the scenario in `scenario` (a file), saved."""
    sc = load_scenario(scenario)
    session = Session(sc, str(scenario), seed, (PlayerSpec("ai"), PlayerSpec("ai")),
                      autosave=False)
    for _ in range(turns):
        session.advance()
    session.save(save)
    return save


def test_saves_of_two_versions_of_one_scenario_are_refused_by_version(tmp_path):
    """The same scenario id, edited between games (here only its summary): the class report
    names which saves are on which version instead of laying one version's agenda over
    the other's games."""
    text = resolve("1951").read_text(encoding="utf-8")
    first, second = tmp_path / "v1" / "1951.yaml", tmp_path / "v2" / "1951.yaml"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("summary: >", "summary: >\n  Second edition.", 1),
                      encoding="utf-8")
    a = _played(first, tmp_path / "a.json", 1)
    b = _played(first, tmp_path / "b.json", 2)
    c = _played(second, tmp_path / "c.json", 3)
    sha1, sha2 = load_scenario(first).sha256, load_scenario(second).sha256
    assert sha1 != sha2
    out = tmp_path / "class.html"
    with pytest.raises(ReportError) as err:
        make_report([a, c, b], out)
    text = str(err.value)
    assert f"{a}, {b}: scenario korea_1951 as of sha256 {sha1[:12]}" in text
    assert f"{c}: scenario korea_1951 as of sha256 {sha2[:12]}" in text
    assert "make one report per version" in text
    assert not out.exists()
    assert make_report([a, b], out) == out  # one version is one report


def test_a_version_with_another_agenda_is_refused_not_a_crash(tmp_path):
    """An item added in the second version: an IndexError (or an item silently dropped,
    the other way round) before saves were grouped by version."""
    text = resolve("1951").read_text(encoding="utf-8")
    first, second = tmp_path / "v1" / "1951.yaml", tmp_path / "v2" / "1951.yaml"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(text, encoding="utf-8")
    model = yaml.safe_load(text)
    extra = copy.deepcopy(model["agenda"]["items"][-1])
    extra["id"] = "extra_item"
    extra["title"] = "An item only the second version has"
    extra["number"] = len(model["agenda"]["items"]) + 1
    model["agenda"]["items"].append(extra)
    second.write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    games = [_played(first, tmp_path / "a.json", 1), _played(second, tmp_path / "b.json", 2)]
    for order in (games, games[::-1]):
        with pytest.raises(ReportError, match="versions of scenario korea_1951"):
            make_report(order, tmp_path / "class.html")
