"""Tests for game.scenario.diagnostics and for turning pydantic errors into diagnostics."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Annotated, Literal

import pydantic
import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator

from game.scenario.diagnostics import Diagnostic, ScenarioError, did_you_mean
from game.scenario.yamlsource import load_yaml, pydantic_diagnostics

# -- Diagnostic and ScenarioError --------------------------------------------------------------


def test_diagnostic_renders_like_a_compiler_message() -> None:
    d = Diagnostic("s.yaml", 3, 7, "unknown key 'foo'")
    assert str(d) == "s.yaml:3:7: unknown key 'foo'"
    assert d.severity == "error"
    warning = Diagnostic("s.yaml", 1, 1, "unused variable 'x'", severity="warning")
    assert str(warning) == "s.yaml:1:1: warning: unused variable 'x'"


def test_diagnostic_is_frozen_and_hashable() -> None:
    d = Diagnostic("s.yaml", 1, 2, "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.line = 5  # type: ignore[misc]
    assert {d, Diagnostic("s.yaml", 1, 2, "m")} == {d}


def test_scenario_error_joins_its_diagnostics() -> None:
    diagnostics = [Diagnostic("a.yaml", 1, 1, "first"), Diagnostic("a.yaml", 2, 3, "second")]
    error = ScenarioError(diagnostics)
    assert error.diagnostics == diagnostics
    assert str(error) == "a.yaml:1:1: first\na.yaml:2:3: second"
    copy = pickle.loads(pickle.dumps(error))
    assert copy.diagnostics == diagnostics and str(copy) == str(error)


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("positons", ["positions", "items"], " (did you mean 'positions'?)"),
        ("Title", ["title", "agenda"], " (did you mean 'title'?)"),  # case only
        ("AGENDA_ITEMS", ["agenda_items"], " (did you mean 'agenda_items'?)"),
        ("xyz", ["positions", "items"], ""),
        ("items", ["items"], ""),  # nothing to suggest for a known name
        ("", ["a"], ""),
        ("abc", [], ""),
    ],
)
def test_did_you_mean(name: str, candidates: list[str], expected: str) -> None:
    assert did_you_mean(name, candidates) == expected
    assert did_you_mean(name, iter(candidates)) == expected  # any iterable, consumed once


# -- pydantic_diagnostics ----------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Item(Strict):
    id: str
    positions: int

    @field_validator("id")
    @classmethod
    def not_bad(cls, value: str) -> str:
        if value == "bad":
            raise ValueError("ids must not be 'bad'")
        return value


class Agenda(Strict):
    items: list[Item]
    chair: str | None = None


class Cat(Strict):
    kind: Literal["cat"]
    meows: int


class Dog(Strict):
    kind: Literal["dog"]
    barks: int


class Scenario(Strict):
    title: str
    agenda: Agenda
    pet: Annotated[Cat | Dog, Field(discriminator="kind")] | None = None
    code: int | str = 0
    sides: dict[str, Item] = {}
    start: str = Field("", alias="start-date")


def diagnose(text: str, model: type[BaseModel] | None = Scenario) -> list[str]:
    data, locator = load_yaml(text, "s.yaml")
    with pytest.raises(pydantic.ValidationError) as info:
        Scenario.model_validate(data)
    diagnostics = pydantic_diagnostics(info.value, locator, "s.yaml", model)
    assert all(isinstance(d, Diagnostic) for d in diagnostics)
    return [str(d) for d in diagnostics]


def test_extra_key_missing_key_and_wrong_type_in_a_nested_model() -> None:
    text = """\
title: Kaesong
agenda:
  items:
    - id: ceasefire
      positions: 2
    - id: pows
      positons: 3
    - id: line
      positions: many
