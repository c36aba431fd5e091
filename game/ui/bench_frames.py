"""Frame times of the play screen: whole frames (simulation ticks, drawing, flip), headless.

The run is played by the human model's hands through the real controls, so
the frames carry what a player's frames carry: the painted line, the laid
footholds, the reach zone and the pointer's mark.
"""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.human import HumanModel, HumanSpec
from game.levels import find_level
from game.ui.app import FRAME_S, App
from game.ui.scenes.play import PlayScene
from game.ui.scripted import ModelHands, hand_events
from game.ui.settings import DEFAULT_KEYS

SEED = 101


def _played(level_id: str, size: tuple[int, int]) -> tuple[App, PlayScene]:
    """The play screen of a level, past its countdown."""
    app = App(size)
    scene = PlayScene(app, find_level(level_id), seed=SEED, speed=1.0)
    app.push(scene)
    while not scene.started:
        app.frame(FRAME_S, [])
    return app, scene


def measure_frames(
    level_id: str, frames: int = 600, warmup: int = 30, size: tuple[int, int] = (1280, 720)
) -> list[float]:
    """Milliseconds per frame at `size`, the human model at the controls."""
    app, scene = _played(level_id, size)
    hands = ModelHands(HumanModel(HumanSpec(), SEED, DEFAULT_KEYS))
    keys_down: set[int] = set()
    try:
        times = []
        for i in range(frames + warmup):
            # The hands move before the clock starts: a player's thinking is not the game's frame.
            events = hand_events(hands, scene, keys_down)
            start = time.perf_counter()
            app.frame(FRAME_S, events)
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1000.0)
            if scene.run.done:
                break
        return times
    finally:
        pygame.quit()


def measure_input_to_frame(
    level_id: str, moves: int = 200, size: tuple[int, int] = (1280, 720)
) -> list[float]:
    """Milliseconds from a pointer move to the end of the first frame that shows the
    line it paints: the frames in between, each processed and drawn whole."""
    app, scene = _played(level_id, size)
    view = scene.view.rect
    rng = random.Random(SEED)
    try:
        latencies = []
        for _ in range(moves):
            pos = (rng.randint(view.left + 40, view.right - 40), rng.randint(view.top + 40, 300))
            move = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
            start = time.perf_counter()
            app.frame(FRAME_S, [move])
            # Shown once the run paints from the new spot and a frame is drawn after it.
            while scene.run.pointer != scene.controls.sent and not scene.run.done:
                app.frame(FRAME_S, [])
            latencies.append((time.perf_counter() - start) * 1000.0)
            for _ in range(3):  # a person's hand rests a moment between moves
                app.frame(FRAME_S, [])
            if scene.run.done:
                break
        return latencies
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
