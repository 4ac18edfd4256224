"""The window's settings file and screenshots go through the one atomic writer: a full disk
never leaves a damaged settings file or a stray temporary file, and never stops the game."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from game.ui.config import UISettings

_real_write = os.write


def _full(fd: int, data: bytes) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_settings_on_a_full_disk_keep_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    UISettings(width=1600, palette="standard").save()
    path = UISettings.path()
    before = path.read_bytes()
    monkeypatch.setattr(os, "write", _full)
    UISettings(width=1920).save()  # never raises: settings are a convenience
    assert UISettings.load().width == 1600
    monkeypatch.setattr(os, "write", _real_write)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


def test_screenshot_on_a_full_disk_keeps_the_old_png(app, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from game.files import WriteError

    shot = tmp_path / "shot.png"
    app.screenshot(shot)
    before = shot.read_bytes()
    assert before.startswith(b"\x89PNG")
    monkeypatch.setattr(os, "write", _full)
    with pytest.raises(WriteError, match="disk full"):
        app.screenshot(shot)
    monkeypatch.undo()
    assert shot.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "armistice-data"] == ["shot.png"]
