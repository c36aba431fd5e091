"""The window, the one main loop, the one fixed-step clock and the scene stack.

A scene that runs a simulation (play, watch, coach) takes whole ticks from the
app's clock (frame time scaled by its training speed) and draws interpolated
between the last two ticks at the clock's fraction, so the frame rate never
changes a result. Headless, each frame is a fixed 1/60 s and nothing sleeps.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pygame

from game.ui import theme
from game.ui.audio import Audio
from game.ui.clock import FixedClock
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.theme import PALETTES, Text

DEFAULT_SIZE = (1280, 720)
FRAME_S = 1.0 / 60.0
NOTICE_S = 8.0  # long enough to read a path to a kept file
# Screens are laid out for at least this much room. In a smaller window a screen
# is drawn at this size (the window's shape kept) and scaled down to fit, so
# nothing is cut off or drawn over; the play screen has a compact layout of its
# own and takes any window as it is.
LAYOUT_SIZE = (1280, 720)


class Scene:
    """A screen of the game: it handles events, updates and draws, and knows only the stack."""

    min_size: tuple[int, int] = LAYOUT_SIZE
    canvas_size: tuple[int, int] | None = None  # what the scene was last laid out for

    def __init__(self, app: App):
        self.app = app

    def handle(self, event) -> None: ...

    def update(self, dt: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def on_focus_lost(self) -> None: ...

    def on_resize(self, size: tuple[int, int]) -> None: ...

    def on_return(self) -> None:
        """Called when the scene above this one is popped."""


class App:
    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fixed_frames: bool | None = None):
        pygame.init()
        # Headless, or recording a counted number of frames: every frame is FRAME_S and
        # nothing sleeps, so the frames are the same with or without a screen.
        headless = os.environ.get("SDL_VIDEODRIVER") == "dummy"
        self.fixed_frames = headless if fixed_frames is None else fixed_frames
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.screen = self.window  # what scenes draw on: the window, or a canvas scaled to it
        self._scale = 1.0
        pygame.display.set_caption("Trailread")
        self.settings, notice = load_settings()
        # One-line messages at the foot of the screen (a damaged file kept aside, a
        # locked level): scenes append to `notices`, each stays NOTICE_S seconds.
        self.notices: list[str] = [notice] if notice else []
        self._notice_ages: list[float] = []
        self.text = Text(self.settings.hud_scale)
        self.audio = Audio(self.settings.volume, self.settings.muted)
        self.scenes: list[Scene] = []
        self.pads: dict[int, pygame.joystick.JoystickType] = {}
        self.running = True
        self.frames = 0
        self.clock = FixedClock()
        self._wall = pygame.time.Clock()

    # --- the stack ---------------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)
        self.clock.reset()

    def pop(self) -> None:
        if self.scenes:
            self.scenes.pop()
        self.clock.reset()
        if self.top:
            self.top.on_return()
        else:
            self.running = False

    def replace(self, scene: Scene) -> None:
        if self.scenes:
            self.scenes.pop()
        self.scenes.append(scene)
        self.clock.reset()

    def quit(self) -> None:
        self.running = False

    # --- settings -------------------------------------------------------------------------

    @property
    def palette(self):
        return PALETTES[self.settings.palette]

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.text = Text(settings.hud_scale)
        self.audio.volume, self.audio.muted = settings.volume, settings.muted
        try:
            save_settings(settings)
        except OSError as exc:
            self.notices.append(f"Settings could not be saved: {exc.strerror}")

    # --- the loop ---------------------------------------------------------------------------

    def frame(self, dt: float, events=None, draw: bool = True) -> None:
        """One frame: events, update, draw. Tests call this with synthetic events;
        scripted play leaves out some of the drawing."""
        for event in pygame.event.get() if events is None else events:
            self._dispatch(self._to_canvas(event))
        if self.top is None:
            self.running = False
            return
        self._fit_canvas()
        self.top.update(dt)
        self._age_notices(dt)
        if self.top is not None and draw:
            self._fit_canvas()  # the update may have opened another screen
            self.top.draw(self.screen)
            self._draw_notices()
            if self.screen is not self.window:
                scaled = pygame.transform.smoothscale(self.screen, self.window.get_size())
                self.window.blit(scaled, (0, 0))
        pygame.display.flip()
        self.frames += 1

    def _dispatch(self, event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.VIDEORESIZE:
            self.window = pygame.display.get_surface()
            self._fit_canvas()
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED):
            if self.top:
                self.top.on_focus_lost()
        elif event.type == pygame.JOYDEVICEADDED:
            # A pad sends events only while it is open.
            with contextlib.suppress(pygame.error):
                pad = pygame.joystick.Joystick(event.device_index)
                self.pads[pad.get_instance_id()] = pad
        elif event.type == pygame.JOYDEVICEREMOVED:
            self.pads.pop(event.instance_id, None)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            with contextlib.suppress(pygame.error):
                pygame.display.toggle_fullscreen()
        elif self.top:
            self.top.handle(event)

    def resize(self, size: tuple[int, int]) -> None:
        """As the window manager would: a new window size, then the resize event."""
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._fit_canvas()

    def _fit_canvas(self) -> None:
        """The surface the top scene draws on, and the scene laid out for it."""
        if self.top is None:
            return
        w, h = self.window.get_size()
        need_w, need_h = self.top.min_size
        self._scale = max(1.0, need_w / max(w, 1), need_h / max(h, 1))
        size = (round(w * self._scale), round(h * self._scale))
        if self._scale == 1.0:
            self.screen = self.window
        elif self.screen is self.window or self.screen.get_size() != size:
            self.screen = pygame.Surface(size)
        if self.top.canvas_size != size:
            self.top.canvas_size = size
            self.top.on_resize(size)

    def _to_canvas(self, event):
        """A pointer event's position on the canvas, when the canvas is scaled to the window."""
        if self._scale == 1.0 or not hasattr(event, "pos"):
            return event
        k = self._scale
        data = dict(event.dict, pos=(round(event.pos[0] * k), round(event.pos[1] * k)))
        if "rel" in data:
            data["rel"] = (round(event.rel[0] * k), round(event.rel[1] * k))
        return pygame.event.Event(event.type, data)

    def _age_notices(self, dt: float) -> None:
        if not self.notices:
            self._notice_ages.clear()
            return
        ages = self._notice_ages
        ages.extend([0.0] * (len(self.notices) - len(ages)))
        fresh = [i for i, age in enumerate(ages) if age + dt < NOTICE_S]
        self.notices[:] = [self.notices[i] for i in fresh]
        ages[:] = [ages[i] + dt for i in fresh]

    def _draw_notices(self) -> None:
        if not self.notices:
            return
        # Above the line of key hints every screen keeps at its foot.
        y = self.screen.get_height() - 70
        for notice in self.notices[-2:]:
            surface = self.text.render(notice, 22, theme.INK)
            box = surface.get_rect(midbottom=(self.screen.get_width() // 2, y + 26)).inflate(20, 10)
            pygame.draw.rect(self.screen, (90, 40, 34), box, border_radius=8)
            self.screen.blit(surface, surface.get_rect(center=box.center))
            y -= 40

    def run(self, frames: int | None = None, screenshot: str | None = None, until=None) -> int:
        """The main loop; stops after `frames` frames, or when `until()` holds, or on quit."""
        while self.running and self.scenes:
            dt = FRAME_S if self.fixed_frames else min(0.1, self._wall.tick(120) / 1000.0)
            self.frame(dt)
            if frames is not None and self.frames >= frames:
                break
            if until is not None and until():
                break
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.screen, screenshot)
        return 0


def run_app(
    start: str = "menu",
    level=None,
    seed=None,
    shoe=None,
    autopilot=None,
    frames=None,
    screenshot=None,
    speed=1.0,
) -> int:
    """The game window: the menu, or straight into a level (with a bot at the controls)."""
    from game.ui.scenes.menu import MenuScene
    from game.ui.scenes.play import PlayScene

    app = App(fixed_frames=True if frames is not None else None)
    app.push(MenuScene(app))
    if start == "menu" and frames is None:
        from game.ui.scenes.tutorial import offer_tutorial

        offer_tutorial(app)  # a first start opens the tutorial over the menu
    until = None
    if start == "play" and level is not None:
        play = PlayScene(app, level, seed=seed, shoe=shoe, autopilot=autopilot, speed=speed)
        app.push(play)
        if autopilot is not None:
            until = lambda: play.run.done and play.finish_shown  # noqa: E731
    try:
        return app.run(frames=frames, screenshot=screenshot, until=until)
    finally:
        pygame.quit()
