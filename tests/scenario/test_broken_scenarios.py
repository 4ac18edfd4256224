"""A corpus of broken scenarios: every one must be refused with a `file:line:col: message`.

Most cases are the bundled `scenarios/1951.yaml` with one small, targeted text edit, so each
exercises the loader against a realistic file. Every edit first asserts that the text it
replaces is still in the scenario: if the scenario changes, the case fails loudly instead of
silently testing nothing. The expected line (and, for expressions, column) is computed from the
edited text, never hard-coded, so unrelated edits to the scenario do not break these tests.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.loader import load_scenario, load_scenario_text
from game.scenario.yamlsource import MAX_BYTES, MAX_NODES

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "1951.yaml"
FILE = "broken.yaml"
RENDERED = re.compile(r"[^:\n]+:\d+:\d+: [^\n]+")


@functools.cache
def scenario_text() -> str:
    return SCENARIO.read_text(encoding="utf-8")


# -- building broken files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A broken file and where its problem is."""

    text: str | bytes
    line: int | None = None  # the line a diagnostic must point at (None: not pinned)
    cols: range | None = None  # the columns it may point at (None: any)
    line_in_message: bool = False  # ...or the message may name the line ("starts at line N")


def where(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def line_of(text: str, snippet: str) -> int:
    """Line of the first `snippet` in `text` (a leading newline anchors it to a line start)."""
    assert snippet in text, f"{snippet!r} not found"
    return where(text, text.index(snippet) + snippet.startswith("\n"))[0]


def replace(old: str, new: str, text: str | None = None) -> tuple[str, int]:
    """Replace the first `old` in the scenario; return the new text and where `new` starts."""
    text = scenario_text() if text is None else text
    assert old in text, f"scenarios/1951.yaml no longer contains {old!r}: update this case"
    start = text.index(old)
    return text[:start] + new + text[start + len(old):], start


def edit(old: str, new: str, *, at: str | None = None, col: bool = False,
         expr: str | None = None, point: str | None = None,
         line_at: str | None = None) -> Broken:
    """The scenario with `old` replaced by `new` (first occurrence).

    The diagnostic must be on the line of `at` (a snippet of `new`; default: the first
    non-blank character of `new`), or of `line_at` (a snippet searched in the whole edited
    text). With `col` it must point exactly at `at`; with `expr` (a snippet of `new` that is an
    expression) anywhere inside that expression; with `point` (a snippet of the expression)
    exactly at `point`.
    """
    text, start = replace(old, new)
    if line_at is not None:
        mark = text.index(line_at) + line_at.startswith("\n")
    elif at is not None:
        assert at in new, at
        mark = start + new.index(at)
    else:
        mark = start + len(new) - len(new.lstrip())
    line, column = where(text, mark)
    cols = range(column, column + 1) if col else None
    if expr is not None:
        assert expr in new, expr
        e0 = start + new.index(expr)
        line, first = where(text, e0)
        cols = range(first, first + len(expr) + 1)
        if point is not None:
            assert point in expr, point
            line, column = where(text, e0 + expr.index(point))
            cols = range(column, column + 1)
    return Broken(text, line, cols)


def whole(text: str, line: int | None = 1, col: int | None = None, **kw: bool) -> Broken:
    """A standalone file."""
    return Broken(text, line, None if col is None else range(col, col + 1), **kw)


def billion_laughs() -> str:
    """Nine levels of ten aliases each: 10**9 values once expanded."""
    lines = ["lol_a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"lol_{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def bomb_in_scenario() -> Broken:
    text, _ = replace("\ntalks:\n", "\n" + billion_laughs() + "talks:\n")
    # The bomb must be reported on the first line whose aliases push the document past
    # MAX_NODES values (the rest of the scenario adds a few thousand, which does not matter).
    sizes = [11]  # lol_a: a list of ten scalars
    for _ in range(8):
        sizes.append(1 + 10 * sizes[-1])
    total, crossing = sizes[0], ""
    for k, letter in enumerate("bcdefghi"):
        total += 1 + 10 * sizes[k]
        if total > MAX_NODES:
            crossing = letter
            break
    return Broken(text, line_of(text, f"lol_{crossing}: &{crossing}"))


def oversized(as_bytes: bool) -> Broken:
    text = scenario_text() + "# " + "x" * (MAX_BYTES + 100_000) + "\n"
    return Broken(text.encode() if as_bytes else text, 1, range(1, 2))


def not_utf8() -> Broken:
    text, _ = replace('title: "Kaesong to Panmunjom, 1951"',
                      'title: "Kaesong to Panmunjom, 1951 \udcff"')
    line, col = where(text, text.index("\udcff"))
    data = text.encode("utf-8", "surrogateescape")  # a lone 0xff byte
    return Broken(data, line, range(col, col + 1))


def second_document() -> Broken:
    text = scenario_text().rstrip("\n") + "\n---\nformat: 1\n"
    return Broken(text, text.count("\n") - 1, range(1, 2))


def unchanged_at(snippet: str) -> Callable[[], Broken]:
    """The unmodified scenario; the diagnostic must be on the line of `snippet`."""

    def build() -> Broken:
        text = scenario_text()
        return Broken(text, line_of(text, snippet))

    return build


def missing_outcome_title() -> Broken:
    text, _ = replace("    title: The talks collapse\n", "")
    return Broken(text, line_of(text, "- id: collapse"))


def offer_without_position() -> Broken:
    old = ('    - item: agenda\n      when: "authority(agenda, communist) <= '
           'rung(agenda, withdrawal_deferred)"\n      action: offer\n'
           '      position: withdrawal_deferred\n')
    new = old.replace("      position: withdrawal_deferred\n", "")
    text, start = replace(old, new)
    return Broken(text, where(text, start)[0])


def no_ending_at_the_end() -> Broken:
    text, _ = replace("    at_end: true\n", "")
    return Broken(text, line_of(text, "\noutcomes:\n") + 1)


def found(pattern: str) -> str:
    """The first match of a (multi-line) regex in the scenario, for edits of changing values."""
    match = re.search(pattern, scenario_text(), re.M)
    assert match, f"scenarios/1951.yaml no longer matches {pattern!r}: update this case"
    return match.group(0)


def scoring_condition() -> Broken:
    return edit(found(r'^  unc: "settlement[^\n]*$'), '  unc: "agreed(agenda)"',
                expr="agreed(agenda)", point="agreed(agenda)")


def initial_out_of_bounds() -> Broken:
    old = found(r"^  unc_support:\n    label: [^\n]*\n    initial: [-0-9.]+\n")
    return edit(old, re.sub(r"initial: [-0-9.]+", "initial: 150", old), at="150", col=True)


BIG_PUSH_RULE = ('        - when: "not agreed(demarcation) and stalled(demarcation) >= 1"\n'
                 "          posture: major_offensive\n")
APPROVAL = 'when: "unc_support < 20"'  # the UN Command's approval rule for prisoners
SUPERVISION_RULE = 'when: "stalled(supervision) >= 3"'  # a UN Command behaviour rule


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[], Broken]
    fragment: str
    what_ifs: tuple[str, ...] = ()


def approval(name: str, expression: str, fragment: str, point: str | None = None) -> Case:
    """The prisoners approval's condition replaced by `expression` (a double-quoted string);
    the diagnostic must point at `point` (default: the start of the expression)."""
    return Case(name, lambda: edit(APPROVAL, f'when: "{expression}"', expr=expression,
                                   point=point if point is not None else expression), fragment)


CASES: list[Case] = [
    # -- YAML syntax -----------------------------------------------------------------------------
    Case("yaml-bad-indentation",
         lambda: edit("  turn_days: 15", "   turn_days: 15"), "could not parse YAML"),
    Case("yaml-dedented-key",
         lambda: edit("  end: 1952-04-30\n", " end: 1952-04-30\n"), "could not parse YAML"),
    Case("yaml-tab-indentation",
         lambda: edit("  turn_days: 15", "\tturn_days: 15"), "tab"),
    Case("yaml-stray-colon",
         lambda: edit("  site: Kaesong\n", "  site: Kaesong: the tea house\n", at="Kaesong:"),
         "mapping values are not allowed"),
    Case("yaml-unclosed-quote-at-end",
         lambda: whole('format: 1\nid: korea\ntitle: "Kaesong to Panmunjom\n', line=3,
                       line_in_message=True),
         "could not parse YAML"),
    Case("yaml-unclosed-quote-mid-file",
         lambda: Broken(edit('title: "Kaesong to Panmunjom, 1951"',
                             'title: "Kaesong to Panmunjom, 1951').text,
                        line_of(scenario_text(), 'title: "Kaesong'), line_in_message=True),
         "could not parse YAML"),
    Case("yaml-duplicate-key",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"\n',
                      'title: "Kaesong to Panmunjom, 1951"\ntitle: Panmunjom\n',
                      at="title: Panmunjom", col=True),
         "duplicate key 'title'"),
    Case("yaml-unknown-alias",
         lambda: edit("  site: Kaesong\n", "  site: *kaesong\n", at="*kaesong", col=True),
         "unknown alias '*kaesong'"),
    Case("yaml-not-utf8", not_utf8, "not UTF-8"),
    Case("yaml-empty-file", lambda: whole("", col=1), "the file is empty"),
    Case("yaml-only-comments", lambda: whole("# a scenario, one day\n\n", col=1),
         "the file is empty"),
    Case("yaml-top-level-list", lambda: whole("- format: 1\n- id: korea\n", col=1),
         "expected a mapping, got a list"),
    Case("yaml-top-level-text", lambda: whole("Korea, 1951\n", col=1), "expected a mapping"),
    Case("yaml-second-document", second_document, "more than one YAML document"),
    Case("yaml-billion-laughs", bomb_in_scenario, "billion laughs"),
    Case("yaml-too-large-text", lambda: oversized(False), "the file is too large"),
    Case("yaml-too-large-bytes", lambda: oversized(True), "the file is too large"),
    Case("yaml-python-tag",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"',
                      'title: !!python/object/apply:os.system ["echo hi"]', at="!!python",
                      col=True),
         "unsupported tag '!!python/object/apply:os.system'"),
    # -- keys ------------------------------------------------------------------------------------
    Case("unknown-top-level-key",
         lambda: edit("\ntalks:\n", "\ncolour: red\ntalks:\n", col=True),
         "unknown key 'colour' at the top level"),
    Case("misspelt-calender", lambda: edit("\ncalendar:\n", "\ncalender:\n", col=True),
         "unknown key 'calender' at the top level (did you mean 'calendar'?)"),
    Case("misspelt-postrues", lambda: edit("\npostures:\n", "\npostrues:\n", col=True),
         "unknown key 'postrues' at the top level (did you mean 'postures'?)"),
    Case("misspelt-oucomes", lambda: edit("\noutcomes:\n", "\noucomes:\n", col=True),
         "unknown key 'oucomes' at the top level (did you mean 'outcomes'?)"),
    Case("misspelt-deadlock-after-in-item",
         lambda: edit("      deadlock_after: 3\n      source",
                      "      deadlock_afer: 3\n      source", col=True),
         "unknown key 'deadlock_afer' in agenda.items[0] (did you mean 'deadlock_after'?)"),
    Case("misspelt-probability-in-event",
         lambda: edit("    probability: 0.5\n", "    probabilty: 0.5\n", col=True),
         "(did you mean 'probability'?)"),
    Case("missing-calendar-turn-days",
         lambda: edit("  turn_days: 15\n", "", line_at="\ncalendar:\n"),
         "missing required key 'turn_days' in calendar"),
    Case("missing-outcome-title", missing_outcome_title,
         "missing required key 'title' in outcomes[1]"),
    Case("missing-talks-site",
         lambda: edit("talks:\n  site: Kaesong\n", "talks:\n"),
         "missing required key 'site' in talks"),
    # -- types and ranges ------------------------------------------------------------------------
    Case("turn-days-is-text",
         lambda: edit("  turn_days: 15", "  turn_days: fifteen", at="fifteen", col=True),
         "calendar.turn_days: expected an integer, got 'fifteen'"),
    Case("title-is-a-list",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"', "title: [Kaesong, Panmunjom]",
                      at="[", col=True),
         "title: expected text, got a list"),
    Case("date-month-13",
         lambda: edit("  start: 1951-07-10", "  start: 1951-13-10", at="1951", col=True),
         "invalid date '1951-13-10'"),
    Case("date-is-not-a-date",
         lambda: edit("  start: 1951-07-10", "  start: next tuesday", at="next", col=True),
         "calendar.start: expected a date (YYYY-MM-DD)"),
    Case("turn-days-out-of-range",
         lambda: edit("  turn_days: 15", "  turn_days: 200", at="200", col=True),
         "less than or equal to 92"),
    Case("negative-event-probability",
         lambda: edit("    probability: 0.5\n", "    probability: -0.5\n", at="-0.5", col=True),
         "probability must be between 0 and 1"),
    Case("negative-rule-probability",
         lambda: edit('      rationale: "Meet them on the conference."',
                      '      probability: -0.1\n      rationale: "Meet them on the conference."',
                      at="-0.1", col=True),
         "probability: expected greater than or equal to 0"),
    Case("format-2", lambda: edit("format: 1\n", "format: 2\n", at="2", col=True),
         "format: expected 1, got 2"),
    Case("initial-outside-bounds",
         initial_out_of_bounds,
         "initial value 150 is outside [0, 100]"),
    # -- duplicate ids ---------------------------------------------------------------------------
    Case("duplicate-item-id",
         lambda: edit("    - id: supervision\n", "    - id: demarcation\n", at="demarcation",
                      col=True),
         "duplicate agenda item id 'demarcation'"),
    Case("duplicate-position-id",
         lambda: edit("{id: parallel_named,", "{id: military_only,", at="military_only",
                      col=True),
         "duplicate position id 'military_only'"),
    Case("duplicate-event-id",
         lambda: edit("  - id: pow_lists\n", "  - id: strangle_reports\n", at="strangle",
                      col=True),
         "duplicate event id 'strangle_reports'"),
    Case("duplicate-posture-id",
         lambda: edit("    - id: hold\n", "    - id: dig_in\n", at="dig_in", col=True),
         "duplicate posture id 'dig_in'"),
    # -- dangling references ---------------------------------------------------------------------
    Case("item-start-unknown-position",
         lambda: edit("start: {unc: military_only, communist: withdrawal_item}",
                      "start: {unc: military_only, communist: withdrawal_itme}",
                      at="withdrawal_itme", col=True),
         "unknown position 'withdrawal_itme' (did you mean 'withdrawal_item'?)"),
    Case("approval-up-to-unknown-position",
         lambda: edit("up_to: neutral_custody", "up_to: neutral_custardy", at="neutral_",
                      col=True),
         "unknown position 'neutral_custardy' (did you mean 'neutral_custody'?)"),
    Case("rule-unknown-posture",
         lambda: edit("      posture: major_offensive\n", "      posture: major_ofensive\n",
                      at="major", col=True),
         "unknown unc posture 'major_ofensive' (did you mean 'major_offensive'?)"),
    Case("rule-posture-of-the-other-side",
         lambda: edit("      posture: hold\n", "      posture: active_defence\n",
                      at="active_defence", col=True),
         "unknown communist posture 'active_defence'"),
    Case("rule-unknown-item",
         lambda: edit('    - item: supervision\n      when: "stalled(supervision) >= 3"',
                      '    - item: supervison\n      when: "stalled(supervision) >= 3"',
                      at="supervison", col=True),
         "unknown agenda item 'supervison' (did you mean 'supervision'?)"),
    Case("rule-unknown-request-position",
         lambda: edit("      request: contact_fixed_30_days\n", "      request: contact_fixed\n",
                      at="contact_fixed", col=True),
         "unknown position 'contact_fixed' (did you mean 'contact_fixed_30_days'?)"),
    Case("rule-unknown-package",
         lambda: edit("    - package: april_package\n", "    - package: april_pkg\n",
                      at="april_pkg", col=True),
         "unknown package 'april_pkg' (did you mean 'april_package'?)"),
    Case("package-unknown-position",
         lambda: edit("terms: {supervision: airfields_allowed, prisoners: voluntary}",
                      "terms: {supervision: airfields_allowed, prisoners: volunteer}",
                      at="volunteer", col=True),
         "unknown position 'volunteer'"),
    Case("effect-unknown-variable",
         lambda: edit("      - add: {kaesong_tension: 40}", "      - add: {kaesong_tensoin: 40}",
                      at="kaesong_tensoin", col=True),
         "unknown variable 'kaesong_tensoin' (did you mean 'kaesong_tension'?)"),
    Case("concede-unknown-item",
         lambda: edit("      - set: {kaesong_tension: 5}",
                      "      - concede: {item: armistice_line, side: communist}",
                      at="armistice_line"),
         "unknown agenda item 'armistice_line'"),
    Case("outcome-agreed-unknown-item",
         lambda: edit('when: "all_agreed()"', 'when: "agreed(no_such_item)"',
                      expr="agreed(no_such_item)", point="no_such_item"),
         "unknown item 'no_such_item'"),
    Case("sector-front-unknown-variable",
         lambda: edit("front: front_east}", "front: front_eats}", at="front_eats", col=True),
         "unknown variable 'front_eats' (did you mean 'front_east'?)"),
    Case("history-agreed-unknown-item",
         lambda: edit("    recommendations: 1952-02-19", "    recomendations: 1952-02-19",
                      col=True),
         "unknown agenda item 'recomendations' (did you mean 'recommendations'?)"),
    # -- expressions -----------------------------------------------------------------------------
    Case("expr-syntax-error",
         lambda: edit(APPROVAL, 'when: "unc_support < < 20"', expr="unc_support < < 20"),
         "not a valid expression"),
    approval("expr-unknown-name", "unc_suport < 20",
             "unknown name 'unc_suport' (did you mean 'unc_support'?)", point="unc_suport"),
    Case("expr-unknown-function",
         lambda: edit(SUPERVISION_RULE, 'when: "stalle(supervision) >= 3"',
                      expr="stalle(supervision) >= 3", point="stalle("),
         "unknown function 'stalle' (did you mean 'stalled'?)"),
    approval("expr-dunder-import", "__import__('os')", "unknown function '__import__'"),
    approval("expr-attribute", "unc_support.real < 20", "attribute access"),
    approval("expr-dunder-class", "().__class__", "attribute access"),
    approval("expr-subscript", "unc_support[0] < 20", "indexing (a[b]) is not allowed"),
    approval("expr-lambda", "lambda: true", "lambda is not allowed"),
    approval("expr-comprehension", "max([x for x in (1, 2)], 0) > 1",
             "comprehensions are not allowed", point="[x for"),
    approval("expr-power", "unc_support ** 2 < 400", "the ** operator is not allowed"),
    approval("expr-string-where-a-number-is-needed", "unc_support < 'twenty'",
             "text 'twenty' is only allowed as a name", point="'twenty'"),
    approval("expr-item-used-as-a-value", "prisoners", "'prisoners' is an agenda item"),
    Case("expr-condition-where-a-number-is-needed", scoring_condition,
         "expected a number, but this is a condition"),
    approval("expr-number-where-a-condition-is-needed", "unc_support",
             "expected a condition (true or false), but this is a number"),
    Case("expr-random-in-a-behaviour-rule",
         lambda: edit('    - when: "true"\n      posture: air_interdiction',
                      '    - when: "uniform(0, 1) > 0.5"\n      posture: air_interdiction',
                      expr="uniform(0, 1) > 0.5", point="uniform"),
         "uniform() draws at random"),
    Case("expr-unc-rule-reads-hidden-variable",
         lambda: edit('    - when: "recess()"\n      posture: limited_offensive',
                      '    - when: "recess() and com_resolve > 5"\n'
                      "      posture: limited_offensive",
                      expr="recess() and com_resolve > 5", point="com_resolve"),
         "'com_resolve' is not visible to the unc side"),
    Case("expr-unc-rule-reads-communist-authority",
         lambda: edit('    - when: "agreed(demarcation)"\n      posture: active_defence',
                      '    - when: "authority(demarcation, communist) > 2"\n'
                      "      posture: active_defence",
                      expr="authority(demarcation, communist) > 2", point="authority"),
         "the unc side cannot see the other side's authority"),
    Case("expr-unc-rule-reads-communist-posture",
         lambda: edit('    - when: "recess()"\n      posture: limited_offensive',
                      '    - when: "posture(communist, dig_in)"\n      posture: limited_offensive',
                      expr="posture(communist, dig_in)", point="posture"),
         "the unc side cannot see the other side's posture"),
    Case("expr-communist-rule-reads-unc-only-event",
         lambda: edit('    - when: "recess() and com_supply >= 40"',
                      '    - when: "recess() and fired(strangle_reports)"',
                      expr="recess() and fired(strangle_reports)", point="strangle_reports"),
         "the communist side cannot see event 'strangle_reports'"),
    Case("expr-in-an-effect",
         lambda: edit('"-unc_losses / 9000 - 0.25"', '"-unc_loses / 9000 - 0.25"',
                      expr="-unc_loses / 9000 - 0.25", point="unc_loses"),
         "unknown name 'unc_loses'"),
    Case("expr-unquoted",
         lambda: edit(APPROVAL, "when: unc_suport < 20", expr="unc_suport < 20",
                      point="unc_suport"),
         "unknown name 'unc_suport'"),
    Case("expr-single-quoted",
         lambda: edit(APPROVAL, "when: 'unc_suport < 20'", expr="unc_suport < 20",
                      point="unc_suport"),
         "unknown name 'unc_suport'"),
    Case("expr-block-scalar",  # columns inside a block cannot be mapped: point at its start
         lambda: edit(APPROVAL, "when: |\n          unc_suport < 20", at="|", col=True),
         "unknown name 'unc_suport'"),
    Case("expr-folded-over-two-lines",
         lambda: edit(SUPERVISION_RULE, 'when: "stalled(supervision) >= 3 or\n'
                                        '        unc_suport < 40"', at="unc_suport", col=True),
         "unknown name 'unc_suport'"),
    approval("expr-huge-integer", "unc_support < 1" + "0" * 400, "too large",
             point="1" + "0" * 400),
    Case("expr-longer-than-2000-characters",
         lambda: edit(APPROVAL, 'when: "' + " or ".join(["unc_support < 20"] * 130) + '"',
                      at='"', col=True),
         "at most 2000 characters"),
    Case("unknown-effect",
         lambda: edit("      - set: {kaesong_tension: 5}", "      - sett: {kaesong_tension: 5}",
                      at="sett", col=True),
         "unknown effect 'sett' (did you mean 'set'?)"),
    # -- what-ifs --------------------------------------------------------------------------------
    Case("what-if-does-not-exist", unchanged_at("\nwhat_ifs:\n"), "unknown what-if 'nope'",
         what_ifs=("nope",)),
    Case("what-if-misspelt", unchanged_at("\nwhat_ifs:\n"),
         "unknown what-if 'big_psh' (did you mean 'big_push'?)", what_ifs=("big_psh",)),
    Case("what-if-disables-unknown-event",
         lambda: edit("disable_events: [kaesong_incident]", "disable_events: [kaesong_incidnet]",
                      at="kaesong_incidnet", col=True),
         "unknown event 'kaesong_incidnet'"),
    Case("what-if-sets-unknown-variable",
         lambda: edit("    disable_events: [kaesong_incident]\n",
                      "    disable_events: [kaesong_incident]\n    set: {unc_suport: 30}\n",
                      at="unc_suport", col=True),
         "unknown variable 'unc_suport'"),
    Case("what-if-rule-unknown-posture",
         lambda: edit(BIG_PUSH_RULE, BIG_PUSH_RULE.replace("major_offensive", "major_ofensive"),
                      at="major_ofensive"),
         "unknown unc posture 'major_ofensive'"),
    Case("what-if-rule-unknown-posture-when-chosen",
         lambda: edit(BIG_PUSH_RULE, BIG_PUSH_RULE.replace("major_offensive", "major_ofensive"),
                      at="major_ofensive"),
         "unknown unc posture 'major_ofensive'", what_ifs=("big_push",)),
    Case("historical-rule-error-when-a-what-if-is-chosen",
         lambda: edit("      posture: limited_offensive\n", "      posture: limited_ofensive\n",
                      at="limited_ofensive", col=True),
         "unknown unc posture 'limited_ofensive'", what_ifs=("big_push",)),
    # -- consistency -----------------------------------------------------------------------------
    Case("calendar-ends-before-it-starts",
         lambda: edit("  end: 1952-04-30", "  end: 1951-01-01", at="1951", col=True),
         "calendar.end must be after calendar.start"),
    Case("position-value-missing-a-side",
         lambda: edit("value: {unc: 4, communist: -4}}", "value: {unc: 4}}", at="{unc",
                      col=True),
         "missing the value for side 'communist'"),
    Case("item-numbered-out-of-order",
         lambda: edit("      number: 3\n", "      number: 4\n", at="4", col=True),
         "items must be numbered in order: expected 3"),
    Case("no-outcome-at-end", no_ending_at_the_end, "outcomes need one with `at_end: true`"),
    Case("event-window-outside-calendar",
         lambda: edit("window: {from: 1952-02-15, to: 1952-03-15}",
                      "window: {from: 1953-02-15, to: 1953-03-15}", at="{"),
         "the window lies outside the scenario's calendar"),
    Case("event-window-reversed",
         lambda: edit("window: {from: 1952-02-15, to: 1952-03-15}",
                      "window: {from: 1952-03-15, to: 1952-02-15}", at="{"),
         "the window ends before it begins"),
    Case("offer-without-position", offer_without_position, "an offer needs a position"),
    # -- control characters (issue 9): refused at the string, whatever field it is -------------
    Case("control-escape-sequence-in-title",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"',
                      'title: "Kaesong\\e]0;pwned\\a\\e[2J"', at='"', col=True),
         "this text contains U+001B (escape)"),
    Case("control-nul-in-title",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"', 'title: "Kaesong\\0"', at='"',
                      col=True),
         "this text contains U+0000 (NUL)"),
    Case("control-c1-csi-in-label",
         lambda: edit("    label: US support for the war\n",
                      '    label: "US support\\u009b2J"\n', at='"', col=True),
         "U+009B (control sequence introducer)"),
    Case("control-delete-in-briefing-objective",
         lambda: edit('title: "Kaesong to Panmunjom, 1951"', "title: \"Kaesong\\x7f\"",
                      at='"', col=True),
         "U+007F (delete)"),
    Case("control-carriage-return-fakes-a-line",
         lambda: edit("    label: US support for the war\n",
                      '    label: "US support\\rThe UN Command has surrendered"\n', at='"',
                      col=True),
         "U+000D (carriage return)"),
    Case("control-bidi-override-escaped",
         lambda: edit("    label: US support for the war\n",
                      '    label: "US support \\u202erof\\u202c"\n', at='"', col=True),
         "U+202E (a bidirectional control"),
    Case("control-bidi-isolate-raw-in-comment",
         lambda: edit("calendar:\n", "calendar:  # \u2066note\u2069\n", at="\u2066",
                      col=True),
         "U+2066 (a bidirectional control"),
    Case("control-escape-in-a-key",
         lambda: edit("  unc_support:\n", '  "unc_support\\e[2J":\n', at='"', col=True),
         "this text contains U+001B (escape)"),
    Case("control-escape-in-an-effect-key",
         lambda: edit('      - add: {unc_support: "-unc_losses / 9000 - 0.25"}',
                      '      - add: {"unc\\e[8m": "-unc_losses / 9000 - 0.25"}', at='"unc',
                      col=True),
         "this text contains U+001B (escape)"),
    # -- bounds: sizes and numbers that reach NumPy ------------------------------------------
    Case("calendar-of-36525-turns",
         lambda: edit("  end: 1952-04-30\n  turn_days: 15", "  end: 2051-07-10\n  turn_days: 1",
                      at="2051", col=True),
         "a scenario may have at most 1,000"),
    Case("calendar-at-the-end-of-time",
         lambda: edit("  start: 1951-07-10\n  end: 1952-04-30\n",
                      "  start: 9999-07-10\n  end: 9999-12-30\n", at="9999-12", col=True),
         "calendar dates must lie before the year 9000"),
    Case("number-infinite-initial",
         lambda: edit("    initial: 43\n", "    initial: .inf\n", at=".inf", col=True),
         ".inf is infinite"),
    Case("number-nan-initial",
         lambda: edit("    initial: 43\n", "    initial: .nan\n", at=".nan", col=True),
         ".nan is not a number"),
    Case("number-too-large",
         lambda: edit("    initial: 43\n", "    initial: 1.0e+300\n", at="1.0e", col=True),
         "is too large"),
    Case("number-huge-integer",
         lambda: edit("    initial: 43\n", "    initial: " + "9" * 90 + "\n", at="999",
                      col=True),
         "is too large"),
    Case("variable-max-below-min",
         lambda: edit("    initial: 43\n    unit:", "    initial: 43\n    max: -5\n    unit:",
                      at="-5", col=True),
         "max (-5) must not be below min (0)"),
    Case("what-if-sets-a-variable-out-of-bounds",
         lambda: edit("    replace_rules:\n      unc:\n        - when: \"not agreed(demarcation) "
                      "and stalled(demarcation) >= 1\"",
                      "    set: {unc_support: 1000}\n    replace_rules:\n      unc:\n"
                      "        - when: \"not agreed(demarcation) and stalled(demarcation) >= 1\"",
                      at="1000", col=True),
         "unc_support = 1000 is outside its bounds [0, 100]"),
    Case("too-many-positions",
         lambda: edit('        - {id: military_only, label: "Military questions only", '
                      'value: {unc: 4, communist: -4}}\n',
                      "".join(f"        - {{id: p{k}, label: P, value: {{unc: 0, communist: 0}}}}\n"
                              for k in range(51)), at="- {id: p0", col=True),
         "at most 50"),
    Case("expression-constant-overflows",
         lambda: edit('    when: "all_agreed()"',
                      '    when: "all_agreed() or ' + " * ".join(["1e12"] * 26) + ' > 5"',
                      expr=" * ".join(["1e12"] * 26) + " > 5",
                      point="* 1e12 > 5"),
         "arithmetic overflow"),
    Case("expression-constant-too-large",
         lambda: edit('    when: "all_agreed()"', '    when: "all_agreed() or 1e308 * 2 > 5"',
                      expr="1e308 * 2 > 5", point="1e308"),
         "number is too large"),
    Case("duplicate-agenda-item-id",
         lambda: edit("    - id: demarcation\n", "    - id: agenda\n", at="agenda", col=True),
         "duplicate agenda item id 'agenda'"),
]

