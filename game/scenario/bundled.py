"""Where the bundled scenarios are, and how a user names a scenario.

In a checkout they live in `scenarios/` at the root; an installed wheel carries the same files
as `game/scenarios/`. A SCENARIO argument is either a path to a file or a bundled short name:
`1951` finds `1951.yaml`.
"""

from __future__ import annotations

from pathlib import Path

import game

_PACKAGE = Path(game.__file__).resolve().parent


def scenario_dir() -> Path:
    """The folder of bundled scenarios (installed copy first, then the checkout's)."""
    for candidate in (_PACKAGE / "scenarios", _PACKAGE.parent / "scenarios"):
        if (candidate / "1951.yaml").is_file():
            return candidate
    return _PACKAGE.parent / "scenarios"


def bundled_names() -> list[str]:
    return sorted(p.stem for p in scenario_dir().glob("*.yaml"))


def resolve(ref: str | Path) -> Path:
    """The file a SCENARIO argument names. Raises FileNotFoundError with a helpful message."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists() or "/" in str(ref):
        if path.is_file():
            return path
        raise FileNotFoundError(f"no scenario file at {ref}")
    bundled = scenario_dir() / f"{ref}.yaml"
    if bundled.is_file():
        return bundled
    names = ", ".join(bundled_names()) or "none found"
    raise FileNotFoundError(f"no scenario named '{ref}' (bundled scenarios: {names}; or give a "
                            "path to a .yaml file)")
