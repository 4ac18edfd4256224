"""The one way the reports write markup: Jinja2 templates in `game/report/templates/`, with
autoescape on for every template, so a scenario's or a save's text always lands as text.

Python code hands templates plain values (strings, numbers, lists); only a `Drawing`, through
the `svg` filter below, is passed in as markup, and `Drawing.to_svg` is itself rendered here,
escaped. Data is never compiled as a template, so `{{ ... }}` in a scenario is just text.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


class _Drawable(Protocol):
    def to_svg(self) -> str: ...


def _svg(drawing: _Drawable) -> Markup:
    """A chart inline: the only markup a page takes from outside a template (see drawing.py,
    whose template escapes every text and attribute value)."""
    return Markup(drawing.to_svg())


def _text(value: Any) -> Any:
    """Every `{{ value }}` that is not already markup, escaped as the standard library does
    (`&#x27;`, `&quot;`: the entity forms the reports have always had). Autoescape escapes
    anything this does not see."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("game.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_text, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["svg"] = _svg
    return env


def render(template: str, **context: Any) -> str:
    """The named template (e.g. "debrief.html.j2") filled in with `context`."""
    return environment().get_template(template).render(**context)
