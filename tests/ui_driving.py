"""Driving the game window headless in tests: synthetic keys and a scene pushed and drawn once."""

import pygame

from game.ui.scenes.play import PlayScene


def key(k, mod=0, up=False):
    return pygame.event.Event(pygame.KEYUP if up else pygame.KEYDOWN, key=k, mod=mod, unicode="")


def start_play(app, level, **kw) -> PlayScene:
    scene = PlayScene(app, level, **kw)
    app.push(scene)
    app.frame(0.0, [])
    return scene
