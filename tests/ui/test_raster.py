import pygame

from game.report.drawing import Drawing
from game.ui.raster import render, save_png


def _picture() -> Drawing:
    d = Drawing(120, 60, background="#ffffff")
    d.rect(10, 10, 20, 20, fill="#d55e00")
    d.line([(0, 50), (119, 50)], stroke="#000", width=2, dashed=True, arrow=True)
    d.circle(90, 20, 8, stroke="#0072b2", width=2)
    d.text(60, 40, "1951", size=14, anchor="middle", bold=True)
    return d


def test_shapes_land_where_the_drawing_puts_them():
    surf = render(_picture())
    assert surf.get_size() == (120, 60)
    assert tuple(surf.get_at((20, 20)))[:3] == (0xD5, 0x5E, 0x00)  # inside the rectangle
    assert tuple(surf.get_at((5, 5)))[:3] == (255, 255, 255)  # background
    inked = [surf.get_at((x, y))[0] < 128 for x in range(40, 80) for y in range(25, 42)]
    assert any(inked)  # the text was drawn


def test_scale_and_png_output(tmp_path):
    assert render(_picture(), scale=2.0).get_size() == (240, 120)
    path = tmp_path / "chart.png"
    save_png(_picture(), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pygame.image.load(str(path)).get_size() == (120, 60)
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]  # no temporary file left
