"""Terminal hot-seat: the hand-over is a clean break. Split a scripted game's output at the
hand-over lines; each team's stretch shows its own briefing, objectives, private news and
estimates and nothing of the other team's, and what one team may read does not change when the
other plays differently in private."""

import io
import re

import pytest

from game.session.session import PlayerSpec, Session
from game.text import play, render
from game.text.play import TextGame
from game.vocab import SIDES

MARK = " Hand over "
SECRET = ("UN-PLAN-ZEBRA", "KPA-PLAN-ORCHID")
TURNS = 6


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _script(variant: int) -> list[str]:
    """Hand-over Enter and orders for each team, turn after turn, then the end of input.
    Variant 1 has the UNC team do everything it can do privately in a different way."""
    lines: list[str] = []
    for turn in range(TURNS):
        lines.append("")  # Enter at the hand-over to the UNC team
        if variant == 0:
            lines += [f"why {SECRET[0]} {turn}", "show", "end"]
        else:
            lines += ["help", "status", "show", "postures", "ladder 1", "bogus verb",
                      "concede 99", "offer 1 nowhere", f"why {SECRET[0]} other {turn}",
                      "why", "show", "end"]
        lines.append("")  # Enter at the hand-over to the communist team
        lines += [f"why {SECRET[1]} {turn}", "show", "end"]
    return lines


def _play(sc, variant: int, monkeypatch):
    session = Session(sc, "1951", 21, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False)
    situations: list[list[str]] = [[], []]
    real = render.situation

    def recording(sc_, view):
        text = real(sc_, view)
        situations[view.side].extend(line.strip() for line in text.splitlines())
        return text

    monkeypatch.setattr(play.render, "situation", recording)
    lines = iter(_script(variant))
    out = io.StringIO()
    TextGame(session, out, lambda: next(lines, None)).run()
    return session, out.getvalue(), situations


def _segments(sc, text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text before the first hand-over, then (side, text) for each hand-over."""
    names = [sc.model.sides[s].name for s in SIDES]
    parts = text.split(MARK)
    out = []
    for part in parts[1:]:
        side = next(s for s, name in enumerate(names) if f"Next: {name}." in part)
        out.append((side, part))
    return parts[0], out


def _private(sc, session, situations, side: int) -> list[str]:
    """Strings that belong to `side` alone: its briefing, objectives, private news, the lines
    of its situation (figures and estimates) the other side never has, its rationale."""
    info = sc.model.sides[SIDES[side]]
    other = 1 - side
    theirs = {e.text for e in session.news(other)}
    news = [e.text for e in session.news(side)
            if e.visibility == SIDES[side] and e.text not in theirs]
    lines = [line for line in set(situations[side]) - set(situations[other]) if line]
    return [_flat(info.briefing.strip())[:80], *info.objectives, *news, *lines,
            SECRET[side]]


@pytest.mark.parametrize("variant", [0, 1])
def test_each_team_reads_only_its_own_side(sc1951, monkeypatch, variant):
    session, text, situations = _play(sc1951, variant, monkeypatch)
    before, segments = _segments(sc1951, text)
    assert len(segments) == 2 * TURNS + 1  # the last: a hand-over the input ends at
    private = [_private(sc1951, session, situations, s) for s in (0, 1)]
    assert all(private), "the probes found nothing to look for"
    assert any(e.visibility in SIDES for e in session.log.entries)  # private news was made
    for side in (0, 1):  # before the first hand-over: nobody's secrets
        for probe in private[side]:
            assert _flat(probe) not in _flat(before), (side, probe)
    briefed = [0, 0]
    for side, segment in segments:
        flat = _flat(segment)
        for probe in private[1 - side]:
            assert _flat(probe) not in flat, (SIDES[side], probe)
        briefed[side] += _flat(sc1951.model.sides[SIDES[side]].briefing.strip())[:80] in flat
    assert briefed == [1, 1]  # each team is briefed once, in its own first stretch
    for side in (0, 1):  # the probes are real: each team does read its own (but the news of
        own = " ".join(_flat(text) for s, text in segments if s == side)  # the last turn)
        last = {e.text for e in session.news(side) if e.turn == session.turn - 1}
        assert [p for p in private[side][:-1] if _flat(p) not in own and p not in last] == []


def test_what_the_other_team_sees_does_not_depend_on_private_play(sc1951, monkeypatch):
    plain = _segments(sc1951, _play(sc1951, 0, monkeypatch)[1])
    busy = _segments(sc1951, _play(sc1951, 1, monkeypatch)[1])
    assert plain[0] == busy[0]
    seen_plain = [text for side, text in plain[1] if side == 1]
    seen_busy = [text for side, text in busy[1] if side == 1]
    assert seen_plain == seen_busy
    # and the UNC team's own stretches did differ (the variant is not a no-op)
    assert [t for s, t in plain[1] if s == 0] != [t for s, t in busy[1] if s == 0]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_is_cleared_with_its_scrollback_at_each_hand_over(sc1951):
    session = Session(sc1951, "1951", 21, (PlayerSpec("human"), PlayerSpec("human")),
                      autosave=False)
    lines = iter(["", "end", "", "end", "", "quit"])
    out = _Tty()
    TextGame(session, out, lambda: next(lines, None)).run()
    text = out.getvalue()
    clear = "\033[2J\033[3J\033[H"
    before_first = text.split(MARK)[0]
    assert "Briefing" not in before_first
    # each hand-over: cleared before its line and again after Enter, before the next team's
    assert text.count(clear) == 2 * text.count(MARK)
    for part in text.split(MARK)[1:]:
        assert clear in part.split(" Turn ")[0]  # cleared before the next team's own text
