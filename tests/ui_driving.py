"""Driving the game window headless in tests: synthetic keys and a scene pushed and drawn once."""

import pygame

from game.ui.scenes.play import COUNTDOWN_S, GO_SHOWN_S, PlayScene


def key(k, mod=0, up=False):
    return pygame.event.Event(pygame.KEYUP if up else pygame.KEYDOWN, key=k, mod=mod, unicode="")


def start_play(app, level, countdown=False, **kw) -> PlayScene:
    """A play scene on top, drawn once; unless `countdown`, already past its 3-2-1 and GO."""
    scene = PlayScene(app, level, **kw)
    app.push(scene)
    app.frame(0.0, [])
    if not countdown:
        skip_countdown(app, scene)
    return scene


def skip_countdown(app, scene: PlayScene) -> None:
    """One frame as long as the countdown and its GO: the run starts at tick 0 after it."""
    if not scene.started:
        app.frame(COUNTDOWN_S + GO_SHOWN_S, [])
