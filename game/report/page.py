"""The frame of an HTML report: escaping, one inline style sheet for screen and print, inline
SVG figures, and an atomic write.

A report is handed in, mailed and printed, often opened with no network: it is one file that
asks for nothing from outside (no fonts, scripts, images or style sheets by address).
"""

from __future__ import annotations

import html
from pathlib import Path

from game.files import write_atomic
from game.report.drawing import Drawing

UNC = "#0072B2"  # Okabe-Ito blue and vermilion: the two sides, safe for colour blindness
COMMUNIST = "#D55E00"
MUTED = "#666666"
SIDE_COLOURS = {"unc": UNC, "communist": COMMUNIST, "both": "#1a1a1a"}

STYLE = """
:root{--unc:#0072B2;--com:#D55E00;--muted:#666;--rule:#d6d6d6;--soft:#f4f4f1}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;font-size:15px;line-height:1.45;
 color:#1a1a1a;background:#fff;max-width:1180px;margin:1.5em auto;padding:0 1.2em}
h1{font-size:1.7em;margin:.2em 0}
h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:2px solid #1a1a1a;padding-bottom:.15em}
h3{font-size:1.08em;margin:1.2em 0 .4em}
p{margin:.45em 0}
.meta{color:var(--muted)}
.lead{font-size:1.05em}
.outcome{border:2px solid #1a1a1a;border-radius:6px;padding:.7em 1em;margin:1em 0;
 background:var(--soft)}
.outcome h2{border:0;margin:.1em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border:1px solid var(--rule);padding:5px 8px;vertical-align:top;text-align:left}
th{background:var(--soft)}
td.num,th.num{text-align:right;white-space:nowrap}
td.date,th.date{white-space:nowrap;width:7.5em}
.scroll{overflow-x:auto}
.unc{color:var(--unc);font-weight:bold}
.com{color:var(--com);font-weight:bold}
.why{font-style:italic;color:#333}
.none{color:var(--muted)}
.src{color:var(--muted);font-size:.85em}
.early{color:#006b4f;font-weight:bold}
.late{color:#a04000;font-weight:bold}
.badge{display:inline-block;font-size:.75em;padding:0 .4em;border-radius:3px;border:1px solid;
 margin-right:.3em;white-space:nowrap;font-weight:bold;vertical-align:1px}
.v-public{color:#555;border-color:#aaa}
.v-unc{color:var(--unc);border-color:var(--unc)}
.v-communist{color:var(--com);border-color:var(--com)}
.v-debrief{color:#fff;background:#444;border-color:#444}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.35em;
 vertical-align:-1px}
ul.entries{margin:0;padding-left:1.1em}
ul.entries li{margin:.15em 0}
figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto}
figcaption{font-size:.85em;color:var(--muted);max-width:680px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:0 1.5em}
ol.ladder{font-size:.85em;margin:.2em 0;color:#333}
.footer{margin-top:2.5em;font-size:.85em;color:var(--muted);border-top:1px solid var(--rule)}
@page{size:A4;margin:14mm}
@media print{
 body{font-size:10pt;max-width:none;margin:0;padding:0}
 h2{break-after:avoid;page-break-after:avoid}
 h3{break-after:avoid;page-break-after:avoid}
 tr,figure,.outcome,.team{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 .charts{display:block}
 .scroll{overflow:visible}
 .pagebreak{break-before:page;page-break-before:always}
 table.long tr{break-inside:auto;page-break-inside:auto}
}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def figure(drawing: Drawing, caption: str = "") -> str:
    """A chart as inline SVG, with an optional caption (already HTML)."""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{drawing.to_svg()}{cap}</figure>"


def badge(visibility: str, shorts: dict[str, str]) -> str:
    """Who saw a log entry (`shorts`: each side's short name): the debrief's answer to 'what
    was hidden'."""
    words = {"public": "both sides", "debrief": "nobody until now",
             **{side: f"{name} only" for side, name in shorts.items()}}
    word = esc(words.get(visibility, visibility))
    return f'<span class="badge v-{esc(visibility)}">{word}</span>'


def document(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def write_text_file(path: str | Path, text: str) -> Path:
    """Write a report, graph or chart text through the one atomic writer (`game.files`): the
    whole file or nothing, an existing file never left half-written. Raises OSError
    (`files.WriteError`, one line naming the file)."""
    return write_atomic(path, text, make_folder=True)
