import xml.etree.ElementTree as ET

from game.report.drawing import Drawing


def test_svg_is_well_formed_and_escapes_text():
    d = Drawing(200, 100, title="a <chart>")
    d.rect(1, 2, 30, 40, fill="#56b4e9", stroke="#000", radius=3)
    d.line([(0, 0), (10, 20)], arrow=True, dashed=True)
    d.circle(50, 50, 5, fill="#009e73")
    d.text(100, 50, "Kaesong & Panmunjom <1951>", anchor="middle", bold=True)
    root = ET.fromstring(d.to_svg())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == "200"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts == ["Kaesong & Panmunjom <1951>"]
    assert root.find(f"{ns}defs") is not None  # the arrow marker is defined once it is used
    assert root.find(f"{ns}title").text == "a <chart>"


def test_svg_has_no_arrow_marker_when_no_line_asks_for_one():
    d = Drawing(10, 10)
    d.line([(0, 0), (5, 5)])
    assert "marker" not in d.to_svg()