ALTERNATIVE_LINES: dict[str, Callable[[Broken], set[int]]] = {}


# -- checking ----------------------------------------------------------------------------------


def diagnostics_of(text: str | bytes, what_ifs: Sequence[str] = ()) -> list[Diagnostic]:
    """Load `text`, insisting on a ScenarioError with well-formed diagnostics."""
    try:
        load_scenario_text(text, FILE, what_ifs)
    except ScenarioError as exc:
        diagnostics = exc.diagnostics
    except Exception as exc:  # anything else is a traceback an author would see
        pytest.fail(f"{type(exc).__name__} escaped instead of a ScenarioError: {exc}")
    else:
        pytest.fail("the broken scenario loaded without any diagnostic")
    assert diagnostics, "a ScenarioError must carry at least one diagnostic"
    lines = (text if isinstance(text, str) else text.decode("utf-8", "replace")).count("\n") + 2
    for d in diagnostics:
        assert RENDERED.fullmatch(str(d)), f"badly rendered diagnostic: {str(d)!r}"
        assert str(d).startswith(f"{FILE}:{d.line}:{d.col}: ")
        assert d.file == FILE
        assert 1 <= d.line <= lines and d.col >= 1, str(d)
    return diagnostics


def show(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(f"  {d}" for d in diagnostics)


def check(diagnostics: list[Diagnostic], fragment: str, broken: Broken,
          lines: set[int] | None = None) -> None:
    hits = [d for d in diagnostics if fragment in d.message]
    assert hits, f"no diagnostic mentions {fragment!r}; got:\n{show(diagnostics)}"
    if broken.line is None:
        return
    wanted = lines or {broken.line}

    def on_line(d: Diagnostic) -> bool:
        if d.line in wanted:
            return True
        return broken.line_in_message and any(
            re.search(rf"\bline {n}\b", d.message) for n in wanted)

    placed = [d for d in hits if on_line(d)]
    assert placed, (f"{fragment!r} is reported, but not at line {broken.line}; got:\n"
                    f"{show(diagnostics)}")
    if broken.cols is not None:
        assert any(d.col in broken.cols for d in placed if d.line == broken.line), (
            f"{fragment!r} is reported at line {broken.line} but not at column(s) "
            f"{broken.cols.start}-{broken.cols.stop - 1}; got:\n{show(diagnostics)}")


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_unbroken_scenario_loads() -> None:
    assert load_scenario_text(scenario_text(), FILE).id


def what_if_ids() -> list[str]:
    return re.findall(r"^  - id: (\w+)", scenario_text().split("\nwhat_ifs:\n", 1)[-1], re.M)


@pytest.mark.parametrize("what_if", what_if_ids())
def test_the_unbroken_scenario_loads_with_each_what_if(what_if: str) -> None:
    """A what-if is part of the scenario: choosing one must not break a file that loads."""
    try:
        scenario = load_scenario_text(scenario_text(), FILE, [what_if])
    except ScenarioError as exc:
        pytest.fail(f"the scenario does not load with what-if {what_if!r}:\n{exc}")
    assert scenario.what_ifs == (what_if,)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_broken_scenario_is_reported(case: Case) -> None:
    broken = case.build()
    diagnostics = diagnostics_of(broken.text, case.what_ifs)
    extra = ALTERNATIVE_LINES.get(case.id)
    check(diagnostics, case.fragment, broken, extra(broken) if extra else None)


def apply_all(edits: list[tuple[str, str, str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Apply single-line (old, new, mark, _) edits in turn; return the text and each mark's
    (line, column). The edits keep the line count, so earlier places stay valid."""
    text = scenario_text()
    places = []
    for old, new, mark, _ in edits:
        assert old.count("\n") == new.count("\n")
        text, start = replace(old, new, text)
        places.append(where(text, start + new.index(mark)))
    return text, places


def test_three_independent_breaks_are_all_reported() -> None:
    edits = [
        ("      posture: major_offensive\n", "      posture: major_ofensive\n", "major_ofensive",
         "unknown unc posture 'major_ofensive'"),
        (APPROVAL, 'when: "unc_suport < 20"', "unc_suport", "unknown name 'unc_suport'"),
        ("  - id: pow_lists\n", "  - id: strangle_reports\n", "strangle_reports",
         "duplicate event id 'strangle_reports'"),
    ]
    text, places = apply_all(edits)
    diagnostics = diagnostics_of(text)
    for (line, col), (_, _, _, fragment) in zip(places, edits, strict=True):
        check(diagnostics, fragment, Broken(text, line, range(col, col + 1)))
    assert diagnostics == sorted(diagnostics, key=lambda d: (d.line, d.col))


def test_three_shape_errors_are_all_reported() -> None:
    edits = [
        ("  turn_days: 15", "  turn_days: fifteen", "fifteen", "expected an integer"),
        ("      deadlock_after: 3\n      source", "      deadlock_afer: 3\n      source",
         "deadlock_afer", "(did you mean 'deadlock_after'?)"),
        ("    probability: 0.5\n", "    probabilty: 0.5\n", "probabilty",
         "(did you mean 'probability'?)"),
    ]
    text, places = apply_all(edits)
    diagnostics = diagnostics_of(text)
    for (line, col), (_, _, _, fragment) in zip(places, edits, strict=True):
        check(diagnostics, fragment, Broken(text, line, range(col, col + 1)))


def test_a_python_tag_never_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> int:
        raise AssertionError("os.system was called while loading a scenario")

    monkeypatch.setattr(os, "system", refuse)
    text, _ = replace('title: "Kaesong to Panmunjom, 1951"',
                      'title: !!python/object/apply:os.system ["echo hi"]')
    diagnostics = diagnostics_of(text)
    assert any("unsupported tag" in d.message for d in diagnostics), show(diagnostics)


def test_an_oversized_file_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(scenario_text().encode() + b"#" + b"x" * MAX_BYTES)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.line, diagnostic.col) == (1, 1)
    assert "too large" in diagnostic.message


def test_a_duplicate_item_id_is_reported_once_at_the_duplicate() -> None:
    """The original item is not blamed: its ladder is its own, not the duplicate's."""
    text, start = replace("    - id: demarcation\n", "    - id: agenda\n")
    line = where(text, start)[0]
    diagnostics = diagnostics_of(text)
    first = diagnostics[0]
    assert (first.line, first.col) == (line, 11) and "duplicate agenda item id" in first.message
    assert sum("duplicate" in d.message for d in diagnostics) == 1, show(diagnostics)
