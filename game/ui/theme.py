"""The pygame_gui theme, built from the settings so that the UI scale and palette apply
everywhere (fonts grow for a classroom projector)."""

from __future__ import annotations

from typing import Any

from game.ui.palette import Palette, hexcode

BASE_FONT = 15


def font_px(scale: float, size: float = BASE_FONT) -> int:
    return max(10, round(size * scale))


def build_theme(palette: Palette, scale: float) -> dict[str, Any]:
    c = {k: hexcode(v) for k, v in palette.__dict__.items()}

    def font(size: float, bold: bool = False) -> dict[str, Any]:
        return {"name": "noto_sans", "size": str(font_px(scale, size)),
                "bold": "1" if bold else "0"}

    colours = {
        "normal_bg": c["panel"], "hovered_bg": "#4A5366", "disabled_bg": "#2A2E36",
        "selected_bg": "#5A6478", "active_bg": "#5A6478", "dark_bg": c["background"],
        "normal_text": c["text"], "hovered_text": c["text"], "selected_text": c["text"],
        "disabled_text": "#7A7F88", "active_text": c["text"], "normal_border": "#5A6270",
        "hovered_border": c["accent"], "selected_border": c["accent"],
        "active_border": c["accent"], "disabled_border": "#444850",
        "text_cursor": c["accent"], "link_text": c["accent"],
        "link_hover": c["accent"], "link_selected": c["accent"],
    }
    return {
        "defaults": {"colours": colours, "font": font(BASE_FONT),
                     "misc": {"shape": "rounded_rectangle", "shape_corner_radius": "4",
                              "border_width": "1", "tool_tip_delay": "0.4"}},
        # pygame_gui does not cascade the defaults' font, so each kind of element gets it
        "button": {"font": font(BASE_FONT)},
        "text_entry_line": {"font": font(BASE_FONT)},
        "drop_down_menu": {"font": font(BASE_FONT)},
        "selection_list": {"font": font(BASE_FONT),  # rows as tall as the scaled text
                           "misc": {"list_item_height": str(max(20, round(
                               font_px(scale) * 1.35)))}},
        "@selection_list_item": {"font": font(BASE_FONT),
                                 "misc": {"text_horiz_alignment": "left",
                                          "text_horiz_alignment_padding": str(round(8 * scale))}},
        "label": {"font": font(BASE_FONT),
                  "colours": {"dark_bg": "#00000000", "normal_text": c["text"]},
                  "misc": {"text_horiz_alignment": "left"}},
        "@title": {"font": font(34, bold=True), "colours": {"normal_text": c["accent"]},
                   "misc": {"text_horiz_alignment": "center"}},
        "@subtitle": {"font": font(19, bold=True), "colours": {"normal_text": c["text"]},
                      "misc": {"text_horiz_alignment": "center"}},
        "@centred": {"colours": {"normal_text": c["muted"]},
                     "misc": {"text_horiz_alignment": "center"}},
        "@heading": {"font": font(18, bold=True), "colours": {"normal_text": c["accent"]}},
        "@muted": {"colours": {"normal_text": c["muted"]}},
        "@big_button": {"font": font(19, bold=True)},
        "@unc": {"colours": {"normal_text": c["unc"]}},
        "@communist": {"colours": {"normal_text": c["communist"]}},
        "text_box": {"font": font(BASE_FONT),
                     "colours": {"dark_bg": c["panel"], "normal_text": c["text"]}},
        "tool_tip": {"font": font(14), "colours": {"dark_bg": "#101317",
                                                   "normal_text": c["text"]}},
        "panel": {"colours": {"dark_bg": c["panel"]}},
        "window": {"colours": {"dark_bg": c["panel"]}},
    }
