"""`armistice graph`: valid Mermaid with the historical path marked, a well-formed SVG with one
box per rung and nothing overlapping, and a PNG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from game import cli
from game.report.graph import (
    PAD,
    graph_model,
    layout,
    mermaid_text,
    text_width,
    to_drawing,
    to_mermaid,
    wrap,
    write_graph,
)
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario, load_scenario_text
from game.ui.raster import save_png

SVG = "{http://www.w3.org/2000/svg}"
NODE = re.compile(r"^\s*([A-Za-z0-9_]+)(\[|\(\(|\(|\{\{)(\"[^\"]*\")(\]|\)\)|\)|\}\})$")
SUBGRAPH = re.compile(r"^\s*subgraph ([A-Za-z0-9_]+)\[(\"[^\"]*\")\]$")
EDGE = re.compile(r"^\s*([A-Za-z0-9_]+) (-->|---|==>|-\.->)(\|\"[^\"]*\"\|)? ([A-Za-z0-9_]+)$")
KEYWORDS = {"end", "subgraph", "graph", "flowchart", "class", "classDef", "style", "linkStyle",
            "click", "direction"}


def check_mermaid(text: str) -> dict:
    """Parse the subset of Mermaid `to_mermaid` writes; fail on anything else."""
    lines = text.splitlines()
    header = next(line for line in lines if not line.startswith("%%"))
    assert header == "flowchart LR"
    nodes: dict[str, str] = {}
    subgraphs: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    classes: dict[str, set[str]] = {}
    link_styles: list[int] = []
    depth = 0
    for line in lines:
        body = line.strip()
        if not body or body.startswith("%%") or body == "flowchart LR":
            continue
        if m := SUBGRAPH.match(line):
            assert m.group(1) not in nodes and m.group(1) not in subgraphs, m.group(1)
            subgraphs[m.group(1)] = m.group(2)
            depth += 1
        elif body == "end":
            depth -= 1
            assert depth >= 0
        elif body.startswith("direction "):
            assert body in ("direction TB", "direction LR")
        elif m := NODE.match(line):
            assert m.group(1) not in nodes and m.group(1) not in subgraphs, m.group(1)
            nodes[m.group(1)] = m.group(3)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        elif body.startswith("classDef "):
            continue
        elif body.startswith("class "):
            names, cls = body[len("class "):].rsplit(" ", 1)
            classes.setdefault(cls, set()).update(names.split(","))
        elif body.startswith("linkStyle "):
            link_styles += [int(k) for k in body.split()[1].split(",")]
        else:
            pytest.fail(f"not understood: {line!r}")
    assert depth == 0
    for ident in [*nodes, *subgraphs]:
        assert ident not in KEYWORDS and ident[0] not in "ox", ident
    labels = [*nodes.values(), *subgraphs.values(), *(e[2] for e in edges)]
    for label in labels:
        inner = re.sub(r"#\w+;", "", label.strip('|"').replace("<br/>", "\n"))
        assert not re.search(r'["<>`|;{}\[\]]', inner), label
    defined = set(nodes) | set(subgraphs)
    for a, _, _, b in edges:
        assert a in defined and b in defined, (a, b)
    for members in classes.values():
        assert members <= defined, members - defined
    assert all(0 <= k < len(edges) for k in link_styles)
    return {"nodes": nodes, "subgraphs": subgraphs, "edges": edges, "classes": classes,
            "link_styles": link_styles}


@pytest.fixture(scope="module")
def graphs():
    return {name: graph_model(load_scenario(resolve(name))) for name in ("1951", "1952")}


def test_mermaid_is_well_formed_for_the_bundled_scenarios(graphs):
    for name, g in graphs.items():
        parsed = check_mermaid(to_mermaid(g))
        rungs = sum(len(it.rungs) for it in g.items)
        assert len([n for n in parsed["nodes"] if n.startswith("rung_")]) == rungs, name
        assert {f"item_{it.id}" for it in g.items} <= set(parsed["subgraphs"])
        assert len([n for n in parsed["nodes"] if n.startswith("event_")]) == len(g.events)


def test_mermaid_marks_the_historical_path(graphs):
    parsed = check_mermaid(to_mermaid(graphs["1951"]))
    history = parsed["classes"]["history"]
    for rung in ("rung_agenda_withdrawal_deferred", "rung_demarcation_contact_fixed_30_days",
                 "rung_recommendations_conference_90_days", "event_kaesong_incident",
                 "ending_stalemate"):
        assert rung in history
    assert "rung_agenda_military_only" not in history
    path = [parsed["edges"][k] for k in parsed["link_styles"]]
    assert [(a, label, b) for a, _, label, b in path] == [
        ("record_start", '|"26 Jul 1951: item 1 agreed"|', "rung_agenda_withdrawal_deferred"),
        ("rung_agenda_withdrawal_deferred", '|"27 Nov 1951: item 2 agreed"|',
         "rung_demarcation_contact_fixed_30_days"),
        ("rung_demarcation_contact_fixed_30_days", '|"19 Feb 1952: item 5 agreed"|',
         "rung_recommendations_conference_90_days"),
        ("rung_recommendations_conference_90_days", '|"30 Apr 1952: the ending"|',
         "ending_stalemate")]
    ending = check_mermaid(to_mermaid(graphs["1952"]))["classes"]["history"]
    assert {"ending_armistice", "rung_prisoners_neutral_commission",
            "rung_signing_unc_assurances"} <= ending


def test_mermaid_escapes_what_authors_write():
    text = resolve("1951").read_text(encoding="utf-8")
    nasty = 'A "quoted" <b>bold</b> end; x|y #1 {z} [w] `tick`'
    text = text.replace("title: Talks open at Kaesong", f"title: '{nasty}'")
    text = text.replace('label: "Military questions only"', f"label: '{nasty}'")
    g = graph_model(load_scenario_text(text, "nasty.yaml"))
    out = to_mermaid(g)
    check_mermaid(out)
    assert mermaid_text(nasty) in out and nasty not in out
    assert mermaid_text('say "no"') == "say #quot;no#quot;"


def test_svg_is_well_formed_with_one_box_per_rung(graphs):
    for g in graphs.values():
        lay = layout(g)
        rung_boxes = [b for b in lay.boxes if b.kind == "rung"]
        assert len(rung_boxes) == sum(len(it.rungs) for it in g.items)
        root = ET.fromstring(to_drawing(g).to_svg())
        rects = {(r.get("x"), r.get("y"), r.get("width"), r.get("height"))
                 for r in root.iter(f"{SVG}rect")}
        for b in rung_boxes:
            assert tuple(f"{v:.1f}".rstrip("0").rstrip(".") for v in (b.x, b.y, b.w, b.h)) \
                in rects
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        for it in g.items:
            assert f"{it.number}. {it.title}" in texts


def test_the_layout_never_overlaps_and_every_line_fits(graphs):
    for g in graphs.values():
        lay = layout(g)
        for b in lay.boxes:
            assert b.x >= 0 and b.right <= lay.width and b.y >= 0 and b.bottom <= lay.height
            for line in b.lines:
                assert text_width(line.text, line.size, line.bold) <= b.w - 2 * PAD + 0.5, line
        flat = [b for b in lay.boxes if b.kind != "item"]  # rungs sit inside their item
        for i, a in enumerate(flat):
            for b in flat[i + 1:]:
                apart = (a.right <= b.x or b.right <= a.x or a.bottom <= b.y
                         or b.bottom <= a.y)
                assert apart, (a.key, b.key)


def test_wrap_keeps_every_word_and_cuts_only_what_cannot_fit():
    lines = wrap("The present line of contact, valid for 30 days", 120, 12)
    assert " ".join(lines) == "The present line of contact, valid for 30 days"
    assert all(text_width(line, 12) <= 120 for line in lines)
    assert all(text_width(line, 12) <= 60 for line in wrap("x" * 40, 60, 12))


def test_png_is_written_and_has_a_picture(tmp_path):
    import pygame

    path = tmp_path / "g.png"
    sc = load_scenario(resolve("1951"))
    assert write_graph(sc, "png", path, save_png) is None
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    img = pygame.image.load(str(path))
    d = to_drawing(graph_model(sc))
    assert img.get_size() == (d.width, d.height)
    gold = pygame.Color("#fff1b8")
    step = 7
    samples = [img.get_at((x, y)) for x in range(0, d.width, step)
               for y in range(0, d.height, step)]
    assert sum(1 for c in samples if c[:3] == gold[:3]) > 0.01 * len(samples)
    assert sum(1 for c in samples if c[:3] != (255, 255, 255)) > 0.2 * len(samples)


def test_the_command(tmp_path, capsys):
    assert cli.main(["graph", "1951"]) == 0
    out, _ = capsys.readouterr()
    check_mermaid(out)
    svg = tmp_path / "g.svg"
    assert cli.main(["graph", "1952", "-o", str(svg)]) == 0
    assert ET.fromstring(svg.read_text()).tag == f"{SVG}svg"
    mmd = tmp_path / "g.md"
    assert cli.main(["graph", "1952", "-o", str(mmd), "--format", "mermaid"]) == 0
    check_mermaid(mmd.read_text())
    capsys.readouterr()
    assert cli.main(["graph", "1951", "-o", str(tmp_path / "g.txt")]) == 1
    assert "cannot tell the format from 'g.txt'" in capsys.readouterr().err
    assert cli.main(["graph", "1951", "--format", "png"]) == 1
    assert "a PNG needs a file" in capsys.readouterr().err
    assert cli.main(["graph", "1951", "-o", str(tmp_path / "missing" / "g.svg")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
    assert cli.main(["graph", "nosuch"]) == 1
    assert "no scenario named 'nosuch'" in capsys.readouterr().err


def test_history_agreed_at_names_are_checked_when_the_file_loads():
    from game.scenario.diagnostics import ScenarioError

    text = resolve("1951").read_text(encoding="utf-8")
    bad = text.replace("    demarcation: contact_fixed_30_days\n    recommendations: conf",
                       "    demarcation: contact_fixed_30_dayz\n    recommendatons: conf")
    assert bad != text
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(bad, "bad.yaml")
    messages = [d.message for d in err.value.diagnostics]
    assert "unknown position 'contact_fixed_30_dayz' (did you mean 'contact_fixed_30_days'?)" \
        in messages
    assert "unknown agenda item 'recommendatons' (did you mean 'recommendations'?)" in messages
