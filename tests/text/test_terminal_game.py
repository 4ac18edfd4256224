"""A whole terminal game played by piped input, as `armistice text 1951 < moves.txt`."""

import os
import subprocess
import sys

import pytest


def _run(args, stdin="", tmp_path=None, env_extra=None):
    env = dict(os.environ)
    if tmp_path is not None:
        env["ARMISTICE_DATA_DIR"] = str(tmp_path)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True,
                          capture_output=True, timeout=120, env=env)


MOVES = """\
help
posture combined_pressure
why Press them while they talk.
concede 1
end
accept agenda
offer demarcation contact_at_signing
request demarcation contact_fixed_30_days
posture nonsense
concede 3
end
""" + "end\n" * 40


def test_piped_game_reaches_its_ending(tmp_path):
    done = _run(["text", "1951", "--seed", "5"], MOVES, tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert "Briefing — United Nations Command" in out
    assert "posture: combined_pressure" in out
    assert "unknown posture 'nonsense'" in out
    assert "=== The end ===" in out.replace("=", "=")  # the ending banner
    assert "Scores: UNC " in out
    assert "history: 26 Jul 1951" in out


def test_communist_side_never_sees_hidden_un_things(tmp_path):
    done = _run(["text", "1951", "--side", "communist", "--seed", "2"], "end\n" * 40, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Briefing — Korean People's Army" in done.stdout
    assert "Briefing — United Nations Command" not in done.stdout
    assert "Value Moscow sees in a long war" in done.stdout  # its own secret
    unc = _run(["text", "1951", "--side", "unc", "--seed", "2"], "end\n" * 40, tmp_path)
    assert "Value Moscow sees in a long war" not in unc.stdout
    assert "Communist resolve" not in unc.stdout


def test_input_ending_early_stops_cleanly(tmp_path):
    done = _run(["text", "1951", "--seed", "5"], "end\nend\n", tmp_path)
    assert done.returncode == 0
    assert "Stopped." in done.stdout


@pytest.mark.parametrize("args, message", [
    (["text", "no_such_scenario"], "no scenario named 'no_such_scenario'"),
    (["text", "1951", "--side", "martians"], "invalid choice"),
    (["simulate", "1951", "--runs", "zero"], "is not a whole number"),
    (["replay", "/no/such/save.json"], "no such file"),
    (["text", "1951", "--what-if", "aliens"], "unknown what-if 'aliens'"),
])
def test_bad_input_gets_a_message_not_a_traceback(tmp_path, args, message):
    done = _run(args, "", tmp_path)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_hot_seat_game_hands_over_between_teams(tmp_path):
    # each turn: Enter at the hand-over, then 'end', for each team
    done = _run(["text", "1951", "--opponent", "human", "--seed", "9"], "\nend\n" * 80,
                tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Hand over") >= 2 * 20
    assert "Scores: UNC " in done.stdout
