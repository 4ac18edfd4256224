"""Lints: each warning `armistice validate` can give, shown by a small scenario that triggers it,
at the line and column of the offending key or value."""

from __future__ import annotations

import pytest

from game import cli
from game.scenario.bundled import resolve
from game.scenario.lint import lint_file

BASE = """\
format: 1
id: tiny
title: Tiny
summary: A scenario small enough to read at a glance.
calendar: {start: 1951-07-10, end: 1951-12-31, turn_days: 15}
sides:
  unc: {name: United Nations Command, short: UNC, briefing: Talk.}
  communist: {name: Communist side, short: KPA/CPV, briefing: Talk.}
variables:
  front: {label: Front, initial: 0, min: -100, max: 100, owner: public}
  unc_casualties: {label: a, initial: 0, max: 1000000, owner: unc}
  com_casualties: {label: b, initial: 0, max: 1000000, owner: communist}
  unc_losses: {label: c, initial: 0, max: 100000, owner: unc}
  com_losses: {label: d, initial: 0, max: 100000, owner: communist}
  unc_fortification: {label: e, initial: 20, owner: unc}
  com_fortification: {label: f, initial: 20, owner: communist}
  unc_supply: {label: g, initial: 90, owner: unc}
  com_supply: {label: h, initial: 60, owner: communist}
  unc_pressure: {label: i, initial: 0, owner: unc}
  com_pressure: {label: j, initial: 0, owner: communist}
  mood: {label: Mood, initial: {uniform: [10, 20]}, owner: public}
agenda:
  items:
    - id: line
      number: 1
      title: The line
      status: open
      positions:
        - {id: contact, label: Line of contact, value: {unc: 2, communist: -2}}
        - {id: parallel, label: 38th parallel, value: {unc: -2, communist: 2}}
      start: {unc: contact, communist: parallel}
      authority: {unc: contact, communist: parallel}
talks: {site: Kaesong}
authorities:
  unc: {name: Washington}
  communist: {name: Beijing}
fighting:
  sectors: [{id: all, label: The front, weight: 1, front: front}]
  unc: {firepower: 1, base_losses: 100, attack_losses: 100, defence_losses: 100, fortify_rate: 1}
  communist: {firepower: 1, base_losses: 100, attack_losses: 100, defence_losses: 100,
              fortify_rate: 1}
  fortification_halving: 40
  ground_per_turn: 5
  pressure_decay: 0.5
  interdiction_supply: 10
  supply_recovery: 10
postures:
  unc: [{id: hold, label: Hold, tooltip: Hold., attack: 0.1}]
  communist: [{id: hold, label: Hold, tooltip: Hold., attack: 0.1}]
outcomes:
  - {id: stalemate, title: Stalemate, when: "mood >= 0", at_end: true, epilogue: The talks go on.}
scoring: {unc: "settlement", communist: "settlement"}
"""


def lint(tmp_path, text, simulate=True):
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    _, warnings = lint_file(path, simulate=simulate)
    return path, warnings


