"""Saved games for the report tests, and a check that an HTML file asks for nothing outside
itself."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario
from game.session.session import PlayerSpec, Session

UNC_REASON = "Hold <firm> & press: the line of contact, turn {turn}"
AI = PlayerSpec("ai", "historical")


def team_game(sc, seed: int, label: str | None = None) -> Session:
    """A team playing the UN Command (orders as the historical AI would give them, with the
    team's own typed reasons) against the Communist AI, to the end."""
    session = Session(sc, "1951", seed, (PlayerSpec("human"), AI), autosave=False, label=label)
    while not session.over:
        session.hand_to_ai(0)
        orders = session.ai_orders(0)
        session.take_back(0)
        orders.rationale = [UNC_REASON.format(turn=session.turn + 1)]
        session.submit(0, orders)
        session.advance()
    return session


def ai_game(sc, ref: str, seed: int, unc: str = "historical") -> Session:
    session = Session(sc, ref, seed, (PlayerSpec("ai", unc), AI), autosave=False)
    while not session.over:
        session.advance()
    return session


@pytest.fixture(scope="session")
def saves(tmp_path_factory) -> dict[str, Path]:
    """Finished games on disk: three of 1951 (one labelled with a team name) and one of 1952."""
    folder = tmp_path_factory.mktemp("saves")
    sc51, sc52 = load_scenario(resolve("1951")), load_scenario(resolve("1952"))
    games = {"team": team_game(sc51, 5, label="Team Ridgway"),
             "heuristic": ai_game(sc51, "1951", 6, unc="heuristic"),
             "historical": ai_game(sc51, "1951", 7),
             "y1952": ai_game(sc52, "1952", 8)}
    paths = {}
    for name, session in games.items():
        paths[name] = folder / f"{name}.json"
        session.save(paths[name])
    return paths


_EXTERNAL = re.compile(r"^\s*(https?:|//|file:|ftp:)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_URL_ATTRS = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "formaction",
              "background", "manifest", "ping"}


class _Requests(HTMLParser):
    """Collects everything in a page that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "script" and "src" in values:
            self.problems.append(f"<script src={values['src']}>")
        if tag == "link":
            self.problems.append(f"<link rel={values.get('rel')} href={values.get('href')}>")
        for name, value in values.items():
            if name in _URL_ATTRS and value and not value.startswith("#"):
                kind = "external" if _EXTERNAL.match(value) else "outside"
                self.problems.append(f"<{tag} {name}={value}> ({kind})")
            if name == "style":
                self._css(value, f"<{tag} style>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, "<style>")

    def _css(self, css: str, where: str) -> None:
        if "@import" in css.lower():
            self.problems.append(f"{where}: @import")
        for target in _CSS_URL.findall(css):
            if not target.startswith("#"):
                self.problems.append(f"{where}: url({target})")


def outside_requests(html: str) -> list[str]:
    parser = _Requests()
    parser.feed(html)
    parser.close()
    # SVG attributes outside style (marker-end="url(#arrow)") may only point inside the page
    for target in re.findall(r"=\"url\(([^)]*)\)\"", html):
        if not target.startswith("#"):
            parser.problems.append(f"attribute url({target})")
    return parser.problems


@pytest.fixture
def external_requests():
    return outside_requests


@pytest.fixture
def unc_reason():
    """The reason the team typed on turn n: unc_reason.format(turn=n)."""
    return UNC_REASON
