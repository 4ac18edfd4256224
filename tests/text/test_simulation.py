"""The terminal's progress bar and summaries for `armistice simulate`."""

import io
import shlex

from game.session.simulate import simulate
from game.text.simulation import ProgressBar, clock_time, open_hint, print_summary


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _frames(text: str) -> list[str]:
    return [f.rstrip() for f in text.split("\r") if f.strip()]


def test_progress_bar_redraws_at_most_ten_times_a_second_and_ends_cleanly():
    clock, out = FakeClock(), io.StringIO()
    bar = ProgressBar(1_000_000, out, clock=clock)
    bar.update(0)
    for k in range(1, 17):  # sixteen chunks, 1/16 s apart: only every second is drawn
        clock.now += 0.0625
        bar.update(k * 10_000)
    frames = _frames(out.getvalue())
    assert len(frames) == 9  # the first, then one per 0.1 s at most
    assert frames[0].startswith("[>") and "0/1,000,000 games" in frames[0]
    last = frames[-1]
    assert "160,000/1,000,000 games" in last
    assert "160,000 games/s" in last  # 160,000 games in 1 s
    assert "ETA 0:05" in last  # 840,000 more at that rate: 5.25 s
    assert last.startswith("[" + "=" * 3 + ">")  # 16% of 24 cells
    clock.now += 5.25
    bar.update(1_000_000)  # the last update is always drawn
    bar.close()
    text = out.getvalue()
    assert text.endswith("\n") and "\n" not in text[:-1]  # redrawn in place, one line
    final = text.rsplit("\r", 1)[1]
    assert final.startswith("1,000,000 games in 6.2 s (160,000 games/s)")
    assert len(final.rstrip("\n")) >= len(frames[-1])  # the old bar is blanked out


def test_clock_time():
    assert [clock_time(s) for s in (0, 6.4, 61, 3723)] == ["0:00", "0:06", "1:01", "1:02:03"]


def test_open_hint_is_a_command_that_names_the_run():
    hint = open_hint("1951", 10_000, 3, ("random", "historical"), ["big_push"], 17)
    assert shlex.split(hint) == ["armistice", "simulate", "1951", "--runs", "10000", "--seed",
                                 "3", "--unc", "random", "--what-if", "big_push", "--game",
                                 "17", "--save", "game-17.json"]
    assert "--unc" not in open_hint("my file.yaml", 5, 1, ("historical",) * 2, [], 0)
    assert "'my file.yaml'" in open_hint("my file.yaml", 5, 1, ("historical",) * 2, [], 0)


def test_summary_names_outcomes_items_and_notable_games(sc1951):
    data = simulate(sc1951, 300, 2, unc="random").to_json()
    data["scenario"], data["what_ifs"] = sc1951.id, []
    out = io.StringIO()
    print_summary(data, out, workers=2)
    text = out.getvalue()
    assert "300 games of korea_1951" in text and "on 2 processes" in text
    for oid, count in data["outcomes"].items():
        assert f"{oid} {count:,} (" in text
    assert "demarcation" in text and "27 Nov 1951" in text  # the record beside the games
    assert "Notable games:" in text
    for g in data["notable"]:
        assert f"{g['game']:>8}  {g['what']}" in text
