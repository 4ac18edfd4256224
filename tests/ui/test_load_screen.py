"""The Load screen over a folder of hostile files (see save_corpus): it lists every file, each
can be selected and opened, and the window never raises — a bad file gets a reason."""

from __future__ import annotations

import errno
import json
import os
import unicodedata
from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.session import savefile
from game.session.rerun import play_game
from game.ui.scenes import load
from game.ui.scenes.debrief import Debrief
from game.ui.scenes.load import LoadGame, open_save
from tests.ui import save_corpus


@pytest.fixture(scope="module")
def finished(sc1951) -> dict:
    session = play_game(sc1951, "1951", 6, 1, ("random", "historical"))
    assert session.over
    save = session.to_save().model_dump(exclude={"seal", "upgraded_from"})
    return save_corpus.sealed(json.loads(json.dumps(save)))  # as write_save writes it


@pytest.fixture(scope="module")
def unfinished(finished) -> dict:
    raw = json.loads(json.dumps(finished))
    raw["turns"] = raw["turns"][:3]
    return save_corpus.sealed(raw)


def choose(app, row: str) -> None:
    """Select one row of the list as a click would, and let the screen react."""
    scene = app.scene
    for item in scene.list.item_list:
        item["selected"] = item["text"] == row
    app.handle(pygame.event.Event(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                                  ui_element=scene.list, text=row))
    app.frame(0.016)


def enter(app) -> None:
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="",
                                  scancode=0))
    app.frame(0.016)


def drive(app, screen_texts) -> dict[Path, str]:
    """List, select and open every entry; {path: what the player was told} (or "opened")."""
    app.show(LoadGame(app))
    app.frame(0.016)
    rows = dict(app.scene.entries)
    outcome: dict[Path, str] = {}
    for row, path in rows.items():
        app.show(LoadGame(app))
        app.frame(0.016)
        choose(app, row)
        enter(app)
        app.frame(0.016)
        if isinstance(app.scene, LoadGame):  # not opened: the reason is on screen
            outcome[path] = app.scene.info.html_text
            assert outcome[path] in screen_texts(app)
        else:
            assert app.flow is not None and app.scene.flow is app.flow
            outcome[path] = "opened"
        app.flow = None
    return outcome


def test_every_hostile_save_is_listed_and_opens_or_says_why(app, unfinished, screen_texts):
    made = save_corpus.build(savefile.saves_dir(), unfinished)
    outcome = drive(app, screen_texts)
    assert {p.name for p in outcome} == set(made) - {"folder.json"}  # folders are not listed
    good = save_corpus.ODD_BUT_VALID | {"<b>x<br>%{n}\x1b[2J\x07 &amp;.json"}
    for path, said in outcome.items():
        if said == "opened":
            continue
        assert path.name not in good, said
        assert load.esc(load.file_name(path)) in said, said
        assert "Traceback" not in said
        assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in said), said
    for name in ("truncated.json", "huge.json", "fifo.json", "loop.json",
                 "rationale-object.json", "changed-scenario.json", "unknown-scenario.json",
                 "checksum-wrong.json", "nul-scenario-ref.json", "seed-huge.json",
                 # save format 2: no control character and no unbounded text in a save
                 "label-escapes.json", "label-huge.json", "log-nul.json",
                 "scenario-id-markup.json", "label-edited.json", "no-format.json",
                 "inject-unknown.json"):
        assert outcome[savefile.saves_dir() / name] != "opened", name
    odd = [p for p in outcome if "\udce9" in str(p)]
    assert odd and outcome[odd[0]] == "opened"  # a name that is not UTF-8 is still a save


def test_a_finished_game_with_a_bad_rationale_says_why(app, finished, screen_texts):
    """Opening a finished game shows its debrief, which lists every rationale."""
    folder = savefile.saves_dir()
    folder.mkdir(parents=True)
    for name in ("rationale-object.json", "rationale-list.json", "label-markup.json",
                 "log-markup.json"):
        (folder / name).write_text(json.dumps(save_corpus.variant(name, finished)))
    outcome = drive(app, screen_texts)
    # save format 2: refused by the save's schema when read, before any replay
    assert "turn 0 orders unc rationale: " in outcome[folder / "rationale-object.json"]
    assert "turn 0 orders communist rationale: " in outcome[folder / "rationale-list.json"]
    assert outcome[folder / "log-markup.json"] == "opened"
    assert open_save(app, folder / "label-markup.json")
    assert isinstance(app.scene, Debrief)


def test_a_save_that_vanishes_or_cannot_be_read(app, unfinished, screen_texts, monkeypatch):
    folder = savefile.saves_dir()
    folder.mkdir(parents=True)
    for name in ("gone.json", "locked.json", "locked-later.json"):
        (folder / name).write_text(json.dumps(unfinished))
    real_open = os.open

    def deny(path, *args, **kwargs):  # the tests run as root: permissions are simulated
        if os.fspath(path).endswith("locked.json"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    app.show(LoadGame(app))
    app.frame(0.016)
    texts = " ".join(screen_texts(app))
    assert "locked.json: cannot be read (permission denied)" in texts
    rows = {p.name: row for row, p in app.scene.entries.items()}
    (folder / "gone.json").unlink()  # between listing and opening
    choose(app, rows["gone.json"])
    enter(app)
    assert "Could not open gone.json: no such file" in app.scene.message
    monkeypatch.setattr(os, "open", real_open)  # readable when listed, not when opened
    app.show(LoadGame(app))
    app.frame(0.016)
    rows = {p.name: row for row, p in app.scene.entries.items()}
    monkeypatch.setattr(os, "open", deny)
    (folder / "locked.json").unlink()
    (folder / "locked-later.json").rename(folder / "locked.json")
    choose(app, rows["locked.json"])
    enter(app)
    assert "Could not open locked.json: cannot be read (permission denied)" in app.scene.message


def test_a_folder_that_cannot_be_listed(app, monkeypatch):
    savefile.saves_dir().mkdir(parents=True)
    real_scandir = os.scandir

    def refuse(path):
        if Path(path) == savefile.saves_dir():
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    app.show(LoadGame(app))
    app.frame(0.016)
    [row] = app.scene.errors
    assert "cannot list this folder (permission denied)" in row


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0),
                                             ((1920, 1080), 1.5), ((1024, 600), 2.0)])
def test_the_listing_draws_at_every_size_and_scale(unfinished, size, scale):
    from game.ui.app import App
    from game.ui.config import UISettings

    save_corpus.build(savefile.saves_dir(), unfinished)
    app = App(UISettings(width=size[0], height=size[1], scale=scale), headless=True)
    try:
        app.show(LoadGame(app))
        app.frame(0.016)
        rows = list(app.scene.entries)
        assert len(rows) == len(save_corpus.VARIANTS) + len(save_corpus.RAW_FILES) + 6
        for row in rows:
            choose(app, row)
            assert app.scene.info.html_text == app.scene.details[row]
        app.handle(pygame.event.Event(pygame.WINDOWRESIZED, x=1100, y=700))
        app.frame(0.016)
        assert list(app.scene.entries) != [] and isinstance(app.scene, LoadGame)
    finally:
        pygame.quit()