def at(text: str, snippet: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of `offset` characters into the first `snippet` of `text`."""
    assert snippet in text, snippet
    index = text.index(snippet) + offset
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def with_events(*lines: str) -> str:
    return BASE + "events:\n" + "".join(f"  - {line}\n" for line in lines)


def only(warnings, needle: str):
    hits = [w for w in warnings if needle in w.message]
    assert len(hits) == 1, [str(w) for w in warnings]
    return hits[0]


def test_the_base_scenario_and_the_bundled_ones_are_lint_clean(tmp_path):
    assert lint(tmp_path, BASE)[1] == []
    for name in ("1951", "1952"):
        _, warnings = lint_file(resolve(name))
        assert warnings == [], "\n".join(map(str, warnings))


def test_warnings_are_printed_like_errors(tmp_path):
    text = with_events('{id: never, title: Never, text: News., when: "false"}')
    path, warnings = lint(tmp_path, text)
    line, col = at(text, '"false"', 1)
    assert [str(w) for w in warnings] == [
        f"{path}:{line}:{col}: warning: event 'never' can never happen: it is the constant false"]


# -- never_happens --------------------------------------------------------------------------------

NEVER_HAPPENS = [
    # (event, the text the warning points into, offset in it, what the message says)
    ('{id: ev, title: T, text: N., when: "day > 400"}', '"day > 400"', 1,
     "`day > 400` can never hold (day is at most 165: the last turn begins on 1951-12-22)"),
    ('{id: ev, title: T, text: N., when: "front > 5 and unc_supply > 150"}',
     "unc_supply > 150", 0,
     "`unc_supply > 150` can never hold (unc_supply stays within its bounds, 0 to 100)"),
    ('{id: ev, title: T, text: N., when: "mood < 5"}', '"mood < 5"', 1,
     "`mood < 5` can never hold (mood starts between 10 and 20 and nothing changes it)"),
    ('{id: ev, title: T, text: N., when: "fired(ev)"}', "fired(ev)", 0,
     "event 'ev' happens at most once (it does not repeat)"),
    ('{id: ev, title: T, text: N., when: "times_fired(ev) >= 1"}', "times_fired(ev) >= 1", 0,
     "`times_fired(ev) >= 1` can never hold"),
    ('{id: ev, title: T, text: N., window: {from: 1951-07-12, to: 1951-07-20}}',
     "{from: 1951-07-12", 0,
     "no turn begins inside its window (turns begin every 15 days from 1951-07-10; the "
     "nearest begin on 1951-07-10 and 1951-07-25)"),
    ('{id: ev, title: T, text: N., probability: 0}', "probability: 0}", 13,
     "its probability is 0"),
    ('{id: ev, title: T, text: N., when: "turn > 3", probability: "min(front, 0) / 100"}',
     '"min(front', 0, "its probability is never above 0"),
    ('{id: ev, title: T, text: N., when: "agreed(line)"}', "agreed(line)", 0,
     "item 'line' can never be agreed (the furthest the UN Command may go is 'contact' and "
     "the furthest the Communist side may go is 'parallel')"),
]


@pytest.mark.parametrize(("event", "snippet", "offset", "why"), NEVER_HAPPENS)
def test_an_event_that_can_never_happen(tmp_path, event, snippet, offset, why):
    text = with_events(event)
    _, warnings = lint(tmp_path, text, simulate=False)
    w = only(warnings, "event 'ev' can never happen")
    assert why in w.message
    assert (w.line, w.col) == at(text, snippet, offset)
    assert w.severity == "warning"


def test_an_event_that_needs_an_impossible_one_can_never_happen_either(tmp_path):
    text = with_events('{id: first, title: T, text: N., when: "front > 100"}',
                       '{id: second, title: T, text: N., when: "turn > 2 and fired(first)"}')
    _, warnings = lint(tmp_path, text, simulate=False)
    w = only(warnings, "event 'second'")
    assert w.message.endswith("event 'first' can never happen")
    assert (w.line, w.col) == at(text, "fired(first)")


def test_an_event_no_simulated_game_saw(tmp_path):
    text = with_events("{id: rare, title: T, text: N., probability: 0.000000001}")
    _, warnings = lint(tmp_path, text)
    w = only(warnings, "event 'rare'")
    assert "happened in none of 1,000 simulated games (historical, heuristic and random " \
           "policies); it may be possible but rare" in w.message
    assert (w.line, w.col) == at(text, "id: rare", 4)
    assert lint(tmp_path, text, simulate=False)[1] == []


def test_lint_ignore_marks_what_is_deliberate(tmp_path):
    injected = ('{id: injected, title: T, text: N., when: "false", '
                'lint: {ignore: [never_happens]}}')
    rare = "{id: rare, title: T, text: N., probability: 0.000000001, lint: {ignore: [rare]}}"
    assert lint(tmp_path, with_events(injected, rare))[1] == []
    # `rare` silences only the simulation: an impossible event is still reported
    impossible = '{id: broken, title: T, text: N., when: "false", lint: {ignore: [rare]}}'
    only(lint(tmp_path, with_events(impossible))[1], "event 'broken' can never happen")


def test_the_simulation_is_deterministic(tmp_path):
    text = with_events("{id: rare, title: T, text: N., probability: 0.001}",
                       "{id: rarer, title: T, text: N., probability: 0.0001}")
    first = lint(tmp_path, text)[1]
    assert first == lint(tmp_path, text)[1]


# -- never_reached --------------------------------------------------------------------------------

def with_outcomes(*lines: str) -> str:
    head, _, _ = BASE.partition("outcomes:\n")
    return (head + "outcomes:\n" + "".join(f"  - {line}\n" for line in lines)
            + 'scoring: {unc: "settlement", communist: "settlement"}\n')


STALEMATE = ('{id: stalemate, title: S, when: "mood >= 0", at_end: true, epilogue: E.}')


def test_an_outcome_whose_condition_can_never_hold(tmp_path):
    text = with_outcomes('{id: rout, title: R, when: "turn > 2 and front > 100", epilogue: E.}',
                         STALEMATE)
    w = only(lint(tmp_path, text, simulate=False)[1], "outcome 'rout'")
    assert w.message == ("outcome 'rout' can never be reached: `front > 100` can never hold "
                         "(front stays within its bounds, -100 to 100)")
    assert (w.line, w.col) == at(text, "front > 100")


def test_an_outcome_that_one_above_always_takes_first(tmp_path):
    text = with_outcomes(STALEMATE, '{id: early, title: E, when: "turn >= 0", epilogue: E.}',
                         '{id: late, title: L, when: "front > 5", epilogue: E.}')
    warnings = lint(tmp_path, text, simulate=False)[1]
    w = only(warnings, "outcome 'late'")
    assert w.message == ("outcome 'late' can never be reached: outcome 'early' above it always "
                         "holds first")
    assert (w.line, w.col) == at(text, '"front > 5"')
    w = only(warnings, "outcome 'stalemate'")
    assert w.message.endswith("outcome 'early' ends every game on its first turn")


def test_an_outcome_no_simulated_game_reached(tmp_path):
    text = with_outcomes('{id: collapse, title: C, when: "recess_turns() >= 11", epilogue: E.}',
                         STALEMATE)
    w = only(lint(tmp_path, text)[1], "outcome 'collapse'")
    assert "was reached in none of 1,000 simulated games" in w.message
    assert (w.line, w.col) == at(text, '"recess_turns()')


# -- unreachable ----------------------------------------------------------------------------------

LADDER = BASE.replace(
    """        - {id: parallel, label: 38th parallel, value: {unc: -2, communist: 2}}
      start: {unc: contact, communist: parallel}""",
    """        - {id: north, label: North, value: {unc: 1, communist: -1}}
        - {id: middle, label: Between, value: {unc: 0, communist: 0}}
        - {id: south, label: South, value: {unc: -1, communist: 1}}
        - {id: parallel, label: 38th parallel, value: {unc: -2, communist: 2}}
      start: {unc: contact, communist: parallel}""").replace(
    """  unc: {name: Washington}
  communist: {name: Beijing}""",
    """  unc:
    name: Washington
    approvals:
      - {item: line, when: "true", up_to: north}
      - {item: line, when: "turn > 99", up_to: middle}
  communist:
    name: Beijing
    approvals:
      - {item: line, when: "front < -95", up_to: south}""")


def test_a_position_beyond_both_sides_authority(tmp_path):
    warnings = lint(tmp_path, LADDER)[1]
    w = only(warnings, "position 'middle'")
    assert w.message == ("position 'middle' of item 'line' can never be reached: it lies beyond "
                         "the furthest the UN Command may ever go ('north') and the furthest the "
                         "Communist side may ever go ('south'), counting every approval and grant")
    assert (w.line, w.col) == at(LADDER, "{id: middle")
    # 'south' is within the Communist side's reach, but no simulated game went there
    w = only(warnings, "position 'south'")
    assert "was held or agreed in none of 1,000 simulated games" in w.message
    assert (w.line, w.col) == at(LADDER, "{id: south")


def test_a_grant_makes_a_position_reachable(tmp_path):
    text = LADDER + ('events:\n  - {id: leave, title: T, text: N., when: "turn >= 2", '
                     'effects: [{grant: {item: line, side: unc, up_to: middle}}]}\n')
    assert not [w for w in lint(tmp_path, text, simulate=False)[1] if "'middle'" in w.message]


def test_an_item_that_can_never_come_up(tmp_path):
    text = BASE.replace("      status: open\n", '      opens_when: "front > 200"\n')
    w = only(lint(tmp_path, text, simulate=False)[1], "agenda item 'line'")
    assert w.message == ("agenda item 'line' can never come up for discussion: `front > 200` can "
                         "never hold (front stays within its bounds, -100 to 100)")
    assert (w.line, w.col) == at(text, "front > 200")


# -- unread ---------------------------------------------------------------------------------------

def test_variables_nothing_reads(tmp_path):
    text = BASE.replace("  mood: {label: Mood, initial: {uniform: [10, 20]}, owner: public}\n", """\
  mood: {label: Mood, initial: {uniform: [10, 20]}, owner: public}
  feeder: {label: Feeder, initial: 1, owner: public}
  sink: {label: Sink, initial: 0, owner: public}
  used: {label: Used, initial: 0, owner: public}
  flavour: {label: Flavour, initial: 3, owner: public, lint: {ignore: [unread]}}
""").replace("outcomes:\n", """\
politics:
  - {id: drift, effects: [{add: {sink: "feeder * 2", used: "unc_supply / 10"}}]}
outcomes:
""").replace('scoring: {unc: "settlement",', 'scoring: {unc: "settlement + used",')
    warnings = lint(tmp_path, text, simulate=False)[1]
    assert [w.message for w in warnings] == [
        "variable 'feeder' only feeds 'sink', which nothing reads",
        "variable 'sink' is never read: no condition, effect value, scoring rule, the fighting "
        "or the debrief uses it"]
    assert [(w.line, w.col) for w in warnings] == [at(text, "  feeder:", 2),
                                                   at(text, "  sink:", 2)]


# -- unsourced ------------------------------------------------------------------------------------

def test_history_without_a_source(tmp_path):
    text = BASE.replace("      status: open\n", """\
      status: open
      description: "Agreed in principle on 26 July 1951."
""").replace("epilogue: The talks go on.}", 'epilogue: The talks go on., history_note: "So it '
             'was."}') + "history:\n  agreed: {line: 1951-11-27}\n"
    warnings = lint(tmp_path, text, simulate=False)[1]
    assert [(w.line, w.col, w.message) for w in warnings] == [
        (*at(text, "26 July"), "this description states a date ('26 July') but has no `source` "
                               "beside it"),
        (*at(text, "history_note"), "the history note of outcome 'stalemate' has no `source`"),
        (*at(text, "  agreed:", 2), "history.agreed gives the record's dates but history has no "
                                    "`source`")]


def test_an_item_agreed_before_the_start_needs_a_source(tmp_path):
    text = BASE.replace("      status: open\n", "      status: agreed\n      agreed_at: contact\n")
    w = only(lint(tmp_path, text, simulate=False)[1], "item 'line'")
    assert w.message == ("item 'line' is agreed before the scenario starts, a historical fact, "
                         "but has no `source`")
    assert (w.line, w.col) == at(text, "agreed\n      agreed_at")


# -- the command ----------------------------------------------------------------------------------

def test_validate_warns_and_exits_0_but_1_under_strict(tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(with_events('{id: never, title: T, text: N., when: "false"}'))
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert f"{path}: valid, 1 warning" in out
    assert f"{path}:" in err and ": warning: event 'never' can never happen" in err
    assert cli.main(["validate", "--strict", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "invalid under --strict, 1 warning" in err
    assert cli.main(["validate", "--strict", "1951", "1952"]) == 0
    out, _ = capsys.readouterr()
    assert out.count(": valid, 0 warnings") == 2
