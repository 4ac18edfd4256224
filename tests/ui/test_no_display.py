"""`armistice` where no window can be seen: it says so within seconds and points to
`armistice text`, instead of running on invisibly in SDL's offscreen driver."""

import os
import subprocess
import sys

import pytest

HANG_GUARD = 60  # seconds; the refusal takes about one (a hang is the bug)


def run_without_display(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env.update(ARMISTICE_DATA_DIR=str(tmp_path / "data"), **extra)
    return subprocess.run([sys.executable, "-m", "game"], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=HANG_GUARD)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland variables")
def test_no_display_variables_refuse_before_sdl_opens_anything(tmp_path):
    done = run_without_display(tmp_path)
    assert done.returncode == 1
    assert "armistice text" in done.stderr
    assert "no display" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland variables")
def test_sdl_falling_back_to_offscreen_by_itself_is_refused(tmp_path):
    done = run_without_display(tmp_path, DISPLAY=":4242")  # no X server answers there
    assert done.returncode == 1
    assert "armistice text" in done.stderr
    assert "offscreen" in done.stderr
    assert "Traceback" not in done.stderr


def test_display_problem():
    from game.ui.app import display_problem

    assert display_problem({}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux") is None  # asked for
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
