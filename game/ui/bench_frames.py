"""Frame times of the play screen: whole frames (simulation ticks, drawing, flip), headless."""

from __future__ import annotations

import os
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.levels import find_level
from game.sim.bots import BotSpec
from game.ui.app import FRAME_S, App
from game.ui.scenes.play import PlayScene


def measure_frames(
    level_id: str, frames: int = 600, warmup: int = 30, size: tuple[int, int] = (1280, 720)
) -> list[float]:
    """Milliseconds per frame at `size` with a bot running the level at full speed."""
    app = App(size)
    try:
        app.push(PlayScene(app, find_level(level_id), autopilot=BotSpec(), speed=1.0))
        times = []
        for i in range(frames + warmup):
            start = time.perf_counter()
            app.frame(FRAME_S, [])
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1000.0)
        return times
    finally:
        pygame.quit()


def first_menu_frame_s() -> float:
    """Seconds from nothing to the menu's first frame on screen, in this process."""
    start = time.perf_counter()
    from game.ui.scenes.menu import MenuScene

    app = App((1280, 720))
    app.push(MenuScene(app))
    app.frame(FRAME_S, [])
    elapsed = time.perf_counter() - start
    pygame.quit()
    return elapsed
