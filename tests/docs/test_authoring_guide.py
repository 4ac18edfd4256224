"""The authoring guide cannot rot: its reference is generated from the code, its tutorial's
YAML is assembled and loaded here, and the messages it quotes are the ones `validate` prints."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

from game.scenario import reference
from game.scenario.diagnostics import ScenarioError
from game.scenario.loader import load_scenario_text
from game.scenario.scaffold import template_path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "scenario-authoring.md"
STEP = re.compile(r"```yaml\n(# spring1953\.yaml, step (\d+)\n.*?)```", re.S)


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def steps() -> list[str]:
    """The tutorial's fragments, in order; each is added to the end of the reader's file."""
    found = [(int(n), text) for text, n in STEP.findall(guide())]
    assert [n for n, _ in found] == list(range(1, len(found) + 1)), "steps out of order"
    assert len(found) >= 5
    return [text for _, text in found]


def tutorial_file(upto: int | None = None) -> str:
    return "".join(steps()[:upto])


def test_reference_part_is_current():
    text = guide()
    assert reference.splice(text, reference.reference_markdown()) == text, \
        "the guide's reference is out of date: python -m game.scenario.reference --update"


def test_every_key_has_a_meaning():
    """Descriptions live in model.py, so the guide and editors (schema.json) both show them."""
    r = reference._Renderer()
    missing = [f"{r.title(cls)}.{field.alias or name}" for cls in r.order
               for name, field in cls.model_fields.items() if not reference.meaning(field)]
    assert not missing, f"describe these fields in game/scenario/model.py: {missing}"


def test_every_function_and_effect_is_in_the_reference():
    from game.scenario.effects import EFFECTS
    from game.scenario.expr import FUNCTIONS

    ref = reference.reference_markdown()
    for name in FUNCTIONS:
        assert f"`{name}(" in ref
    for name, cls in EFFECTS.items():
        assert f"#### `{name}`" in ref and cls.__doc__


def test_each_tutorial_step_only_lacks_the_sections_still_to_come():
    fragments = steps()
    for k in range(1, len(fragments)):
        with pytest.raises(ScenarioError) as err:
            load_scenario_text(tutorial_file(k), "spring1953.yaml")
        messages = [d.message for d in err.value.diagnostics]
        assert all(m.startswith("missing required key") for m in messages), (k, messages)


def test_the_finished_tutorial_loads_and_is_the_scaffold():
    sc = load_scenario_text(tutorial_file(), "spring1953.yaml")
    assert sc.id == "spring_1953" and len(sc.item_ids) == 3
    assert yaml.safe_load(tutorial_file()) == yaml.safe_load(template_path().read_text()), \
        "the tutorial and scenarios/templates/new.yaml (armistice new) have drifted apart"


def test_the_finished_tutorial_validates_as_the_guide_says(tmp_path):
    (tmp_path / "spring1953.yaml").write_text(tutorial_file(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "validate", "spring1953.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not done.stderr, "the tutorial's scenario should give no warnings"
    (line,) = done.stdout.splitlines()
    assert line in guide(), f"the guide should quote: {line}"


def test_messages_quoted_in_the_guide_are_what_validate_prints():
    text = guide()
    final = tutorial_file()
    # the two mistakes the tutorial makes on purpose, one stage after the other
    key_typo = final.replace("      deadlock_after: 3", "      deadlock_afer: 3", 1)
    both = key_typo.replace('opens_when: "agreed(wounded)"', 'opens_when: "agred(wounded)"')
    for broken in (both, final.replace('"agreed(wounded)"', '"agred(wounded)"')):
        with pytest.raises(ScenarioError) as err:
            load_scenario_text(broken, "spring1953.yaml")
        (diag,) = err.value.diagnostics
        assert str(diag) in text, str(diag)
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(tutorial_file(1), "spring1953.yaml")
    for diag in err.value.diagnostics[:3]:
        assert str(diag) in text


def _slug(heading: str) -> str:
    text = re.sub(r"[`*]", "", heading.strip().lower())
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text))


def test_links_in_the_guide_lead_somewhere():
    text = guide()
    anchors = {_slug(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}
    anchors |= set(re.findall(r'<a id="([^"]+)"></a>', text))
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith("#"):
            assert target[1:] in anchors, target
        elif "://" not in target:
            path = target.split("#")[0]
            assert (GUIDE.parent / path).exists(), target


def test_shared_types_keep_their_descriptions():
    for tp in (reference.m.Ident, reference.m.Expr, reference.m.Source):
        assert typing.get_origin(tp) is typing.Annotated and reference._shared_doc(tp)
