"""The scenario file watcher: a fake clock and real files in a temporary folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from game.scenario.bundled import resolve
from game.scenario.watch import MISSING, FileWatcher, watched_path

STEP = 0.5


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Clock:
    """Polls the watcher the way the window does, every frame of fake time."""

    def __init__(self, watcher: FileWatcher) -> None:
        self.watcher, self.now = watcher, 0.0

    def run(self, seconds: float, frame: float = 0.05) -> list:
        changes = []
        end = self.now + seconds
        while self.now < end - 1e-9:
            change = self.watcher.poll(self.now)
            if change is not None:
                changes.append(change)
            self.now += frame
        return changes


def write(path: Path, data: bytes, bump: int = 0) -> None:
    """Write and move the modification time on, so that coarse clocks cannot hide the edit."""
    path.write_bytes(data)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump * 1_000_000_000))


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "my.yaml"
    path.write_bytes(b"format: 1\nid: mine\n")
    return path


def test_an_unchanged_file_costs_one_stat_per_interval_and_reports_nothing(scenario):
    watcher = FileWatcher(scenario, sha(scenario.read_bytes()), interval=STEP)
    assert Clock(watcher).run(10.0) == []
    assert 19 <= watcher.stats <= 21  # 10 s at one stat per half second, whatever the frame rate


def test_an_edit_is_reported_once_it_has_settled(scenario):
    watcher = FileWatcher(scenario, sha(scenario.read_bytes()), interval=STEP)
    clock = Clock(watcher)
    assert clock.run(2.0) == []
    new = b"format: 1\nid: mine\ntitle: edited\n"
    write(scenario, new, bump=1)
    assert clock.run(STEP) == []  # seen, but it may still be being written
    changes = clock.run(2.0)
    assert len(changes) == 1
    assert changes[0].data == new and changes[0].sha256 == sha(new)
    assert clock.run(3.0) == []  # reported once


def test_a_file_still_being_written_is_not_read_until_it_holds_still(scenario):
    watcher = FileWatcher(scenario, sha(scenario.read_bytes()), interval=STEP)
    clock = Clock(watcher)
    clock.run(1.0)
    for k in range(1, 6):  # a slow writer: the file grows every interval
        write(scenario, b"format: 1\n" + b"#" * k, bump=k)
        assert clock.run(STEP) == []
    changes = clock.run(1.5)
    assert [c.data for c in changes] == [b"format: 1\n#####"]


def test_the_same_bytes_again_are_not_a_change(scenario):
    data = scenario.read_bytes()
    watcher = FileWatcher(scenario, sha(data), interval=STEP)
    clock = Clock(watcher)
    clock.run(1.0)
    write(scenario, data, bump=5)  # an editor saving without edits, or `touch`
    assert clock.run(3.0) == []


def test_the_first_look_compares_with_the_content_the_game_was_loaded_from(scenario):
    watcher = FileWatcher(scenario, sha(b"what the game was loaded from"), interval=STEP)
    changes = Clock(watcher).run(2.0)
    assert len(changes) == 1 and changes[0].data == scenario.read_bytes()


def test_a_deleted_file_is_reported_and_so_is_its_return(scenario):
    data = scenario.read_bytes()
    watcher = FileWatcher(scenario, sha(data), interval=STEP)
    clock = Clock(watcher)
    clock.run(1.0)
    scenario.unlink()
    gone = clock.run(2.0)
    assert len(gone) == 1 and gone[0].data is None and gone[0].problem == MISSING
    assert clock.run(2.0) == []
    write(scenario, data)
    back = clock.run(2.0)
    assert len(back) == 1 and back[0].data == data


def test_a_folder_in_place_of_the_file_is_reported_not_read(scenario):
    watcher = FileWatcher(scenario, sha(scenario.read_bytes()), interval=STEP)
    clock = Clock(watcher)
    clock.run(1.0)
    scenario.unlink()
    scenario.mkdir()
    changes = clock.run(2.0)
    assert len(changes) == 1 and changes[0].data is None
    assert changes[0].problem == "not a regular file"


def test_only_scenarios_named_by_a_path_are_watched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert watched_path("1951") is None  # a bundled short name
    (tmp_path / "mine.yaml").write_text("format: 1\n")
    assert watched_path("mine.yaml") == Path("mine.yaml")
    assert watched_path(str(tmp_path / "mine.yaml")) == tmp_path / "mine.yaml"
    assert watched_path(str(resolve("1951"))) == resolve("1951")  # a bundled file by its path
    assert watched_path("sub/gone.yaml") == Path("sub/gone.yaml")  # watched until it returns
