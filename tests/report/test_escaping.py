"""Every HTML page escapes every text from a scenario or a save: payloads that would run, inject
markup or evaluate if a page forgot to escape are put into every human-readable string of a
scenario (a hostile copy of scenarios/1951.yaml), into a save's reasons, label and file name,
and into a class report's team names; the pages are checked by parsing and in a real browser
(headless Chromium, skipped without it except in CI)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tokenize
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from jinja2 import StrictUndefined, UndefinedError

from game.report.audience import SCOPES
from game.report.class_report import class_document
from game.report.command import make_report
from game.report.debrief import debrief_document
from game.report.drawing import Drawing
from game.report.played import load_games
from game.report.render import environment, render
from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session

# What a payload does if it runs: mark the page, so the browser check can see it. Lower case
# and, for the sector labels, without spaces: the debrief lower-cases a sector's first word.
MARK = "pwned"
PAYLOADS = (
    f"<script>document.body.id='{MARK}'</script>",
    f"\"><img src=x onerror=\"document.body.id='{MARK}'\">",
    f"' onmouseover='document.title=\"{MARK}\"' x='",
    f"javascript:document.title='{MARK}'",
    f"</style><script>document.title='{MARK}'</script>",
    "<!--",
    "]]>",
    "<b>markup</b>",
    "{{ 7*7 }}",
    f"<svg/onload=document.body.id='{MARK}'>",
    f"</title><script>document.title='{MARK}'</script>",
    f"<a href=\"javascript:document.title='{MARK}'\">link</a>",
    "&lt;b&gt;an entity, shown as typed&lt;/b&gt; &amp;",
    "<style>*{display:none}</style>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=document.body.id='{MARK}'>",
)
SPACELESS = (PAYLOADS[0], PAYLOADS[9], f"</style><script>document.body.id='{MARK}'</script>")
SHORTS = {"unc": "<script>U", "communist": "\"><i>{{7*7}}"}  # short names: 12 characters
# A file name cannot hold "/": these are the payloads a file name (the game's name) can carry
FILE_NAMES = (f"\"><img src=x onerror=document.body.id='{MARK}'>",
              f"<svg onload=document.title='{MARK}'>", "{{ 7*7 }}")

# Every key of a scenario whose string values players or teachers read
TEXT_KEYS = {"title", "summary", "name", "short", "briefing", "objectives", "label", "unit",
             "description", "tooltip", "site", "note", "rationale", "text", "source",
             "epilogue", "history_note", "line"}


def _texts(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, key) of every human-readable string in a parsed scenario, in file order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                yield path, key
            elif key in TEXT_KEYS and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*path, key), i
            else:
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, (*path, i))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def hostile_scenario(folder: Path, extra: dict[str, Any] | None = None) -> tuple[Path, int]:
    """A copy of scenarios/1951.yaml with a payload in each human-readable string (the number
    of strings replaced is returned too). Sector labels get payloads without spaces, side
    short names payloads of at most 12 characters."""
    data = yaml.safe_load(resolve("1951").read_text(encoding="utf-8"))
    places = list(_texts(data))
    for k, (path, key) in enumerate(places):
        parent = _at(data, path)
        if key == "short":
            parent[key] = SHORTS[path[-1]]
        elif path[:2] == ("fighting", "sectors"):
            parent[key] = SPACELESS[path[2] % len(SPACELESS)] + f" ({k})"
        else:
            parent[key] = f"{PAYLOADS[k % len(PAYLOADS)]} #{k}"
    for key, value in (extra or {}).items():
        data[key] = value
    out = folder / "hostile.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out, len(places)


# -- parsing --------------------------------------------------------------------------------
class Page(HTMLParser):
    """What a page contains once a browser's parser has read it: elements, attributes,
    comments and the text a reader sees (style sheets left out)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.styles = 0
        self.attrs: list[tuple[str, str, str]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.chunks: list[str] = []
        self._skip = False
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.styles += tag == "style"
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        self._skip = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)

    def handle_pi(self, data: str) -> None:
        self.declarations.append(data)