"""
    assert diagnose(text) == [
        "s.yaml:6:7: missing required key 'positions' in agenda.items[1]",
        "s.yaml:7:7: unknown key 'positons' in agenda.items[1] (did you mean 'positions'?)",
        "s.yaml:9:18: agenda.items[2].positions: expected an integer, got 'many'",
    ]


def test_top_level_errors_and_flow_style() -> None:
    text = "titel: x\nagenda: {items: [], chiar: 1}\n"
    assert diagnose(text) == [
        "s.yaml:1:1: missing required key 'title'",
        "s.yaml:1:1: unknown key 'titel' at the top level (did you mean 'title'?)",
        "s.yaml:2:21: unknown key 'chiar' in agenda (did you mean 'chair'?)",
    ]


def test_without_a_model_there_is_no_suggestion() -> None:
    text = "title: x\nagenda: {items: []}\nagneda: 1\n"
    assert diagnose(text, model=None) == ["s.yaml:3:1: unknown key 'agneda' at the top level"]


def test_union_and_discriminator_tags_are_stripped_from_the_location() -> None:
    text = """\
title: x
agenda: {items: []}
pet:
  kind: cat
  meows: loud
  mews: 1
code: [1]
"""
    assert diagnose(text) == [
        "s.yaml:5:10: pet.meows: expected an integer, got 'loud'",
        "s.yaml:6:3: unknown key 'mews' in pet (did you mean 'meows'?)",
        # `code: int | str` yields one error per union member, both at the value.
        "s.yaml:7:7: code: expected an integer, got a list",
        "s.yaml:7:7: code: expected text, got a list",
    ]


def test_dict_values_aliases_and_validator_messages() -> None:
    text = """\
title: x
agenda:
  items:
    - {id: bad, positions: 1}
sides:
  un: {id: u, positions: 1, postions: 2}
start-dat: 1951
"""
    assert diagnose(text) == [
        "s.yaml:4:12: agenda.items[0].id: ids must not be 'bad'",
        "s.yaml:6:29: unknown key 'postions' in sides.un (did you mean 'positions'?)",
        "s.yaml:7:1: unknown key 'start-dat' at the top level (did you mean 'start-date'?)",
    ]


def test_wrong_container_types_and_null() -> None:
    text = "title:\nagenda: [1, 2]\n"
    assert diagnose(text) == [
        "s.yaml:1:7: title: expected text, got null",
        "s.yaml:2:9: agenda: expected a mapping, got a list",
    ]


def test_long_inputs_are_shortened() -> None:
    text = f"title: x\nagenda:\n  items:\n    - id: a\n      positions: '{'9' * 20}x{'9' * 60}'\n"
    (message,) = diagnose(text)
    assert message.startswith("s.yaml:5:18: agenda.items[0].positions: expected an integer, got '")
    assert message.endswith("...")
    assert len(message) < 120


def test_a_document_that_is_not_a_mapping() -> None:
    assert diagnose("- just\n- a list\n") == [
        "s.yaml:1:1: expected a mapping, got a list",
    ]


def test_errors_about_mapping_keys_point_at_the_key() -> None:
    class Years(BaseModel):
        years: dict[int, int]

    data, locator = load_yaml("years: {x: 1, 1951: y}\n", "s.yaml")
    with pytest.raises(pydantic.ValidationError) as info:
        Years.model_validate(data)
    assert [str(d) for d in pydantic_diagnostics(info.value, locator, "s.yaml", Years)] == [
        "s.yaml:1:9: key 'x' in years: expected an integer, got 'x'",
        "s.yaml:1:21: years[1951]: expected an integer, got 'y'",
    ]


def test_locations_that_do_not_exist_fall_back_to_the_nearest_value() -> None:
    _, locator = load_yaml("a:\n  b: [1, 2]\n", "s.yaml")
    error = pydantic.ValidationError.from_exception_data(
        "Model",
        [
            {"type": "int_type", "loc": ("a", "function-after[f(), int]", "b", 7), "input": "z"},
            {"type": "missing", "loc": ("a", "tagged-union[X,Y]", "c"), "input": {}},
            {"type": "string_type", "loc": ("nowhere", "at", "all"), "input": None},
        ],
    )
    assert [str(d) for d in pydantic_diagnostics(error, locator, "s.yaml", None)] == [
        "s.yaml:1:1: missing required key 'c' in a",
        "s.yaml:1:1: expected text, got null",
        "s.yaml:2:6: a.b: expected an integer, got 'z'",
    ]
