"""The JSON Schema of the scenario format, generated from the models so it cannot drift.

`scenarios/schema.json` is this output, checked in so editors (via the
`# yaml-language-server: $schema=schema.json` line) check a scenario as an author types; a test
keeps the file current.
"""

from __future__ import annotations

import json
from typing import Any

from game.scenario.model import FORMAT_VERSION, Scenario


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Armistice scenario, format {FORMAT_VERSION}"
    return schema


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, sort_keys=True) + "\n"
