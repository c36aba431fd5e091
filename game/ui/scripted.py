"""The real play screen, fed timed input events instead of a person's hands.

An input script or the human model says what the hands do and when; each
event becomes the pygame event a device would send, at the first frame of
the run's own time that reaches it, and goes through the same scene,
controls and commands as a person's. Simulated time: nothing waits for the
wall clock, the training speed is always 1×.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game.human import HumanModel, HumanSpec, Sight
from game.inputscript import InputEvent
from game.sim.rules import TICK_HZ
from game.ui.app import FRAME_S, App
from game.ui.scenes.play import PlayScene
from game.ui.settings import DEFAULT_KEYS

DRAW_EVERY = 6  # frames: the screen is drawn ten times a second of the run
MOUSE_EVENTS = {
    "mouse_move": pygame.MOUSEMOTION,
    "mouse_down": pygame.MOUSEBUTTONDOWN,
    "mouse_up": pygame.MOUSEBUTTONUP,
}


class ScriptHands:
    """The events of an input script, handed over as the run's clock reaches them."""

    def __init__(self, events: list[InputEvent]):
        self.events = list(events)
        self.index = 0

    def events_until(self, now_s: float, scene: PlayScene) -> list[InputEvent]:
        start = self.index
        while self.index < len(self.events) and self.events[self.index].t_s <= now_s:
            self.index += 1
        return self.events[start : self.index]


class ModelHands:
    """The human model's events, from what the play screen shows it."""

    def __init__(self, human: HumanModel):
        self.human = human

    def events_until(self, now_s: float, scene: PlayScene) -> list[InputEvent]:
        view = scene.view
        rect = view.rect

        def fraction(ahead_m: float, across_m: float) -> tuple[float, float]:
            x = rect.centerx + across_m * view.px_per_m
            y = view.runner_y - ahead_m * view.px_per_m
            return (
                min(max((x - rect.left) / rect.width, 0.0), 1.0),
                min(max((y - rect.top) / rect.height, 0.0), 1.0),
            )

        sight = Sight(now_s, scene.run, scene.render_s, fraction)
        return self.human.events(sight)


def to_pygame(event: InputEvent, rect: pygame.Rect, keys_down: set[int]) -> pygame.event.Event:
    """The pygame event a device sends for one scripted event."""
    if event.type in ("key_down", "key_up"):
        code = pygame.key.key_code(event.key)
        down = event.type == "key_down"
        (keys_down.add if down else keys_down.discard)(code)
        kind = pygame.KEYDOWN if down else pygame.KEYUP
        return pygame.event.Event(kind, key=code, mod=0, unicode="", scancode=0)
    pos = (
        round(rect.left + event.x * (rect.width - 1)),
        round(rect.top + event.y * (rect.height - 1)),
    )
    if event.type == "mouse_move":
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    return pygame.event.Event(MOUSE_EVENTS[event.type], pos=pos, button=event.button)


def hand_events(hands, scene: PlayScene, keys_down: set[int]) -> list[pygame.event.Event]:
    """This frame's events from the hands, once the run has had its start signal."""
    if not scene.started:
        return []
    now = scene.run.tick / TICK_HZ
    return [to_pygame(e, scene.view.rect, keys_down) for e in hands.events_until(now, scene)]


def play_with_hands(
    level,
    seed: int,
    hands,
    shoe: str | None = None,
    screenshot: str | Path | None = None,
    size: tuple[int, int] = (1280, 720),
    draw_every: int = DRAW_EVERY,
):
    """Play a level to its end on the real play screen; returns the finished run."""
    app = App(size)
    scene = PlayScene(app, level, seed=seed, shoe=shoe, speed=1.0, scored=True)
    app.push(scene)
    keys_down: set[int] = set()
    frame = 0
    try:
        while not scene.run.done:
            events = hand_events(hands, scene, keys_down)
            app.frame(FRAME_S, events, draw=frame % draw_every == 0)
            frame += 1
        app.frame(FRAME_S, [], draw=True)
        if screenshot:
            pygame.image.save(app.screen, str(screenshot))
        return scene.run
    finally:
        pygame.quit()


def play_as_person(
    level,
    seed: int,
    spec: HumanSpec,
    shoe: str | None = None,
    screenshot=None,
    draw_every: int = DRAW_EVERY,
):
    """Play a level to its end with the human model at the default keys."""
    hands = ModelHands(HumanModel(spec, seed, DEFAULT_KEYS))
    return play_with_hands(
        level, seed, hands, shoe=shoe, screenshot=screenshot, draw_every=draw_every
    )
