"""An unfinished game's save (an autosave of a hot-seat game in progress) is not a way to read
the other side's secrets: `replay` and `report` show the public record unless one side's or
everything is asked for, ask for the instructor's PIN where the game has one, and say what they
hold back. A finished game shows everything, as it always did."""

import html
import io

import pytest

from game.cli import main
from game.session import savefile
from game.session.pin import check_pin, hash_pin
from game.session.session import PlayerSpec, Session
from game.vocab import SIDES

AI = PlayerSpec("ai", "historical")
PIN = "teach-1951"


def _game(sc, folder, name, turns, pin=None):
    session = Session(sc, "1951", 21, (AI, PlayerSpec("ai", "heuristic")), autosave=False,
                      instructor_pin=hash_pin(pin) if pin else None)
    while not session.over and (turns is None or session.turn < turns):
        session.advance()
    path = folder / f"{name}.json"
    session.save(path)
    return session, path


def _secrets(session, side: str) -> list[str]:
    """What `side` alone knows: its private news and the reasons given with its orders."""
    news = [e.text for e in session.news(None) if e.visibility == side]
    reasons = [t.orders[side].get("rationale", "") for t in session.turns]
    return [s for s in news + reasons if s]


@pytest.fixture(scope="module")
def games(sc1951, tmp_path_factory):
    folder = tmp_path_factory.mktemp("disclosure")
    out = {"open": _game(sc1951, folder, "open", 4), "pin": _game(sc1951, folder, "pin", 4, PIN),
           "done": _game(sc1951, folder, "done", None, PIN)}
    for session, _ in out.values():
        for side in SIDES:
            assert _secrets(session, side), "nothing private to look for"
    return out


