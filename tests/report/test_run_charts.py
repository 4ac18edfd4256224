"""The charts of a simulate run, drawn from its summary alone."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from game.report.charts import SIDE_COLOURS
from game.report.drawing import Rect, Text
from game.report.run_charts import CHART_NAMES, Calendar, simulation_charts, write_charts
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.simulate import simulate


def _summary(sc, runs=400, seed=5, **kw) -> dict:
    data = simulate(sc, runs, seed, **kw).to_json()
    data["scenario"], data["what_ifs"] = sc.id, list(sc.what_ifs)
    return json.loads(json.dumps(data))  # exactly what summary.json holds


@pytest.fixture(scope="module")
def run1951(sc1951):
    return _summary(sc1951, unc="random")


def _texts(d):
    return [s.text for s in d.shapes if isinstance(s, Text)]


def test_every_chart_is_drawn(run1951):
    charts = simulation_charts(run1951)
    assert set(charts) == {"outcomes", "agreement_dates", "agreement_histograms",
                           "agreed_by_date", "casualties", "scores"}
    assert set(charts) == set(CHART_NAMES)  # simulate --out checks its outputs by these names
    for d in charts.values():
        ET.fromstring(d.to_svg())


def test_outcome_bars_match_the_counts(run1951):
    d = simulation_charts(run1951)["outcomes"]
    bars = [s for s in d.shapes if isinstance(s, Rect) and s.fill and s.fill != "#ffffff"]
    counts = [c for c in run1951["outcomes"].values() if c]
    assert len(bars) == len(counts)
    for bar, count in zip(bars, counts, strict=True):
        assert bar.h / bars[0].h == pytest.approx(count / counts[0], abs=2 / bars[0].h)
    texts = _texts(d)
    for oid, count in run1951["outcomes"].items():
        assert any(t.startswith(f"{count:,} (") for t in texts), oid
        assert run1951["outcome_titles"][oid] in " ".join(texts)


def test_agreement_charts_use_the_scenario_calendar_and_mark_the_record(run1951):
    charts = simulation_charts(run1951)
    panels = charts["agreement_histograms"]
    texts = _texts(panels)
    assert "record: 27 Nov 1951" in texts  # the demarcation line, agreed 27 Nov 1951
    assert {"Aug", "Sep", "Jan", "1951", "1952"} <= set(texts)
    strip = _texts(charts["agreement_dates"])
    agreed = run1951["items"]["demarcation"]["agreed_share"]
    assert any(t.endswith("agreed") and t.startswith(f"{agreed:.1%}") for t in strip)


def test_calendar_turns_become_dates(run1951):
    cal = Calendar(run1951)
    assert cal.date(0) == dt.date(1951, 7, 10)
    assert cal.date(2) == dt.date(1951, 8, 9)  # 15-day turns
    assert len(cal.edges()) == cal.turns + 1


def test_side_charts_use_each_sides_colour_and_name(run1951):
    d = simulation_charts(run1951)["casualties"]
    fills = {s.fill for s in d.shapes if isinstance(s, Rect)}
    assert {SIDE_COLOURS["unc"], SIDE_COLOURS["communist"]} <= fills
    texts = _texts(d)
    assert "Casualties: UNC" in texts and "Casualties: KPA/CPV" in texts
    median = run1951["casualties"]["unc"]["p50"]
    assert f"median {median:,.0f}" in texts


def test_an_armistice_gets_its_own_row():
    sc = load_scenario(resolve("1952"))
    data = _summary(sc, runs=200)
    assert data["armistice_rate"] > 0.5
    texts = _texts(simulation_charts(data)["agreement_histograms"])
    assert "The armistice signed" in texts and "record: 27 Jul 1953" in texts


def test_write_charts_writes_svg_and_hands_each_chart_to_the_png_writer(run1951, tmp_path):
    drawn = []
    written = write_charts(run1951, tmp_path, lambda d, p: drawn.append(p.name))
    svgs = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert len(svgs) == 6 and sorted(drawn) == [s.replace(".svg", ".png") for s in svgs]
    assert len(written) == 12
