"""The window: settings, the pygame_gui manager, the current scene, and the main loop.

The loop does three things each frame — process events, update, draw — and nothing else.
A resize, a change of UI scale or palette rebuilds the current scene's widgets.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

import pygame
import pygame_gui

from game.files import write_atomic
from game.session import savefile
from game.ui.config import SCALES, UISettings
from game.ui.palette import PALETTES, Palette
from game.ui.raster import png_bytes
from game.ui.scenes.base import Scene
from game.ui.theme import build_theme, font_px
from game.ui.widgets.notice import Notice

MIN_SIZE = (1024, 600)
# what a player typed or clicked, and what pygame_gui made of it
_INPUT_EVENTS = [pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING,
                 pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL]
_GUI_EVENTS = [value for name, value in vars(pygame_gui).items()
               if name.startswith("UI_") and isinstance(value, int)]


class App:
    def __init__(self, settings: UISettings | None = None, size: tuple[int, int] | None = None,
                 headless: bool = False) -> None:
        self.settings = settings or UISettings.load()
        if size:
            self.settings.width, self.settings.height = size
        pygame.init()
        pygame.display.set_caption("Armistice")
        self.headless = headless
        self.surface = self._open_window()
        self.manager = self._make_manager()
        self.clock = pygame.time.Clock()
        self.scene: Scene | None = None
        self.running = True
        self.flow = None  # the game in progress (game.ui.flow.GameFlow), if any
        self.notice: Notice | None = None  # a message over the screen (a scenario reloaded)
        self.fresh_screens = 0  # how many screens started from nothing (see show)
        self.shared_machine = False  # a hot-seat screen: nothing copied to the clipboard

    # window and theme ------------------------------------------------------------------
    @property
    def palette(self) -> Palette:
        return PALETTES[self.settings.palette]

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def _open_window(self) -> pygame.Surface:
        if self.settings.fullscreen and not self.headless:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        size = (max(self.settings.width, MIN_SIZE[0]), max(self.settings.height, MIN_SIZE[1]))
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def _make_manager(self) -> pygame_gui.UIManager:
        theme = build_theme(self.palette, self.settings.scale)
        manager = pygame_gui.UIManager(self.surface.get_size(), theme)
        size = font_px(self.settings.scale)
        # the theme's size in bold and italic, and the small print of `<font size=3>` (12 pt)
        fonts = [{"name": "noto_sans", "point_size": size, "style": style}
                 for style in ("bold", "italic")]
        if size != 12:  # at 12 the theme has loaded it already
            fonts.append({"name": "noto_sans", "point_size": 12, "style": "regular"})
        manager.preload_fonts(fonts)
        # the system clipboard outlives every screen: in hot-seat play a team's text (its
        # rationale, its news) must not be copied where the next team could paste it
        manager.copy_text_enabled = not getattr(self, "shared_machine", False)
        return manager

    def restyle(self) -> None:
        """Apply changed settings: new theme, rebuilt widgets."""
        self.manager = self._make_manager()
        if self.scene:
            self.scene.build()
        self.settings.save()

    def toggle_fullscreen(self) -> None:
        self.settings.fullscreen = not self.settings.fullscreen
        self.surface = self._open_window()
        self.restyle()

    def step_scale(self, direction: int) -> None:
        i = SCALES.index(self.settings.scale) + direction
        self.settings.scale = SCALES[min(max(i, 0), len(SCALES) - 1)]
        self.restyle()

    # scenes ----------------------------------------------------------------------------
    @property
    def status(self) -> str:
        """The one-line message of the screen shown. It belongs to that screen, so it goes
        when the screen goes (a hand-over never carries one team's message to the other)."""
        return self.scene.status if self.scene else ""

    @status.setter
    def status(self, text: str) -> None:
        if self.scene:
            self.scene.status = text

    def show(self, scene: Scene, fresh: bool = False) -> None:
        """Replace the screen. `fresh` (every screen of a hot-seat game) also starts from a new
        pygame_gui manager, drops the notice and the input not yet handled: the manager keeps
        state past `clear_and_reset` (focus, hovering, the mouse cursor) and queued events
        were meant for the screen before, so nothing of the team before reaches the next."""
        if self.scene:
            self.scene.leave()
        self.shared_machine = fresh
        if fresh:
            self.manager = self._make_manager()
            self.notice = None
            pygame.event.clear(_INPUT_EVENTS + _GUI_EVENTS)
            self.fresh_screens += 1
        else:
            self.manager.clear_and_reset()
            self.manager.copy_text_enabled = True
        self.scene = scene
        scene.build()

    # the loop --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.WINDOWRESIZED and not self.settings.fullscreen:
            w, h = max(event.x, MIN_SIZE[0]), max(event.y, MIN_SIZE[1])
            if (w, h) != (event.x, event.y):
                self.surface = pygame.display.set_mode((w, h), pygame.RESIZABLE)
            self.surface = pygame.display.get_surface()
            self.settings.width, self.settings.height = self.surface.get_size()
            self.manager.set_window_resolution(self.surface.get_size())
            if self.scene:
                self.manager.clear_and_reset()
                self.scene.build()
            self.settings.save()
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return
            if event.mod & pygame.KMOD_CTRL and event.key in (pygame.K_EQUALS, pygame.K_PLUS,
                                                                pygame.K_KP_PLUS):
                self.step_scale(+1)
                return
            if event.mod & pygame.KMOD_CTRL and event.key in (pygame.K_MINUS,
                                                                pygame.K_KP_MINUS):
                self.step_scale(-1)
                return
        self.manager.process_events(event)
        if self.notice is not None and self.notice.process_event(event):
            return
        if self.scene:
            self.scene.process_event(event)

    def frame(self, dt: float) -> None:
        events = pygame.event.get()
        for k, event in enumerate(events):
            fresh = self.fresh_screens
            self.handle(event)
            if not self.running:
                return
            if self.fresh_screens != fresh:  # the rest was meant for the screen before
                if any(e.type == pygame.QUIT for e in events[k + 1:]):
                    self.running = False
                    return
                break
        if self.flow is not None and getattr(self.scene, "flow", None) is self.flow:
            self.flow.tick(dt)  # live reload of a scenario file being edited
        if self.notice is not None and not self.notice.update(self, dt):
            self.notice = None
        self.manager.update(dt)
        if self.scene:
            self.scene.update(dt)
        self.surface.fill(self.palette.background)
        if self.scene:
            self.scene.draw(self.surface)
        self.manager.draw_ui(self.surface)
        pygame.display.flip()

    def run(self) -> int:
        while self.running:
            dt = self.clock.tick(60) / 1000.0
            self.frame(dt)
        pygame.quit()
        return 0

    def screenshot(self, path: str | Path) -> None:
        write_atomic(path, png_bytes(self.surface))


class WindowError(Exception):
    """The window could not be opened (the front end says what to do instead)."""


UNSEEN_DRIVERS = ("offscreen", "dummy")
"""SDL's video drivers that draw into memory only: a window nobody can see."""


def display_problem(environ: Mapping[str, str] = os.environ,
                    platform: str = sys.platform) -> str | None:
    """Why no window can be shown here, found before SDL opens anything; None if it may.

    Without a display SDL falls back to its offscreen driver, and the game would run on in
    a window nobody sees. An explicit SDL_VIDEODRIVER (the tests ask for "dummy") is obeyed.
    """
    if environ.get("SDL_VIDEODRIVER") or platform in ("win32", "darwin"):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return "there is no display here: neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


def run_gui(first: Callable[[App], Scene | None] | None = None) -> int:
    """Open the window on the main menu (or another first scene). A crash leaves a report in
    the data folder and the game can be continued from the last autosave."""
    from game.ui.scenes.menu import MainMenu

    problem = display_problem()
    if problem:
        raise WindowError(problem)
    try:
        app = App()
    except pygame.error as exc:  # no display, no video driver
        raise WindowError(str(exc)) from None
    driver = pygame.display.get_driver()
    if driver in UNSEEN_DRIVERS and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise WindowError(f"SDL found no display and fell back to its {driver!r} driver, "
                          "which shows nothing")
    try:
        scene = first(app) if first else MainMenu(app)
        if scene is not None and scene is not app.scene:
            app.show(scene)
        return app.run()
    except Exception:
        report = savefile.data_dir() / "crash.txt"
        with contextlib.suppress(OSError):
            write_atomic(report, traceback.format_exc(), make_folder=True)
        print(f"armistice: the game stopped on an internal error; details in {report}. "
              "Your game is autosaved: choose Continue in the main menu.", file=sys.stderr)
        return 1
