"""`armistice new NAME`: start a scenario from a small, complete one that validates and plays.

The template is `scenarios/templates/new.yaml` (installed as package data): the scenario the
authoring guide's tutorial builds, with comments that tell an instructor what to change. The
new file gets NAME as its `id`, and a `schema.json` beside it, because the file's
`# yaml-language-server: $schema=schema.json` line is resolved relative to the file: a
path into the installed package would break as soon as the file is handed to someone else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from game.files import WriteError, write_atomic
from game.scenario.bundled import scenario_dir
from game.scenario.schema import schema_text

__all__ = ["ScaffoldError", "Scaffolded", "scaffold", "scenario_id", "template_path"]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_MAX = 48
SCHEMA_LINE = "# yaml-language-server: $schema=schema.json"


class ScaffoldError(Exception):
    """A NAME or a target that cannot be used; the message says why."""


@dataclass(frozen=True)
class Scaffolded:
    """What `scaffold` wrote: the scenario, and what it did about schema.json."""

    path: Path
    scenario_id: str
    schema_path: Path
    schema_note: str  # "written", "updated", "current" or "kept" (someone else's file)


def template_path() -> Path:
    return scenario_dir() / "templates" / "new.yaml"


def scenario_id(stem: str) -> str:
    """`stem` if it is a usable scenario id; otherwise a ScaffoldError that suggests one."""
    if ID_PATTERN.match(stem) and len(stem) <= ID_MAX:
        return stem
    suggestion = re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")[:ID_MAX]
    if suggestion and not suggestion[0].isalpha():
        suggestion = "s_" + suggestion
    hint = f" (for example '{suggestion}')" if ID_PATTERN.match(suggestion or "-") else ""
    raise ScaffoldError(f"'{stem}' cannot be a scenario id: use lower-case letters, digits and "
                        f"'_', starting with a letter, at most {ID_MAX} characters{hint}")


def target(name: str) -> tuple[Path, str]:
    """The file NAME stands for (NAME.yaml, or NAME itself if it ends .yaml) and its id."""
    if not name.strip():
        raise ScaffoldError("give the new scenario a name, e.g. armistice new cuba_1962")
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml"):
        stem = path.stem
    else:
        stem = path.name
        path = path.with_name(path.name + ".yaml")
    return path, scenario_id(stem)


def scenario_text(ident: str) -> str:
    """The template with `ident` as its id and the schema line pointing beside the file."""
    text = template_path().read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines[0] = SCHEMA_LINE + "\n"
    text = "".join(lines)
    text, count = re.subn(r"^id: [a-z0-9_]+", f"id: {ident}", text, count=1, flags=re.M)
    if count != 1:  # the template is ours: this is a packaging fault, not the user's
        raise RuntimeError(f"{template_path()} has no top-level id line")
    return text


def _write_schema(folder: Path) -> tuple[Path, str]:
    path = folder / "schema.json"
    current = schema_text()
    if not path.exists():
        write_atomic(path, current)
        return path, "written"
    try:
        existing = path.read_text(encoding="utf-8")
        title = json.loads(existing).get("title", "")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return path, "kept"
    if existing == current:
        return path, "current"
    if isinstance(title, str) and title.startswith("Armistice scenario"):
        write_atomic(path, current)  # an older copy of our own schema
        return path, "updated"
    return path, "kept"


def scaffold(name: str) -> Scaffolded:
    """Write the new scenario NAME (and schema.json beside it). Never overwrites a scenario."""
    path, ident = target(name)
    folder = path.parent
    if not folder.is_dir():
        raise ScaffoldError(f"there is no folder {folder}; create it first")
    text = scenario_text(ident)
    try:
        write_atomic(path, text, replace=False)  # never replaces a file
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; choose another name, or move the file "
                            "away first") from None
    except WriteError as exc:
        raise ScaffoldError(str(exc)) from None
    try:
        schema_path, note = _write_schema(folder)
    except WriteError as exc:
        raise ScaffoldError(f"wrote {path}, but cannot write schema.json beside it: "
                            f"{exc.reason}") from None
    except OSError as exc:
        raise ScaffoldError(f"wrote {path}, but cannot write schema.json beside it: "
                            f"{exc.strerror or exc}") from None
    return Scaffolded(path, ident, schema_path, note)


def next_steps(done: Scaffolded) -> str:
    """What to tell the instructor after `armistice new`."""
    schema = {
        "written": f"and {done.schema_path} (lets an editor check the file as you type)",
        "updated": f"and brought {done.schema_path} up to date",
        "current": f"({done.schema_path} is already current)",
        "kept": f"(left {done.schema_path} alone: it is not an Armistice schema, so editors "
                "may not check the new file)",
    }[done.schema_note]
    p = done.path
    steps = [(f"armistice validate {p}", "check it: file:line:col for every problem"),
             (f"armistice simulate {p} --runs 1000", "see how a thousand games end"),
             (f"armistice text {p}", "play it in the terminal"),
             (f"armistice play {p}", "play it in a window")]
    width = max(len(command) for command, _ in steps) + 3
    return "\n".join([
        f"Wrote {p} {schema}.",
        f"It is a small, complete scenario (id '{done.scenario_id}'): spring 1953, two sides,",
        "three agenda items, two sourced events. Edit it section by section; the comments say",
        "what each part does.",
        "",
        "Next:",
        *(f"  {command:<{width}}{what}" for command, what in steps),
        "",
        "The authoring guide, docs/scenario-authoring.md, builds this scenario step by step",
        "and lists every key, function and effect.",
    ])
