"""Shared fixtures. Headless: no window, no sound, no pygame banner; saves go to a temp folder."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest

from game.scenario.bundled import resolve
from game.scenario.loader import load_scenario


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Never touch the real user's data directory."""
    monkeypatch.setenv("ARMISTICE_DATA_DIR", str(tmp_path / "armistice-data"))


@pytest.fixture(scope="session")
def sc1951():
    return load_scenario(resolve("1951"))