def problems(html: str, allowed_tags: set[str]) -> list[str]:
    """Everything in a page that should not be there if all data was escaped."""
    page = Page(html)
    found = [f"<{tag}>: an element the page does not use" for tag in page.tags - allowed_tags]
    if page.styles > 1:
        found.append("<style>: a style sheet the page does not have")
    for tag, name, value in page.attrs:
        if name.startswith("on"):
            found.append(f"<{tag} {name}=...>: an event handler")
        if "javascript:" in "".join(value.split()).lower():
            found.append(f"<{tag} {name}={value!r}>: a javascript: URL")
        if name in ("href", "src", "xlink:href", "action", "formaction", "srcset"):
            found.append(f"<{tag} {name}={value!r}>: a link the page never makes")
    found += [f"<!--{c}-->: a comment" for c in page.comments]
    found += [f"<!{d}>: a declaration" for d in page.declarations]
    # an unclosed comment swallows the rest of the page (the parser calls it text at the end)
    found += [f"{opener}: a comment or declaration opened" for opener in ("<!--", "<![", "<?")
              if opener in html]
    return found


# -- a real browser ---------------------------------------------------------------------------
def chromium() -> str:
    """The headless browser from the OS packages; skipped without it, except in CI (where
    .ci/run installs it), where a missing browser fails the test."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is needed for the browser tests in CI (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def rendered_dom(page: Path, profile: Path) -> str:
    """The page's DOM after Chromium has loaded it and run whatever it would run."""
    result = subprocess.run(
        [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
         "--virtual-time-budget=2000", f"--user-data-dir={profile}", "--dump-dom",
         page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0 and "<body" in result.stdout, result.stderr[-2000:]
    return result.stdout


def ran(dom: str) -> list[str]:
    """Signs in a rendered DOM that a payload ran or became markup."""
    page = Page(dom)
    signs = [f"<{tag} {name}={value!r}>" for tag, name, value in page.attrs
             if value == MARK or name.startswith("on")]
    title = dom.split("<title>", 1)[-1].split("</title>", 1)[0] if "<title>" in dom else ""
    if title.strip().lower() == MARK:
        signs.append(f"the page's title became {title!r}")
    signs += [f"<{tag}>" for tag in page.tags & {"script", "img", "iframe", "object", "embed"}]
    return signs


# -- the games ----------------------------------------------------------------------------------
def _play(sc, ref: str, seed: int, reasons: tuple[str, ...], label: str | None = None,
          turns: int | None = None) -> Session:
    """Both sides played by teams (orders as the AI would give them) that type `reasons`."""
    session = Session(sc, ref, seed, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False, label=label)
    while not session.over and (turns is None or session.turn < turns):
        for side in (0, 1):
            session.hand_to_ai(side)
            orders = session.ai_orders(side)
            session.take_back(side)
            orders.rationale = [reasons[(session.turn + side) % len(reasons)]]
            session.submit(side, orders)
        session.advance()
    return session


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> SimpleNamespace:
    """A hostile scenario, three saves of it (a payload as label; payloads as file names) with
    payloads as every reason, and every page the reports make of them."""
    folder = tmp_path_factory.mktemp("hostile")
    path, count = hostile_scenario(folder)
    sc = load_scenario(path)
    saves = []
    for k, (label, stem) in enumerate(((PAYLOADS[1], "labelled"), (None, FILE_NAMES[0]),
                                       (None, FILE_NAMES[1]))):
        session = _play(sc, str(path), 5 + k, PAYLOADS[k:] + PAYLOADS[:k], label,
                        turns=None if k == 0 else 4)
        saves.append(folder / f"{stem}.json")
        session.save(saves[-1])
    pages = {}
    for scope in SCOPES:
        pages[f"debrief-{scope}"] = make_report([saves[0]], folder / f"debrief-{scope}.html",
                                                scope)
        pages[f"class-{scope}"] = make_report(saves, folder / f"class-{scope}.html", scope)
    pages["named"] = make_report([saves[1]], folder / "named.html")
    return SimpleNamespace(path=path, sc=sc, count=count, saves=saves, pages=pages,
                           game=load_games([saves[0]])[0])


@pytest.fixture(scope="module")
def allowed_tags(saves) -> set[str]:
    """The elements the reports use when nothing is hostile."""
    games = load_games([saves["team"], saves["heuristic"]])
    return (Page(debrief_document(games[0].session, games[0].name)).tags
            | Page(class_document(games)).tags)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- every page, parsed ---------------------------------------------------------------------------
def test_the_hostile_scenario_has_a_payload_in_every_text_and_still_loads(hostile):
    assert hostile.count > 250  # every title, label, text, source... of scenarios/1951.yaml
    model = hostile.sc.model
    assert model.sides["unc"].short == SHORTS["unc"]
    assert all(s.label.split(" (")[0] in SPACELESS for s in model.fighting.sectors)
    assert all(p in model.title or p in model.summary for p in PAYLOADS[:1])


@pytest.mark.parametrize("page", [*(f"debrief-{s}" for s in SCOPES),
                                  *(f"class-{s}" for s in SCOPES), "named"])
def test_no_payload_becomes_markup(hostile, allowed_tags, page):
    html = _read(hostile.pages[page])
    assert problems(html, allowed_tags) == []
    text = Page(html).text
    assert hostile.sc.model.title in text  # the payloads are there, as text
    assert "{{ 7*7 }}" in text  # data is never a template


def test_every_text_of_the_debrief_is_shown_as_text(hostile):
    text = Page(_read(hostile.pages["debrief-all"])).text
    model, session = hostile.sc.model, hostile.game.session
    for payload in PAYLOADS:
        assert payload in text, payload
    shown = [model.title, *(s.name for s in model.sides.values()),
             *(s.short for s in model.sides.values()),
             *(i.title for i in model.agenda.items),
             *(p.label for i in model.agenda.items for p in i.positions),
             *(e.text for e in model.history.timeline), *(e.source for e in model.history.timeline),
             model.history.source, model.scoring.note, session.outcome.title,
             session.outcome.epilogue.strip(), session.outcome.history_note.strip(),
             *(v.label for v in model.variables.values() if v.owner != "public"),
             PAYLOADS[1]]  # the label names the game
    used = {t.orders[side]["posture"] for t in session.turns for side in ("unc", "communist")}
    shown += [p.label for side in ("unc", "communist") for p in getattr(model.postures, side)
              if p.id in used]
    shown += [e.text for e in session.news(None)
              if e.kind != "fighting" and not e.text.startswith("Revealed:")]
    missing = [s for s in shown if s not in text]
    assert missing == []
    # the Front line of the turn table names each sector that moved by its label's first word
    assert "Front: " + SPACELESS[0] in text or "Front: " + SPACELESS[1] in text


def test_a_file_name_is_the_games_name_as_text(hostile):
    text = Page(_read(hostile.pages["named"])).text
    assert f"{FILE_NAMES[0]}: " in text
    for name in (FILE_NAMES[0], FILE_NAMES[1], PAYLOADS[1]):
        assert name in Page(_read(hostile.pages["class-all"])).text


def test_the_class_report_shows_team_names_and_reasons_as_text(hostile):
    text = Page(_read(hostile.pages["class-all"])).text
    for payload in PAYLOADS:
        assert payload in text, payload


# -- the real browser -------------------------------------------------------------------------
def test_nothing_runs_in_a_browser(hostile, tmp_path):
    for name in ("debrief-all", "debrief-unc", "class-all", "named"):
        dom = rendered_dom(hostile.pages[name], tmp_path / "profile")
        assert ran(dom) == [], name
        text = Page(dom).text
        assert hostile.sc.model.title in text and PAYLOADS[0] in text, name


def test_the_browser_check_sees_a_payload_that_runs(tmp_path):
    """The check above can fail: the same payloads, unescaped, run or become markup."""
    for k, payload in enumerate((PAYLOADS[0], PAYLOADS[1], PAYLOADS[4], PAYLOADS[9],
                                 PAYLOADS[10])):
        page = tmp_path / f"raw{k}.html"
        page.write_text(f"<!DOCTYPE html><html><head><title>t {payload}</title><style>p{{}}"
                        f"</style></head><body><p>{payload}</p></body></html>", encoding="utf-8")
        assert ran(rendered_dom(page, tmp_path / "profile")), payload


def test_the_parse_check_sees_markup_that_was_not_escaped(allowed_tags):
    for payload in (*PAYLOADS[:6], *PAYLOADS[9:12], *PAYLOADS[13:]):
        html = (f"<html><head><style>p{{}}</style></head><body><p>{payload}</p>"
                f"<p title='{payload}'>x</p></body></html>")
        assert problems(html, allowed_tags), payload
    assert problems("<p><a href='#x'>x</a></p>", allowed_tags)


# -- the charts -------------------------------------------------------------------------------
def test_svg_escapes_every_text_and_attribute_value():
    """Titles, labels and legends come from scenarios; colours are the program's own, and one
    that is not a colour is refused."""
    d = Drawing(300, 200, title=PAYLOADS[10])
    d.rect(0, 0, 10, 10, fill="#0072B2", stroke="none")
    d.line([(0, 0), (5, 5)], arrow=True)
    d.circle(5, 5, 2, fill="#fff")
    for k, payload in enumerate(PAYLOADS):
        d.text(10, 20 + k, payload, anchor="middle", bold=k % 2 == 0)
    svg = d.to_svg()
    root = ET.fromstring(svg)  # well-formed: nothing broke out of a value
    ns = "{http://www.w3.org/2000/svg}"
    tags = {"svg", "title", "rect", "defs", "marker", "path", "polyline", "circle", "text"}
    assert {e.tag.removeprefix(ns) for e in root.iter()} <= tags
    assert [t.text for t in root.iter(f"{ns}text")] == list(PAYLOADS)
    assert root.find(f"{ns}title").text == PAYLOADS[10]
    assert problems(f"<body>{svg}</body>", {"body", *tags}) == []
    assert Page(svg).text.count(PAYLOADS[0]) == 1
    for colour in (PAYLOADS[1], PAYLOADS[3], "red;fill:url(x)", "#12345g"):
        bad = Drawing(10, 10)
        bad.text(0, 0, "x", fill=colour)
        with pytest.raises(ValueError, match="not a colour"):
            bad.to_svg()
    with pytest.raises(ValueError, match="not a colour"):
        Drawing(10, 10, background=PAYLOADS[2]).to_svg()


# -- one mechanism, that no page can forget ---------------------------------------------------
REPORT = Path(__file__).resolve().parents[2] / "game" / "report"
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def test_no_python_in_game_report_writes_markup():
    """Markup lives in the templates; Python hands them values. (The one exception: the
    line break inside a Mermaid label, which is Mermaid's syntax, not a page's.)"""
    found = []
    for path in sorted(REPORT.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for bad in ('f"<', "f'<", '"<td>" +', '+ "</'):
            if bad in source:
                found.append(f"{path.name}: {bad}")
        with path.open("rb") as f:
            for tok in tokenize.tokenize(f.readline):
                if (tok.type == tokenize.STRING and _TAG.search(tok.string)
                        and (path.name, tok.string) != ("graph.py", '"<br/>"')):
                    found.append(f"{path.name}:{tok.start[0]}: {tok.string[:60]}")
    assert found == []


def test_templates_escape_everything_and_trust_nothing_but_the_charts():
    env = environment()
    assert env.autoescape is True and env.undefined is StrictUndefined
    for path in (REPORT / "templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        for bad in ("|safe", "| safe", "autoescape false", "Markup", "|e(", "markdown"):
            assert bad not in text, f"{path.name}: {bad}"
    users = [p.name for p in REPORT.glob("*.py") if re.search(r"\bMarkup\b|markupsafe",
                                                             p.read_text(encoding="utf-8"))]
    assert users == ["render.py"]
    with pytest.raises(UndefinedError):
        render("page.html.j2")  # a missing value is an error, not an empty string