@pytest.fixture
def piped(monkeypatch):
    """Standard input is not a terminal and no PIN is in the environment."""
    monkeypatch.delenv("ARMISTICE_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def _replay(capsys, *args):
    code = main(["replay", *map(str, args)])
    got = capsys.readouterr()
    return code, " ".join(got.out.split()), got.err  # news is wrapped: compare words


def _shown(text, session, side):
    return [s for s in _secrets(session, side) if " ".join(s.split()) in text]


def test_replay_of_an_unfinished_game_shows_only_the_public_record(games, capsys, piped):
    session, path = games["open"]
    code, out, err = _replay(capsys, path)
    assert code == 0
    assert not _shown(out, session, "unc") and not _shown(out, session, "communist")
    assert "not finished" in err and "--side" in err and "--all" in err
    assert err.count("\n") == 1  # one line says what is held back and how to see more
    public = [e.text[:40] for e in session.news(None) if e.visibility == "public"]
    assert all(" ".join(p.split()) in out for p in public[:3])


@pytest.mark.parametrize("side", SIDES)
def test_one_side_asked_for_shows_that_side_alone(games, capsys, piped, side):
    session, path = games["open"]
    code, out, err = _replay(capsys, path, "--side", side)
    assert code == 0
    other = SIDES[1 - SIDES.index(side)]
    news = [e.text for e in session.news(None) if e.visibility == side]
    assert news and all(n in out for n in news)
    assert not [e.text for e in session.news(None) if e.visibility == other and e.text in out]
    assert "--all" in err


def test_everything_asked_for_without_a_pin_on_the_game(games, capsys, piped):
    session, path = games["open"]
    code, out, err = _replay(capsys, path, "--all")
    assert code == 0 and err == ""
    for side in SIDES:
        news = [e.text for e in session.news(None) if e.visibility == side]
        assert all(n in out for n in news)


@pytest.mark.parametrize("args", [["--all"], ["--side", "unc"], ["--side", "all"]])
def test_a_protected_game_needs_the_pin(games, capsys, piped, monkeypatch, args):
    session, path = games["pin"]
    code, out, err = _replay(capsys, path, *args)  # piped, no PIN given: refused
    assert code == 1 and out == "" and "ARMISTICE_PIN" in err
    monkeypatch.setenv("ARMISTICE_PIN", "wrong-pin")
    code, out, err = _replay(capsys, path, *args)
    assert code == 1 and out == "" and "wrong PIN" in err
    monkeypatch.setenv("ARMISTICE_PIN", PIN)
    code, out, _ = _replay(capsys, path, *args)
    assert code == 0 and _shown(out, session, "unc")
    code, out, _ = _replay(capsys, path)  # the public record needs no PIN
    assert code == 0 and not _shown(out, session, "unc")


def test_in_a_terminal_the_pin_is_asked_for_hidden(games, capsys, monkeypatch):
    session, path = games["pin"]
    monkeypatch.delenv("ARMISTICE_PIN", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or PIN)
    code, out, _ = _replay(capsys, path, "--all")
    assert code == 0 and asked and _shown(out, session, "communist")


def test_a_finished_game_shows_everything_as_before(games, capsys, piped):
    session, path = games["done"]
    code, out, err = _replay(capsys, path)
    assert code == 0 and err == ""
    assert _shown(out, session, "unc") and "Outcome:" in out


def test_replay_until_an_early_turn_of_a_finished_game_is_still_finished(games, capsys, piped):
    _, path = games["done"]
    code, _, err = _replay(capsys, path, "--until", "2")
    assert code == 0 and err == ""


def _report(capsys, tmp_path, path, *args):
    out = tmp_path / "debrief.html"
    code = main(["report", str(path), "-o", str(out), *args])
    got = capsys.readouterr()
    text = out.read_text(encoding="utf-8") if out.exists() else None
    return code, text, got.err


def _in_page(page, session, side):
    return [s for s in _secrets(session, side) if html.escape(s, quote=True) in page]


def test_report_of_an_unfinished_game_holds_back_the_secrets(games, capsys, tmp_path, piped):
    session, path = games["open"]
    code, page, err = _report(capsys, tmp_path, path)
    assert code == 0 and "not finished" in err and "--all" in err
    assert not _in_page(page, session, "unc") and not _in_page(page, session, "communist")
    assert f"Seed {session.seed}" not in page  # the seed gives every hidden draw
    code, page, _ = _report(capsys, tmp_path, path, "--side", "communist")
    assert code == 0 and not _in_page(page, session, "unc")
    code, page, err = _report(capsys, tmp_path, path, "--all")
    assert code == 0 and err == ""
    assert _in_page(page, session, "unc") and _in_page(page, session, "communist")


def test_report_with_a_wrong_pin_writes_nothing(games, capsys, tmp_path, monkeypatch):
    session, path = games["pin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("ARMISTICE_PIN", "not-the-pin")
    code, page, err = _report(capsys, tmp_path, path, "--all")
    assert code == 1 and page is None and "wrong PIN" in err
    monkeypatch.setenv("ARMISTICE_PIN", PIN)
    code, page, _ = _report(capsys, tmp_path, path, "--all")
    assert code == 0 and _in_page(page, session, "unc")


def test_report_of_a_finished_game_is_whole(games, capsys, tmp_path, piped):
    session, path = games["done"]
    code, page, err = _report(capsys, tmp_path, path)
    assert code == 0 and err == ""
    assert _in_page(page, session, "unc") and _in_page(page, session, "communist")


def _text(monkeypatch, capsys, *args, stdin="quit\n"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["text", "1951", "--seed", "3", *args])
    return code, capsys.readouterr()


def test_a_terminal_game_can_be_protected_with_a_pin(monkeypatch, capsys):
    monkeypatch.setenv("ARMISTICE_PIN", PIN)
    code, _ = _text(monkeypatch, capsys, "--pin", stdin="end\nquit\n")
    assert code == 0
    latest = savefile.latest_autosave()
    stored = savefile.read_save(latest).settings["instructor_pin"]
    assert check_pin(stored, PIN) and PIN not in latest.read_text()


def test_a_pin_is_asked_for_twice_in_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv("ARMISTICE_PIN", raising=False)
    answers = iter([PIN, "different"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    assert main(["text", "1951", "--pin"]) == 1
    assert "differ" in capsys.readouterr().err


@pytest.mark.parametrize("pin, message", [("ab", "4 to 32"), (None, "ARMISTICE_PIN")])
def test_a_bad_or_missing_pin_is_a_message(monkeypatch, capsys, pin, message):
    if pin is None:
        monkeypatch.delenv("ARMISTICE_PIN", raising=False)
    else:
        monkeypatch.setenv("ARMISTICE_PIN", pin)
    code, got = _text(monkeypatch, capsys, "--pin")
    assert code == 1 and message in got.err and "Traceback" not in got.err


def test_a_loaded_game_can_be_protected_but_keeps_the_pin_it_has(games, monkeypatch, capsys,
                                                                  tmp_path):
    _, protected = games["pin"]
    monkeypatch.setenv("ARMISTICE_PIN", "another-pin")
    code, got = _text(monkeypatch, capsys, "--load", str(protected), "--pin")
    assert code == 0 and "already has an instructor's PIN" in got.err
    stored = savefile.read_save(savefile.latest_autosave()).settings["instructor_pin"]
    assert check_pin(stored, PIN) and not check_pin(stored, "another-pin")


def test_end_of_input_at_the_pin_prompt_is_a_message(games, capsys, monkeypatch):
    _, path = games["pin"]
    monkeypatch.delenv("ARMISTICE_PIN", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)

    def eof(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", eof)
    code, out, err = _replay(capsys, path, "--all")
    assert code == 1 and out == "" and "no PIN given" in err
