"""3-2-1 before a person's run, with the level's tip; the trail does not move until GO."""

import dataclasses

import numpy as np
import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.ui import theme
from game.ui.scenes.play import COUNTDOWN_S

SHORT = dataclasses.replace(find_level("warm-up"), length_m=60.0)


def accent_in_middle(app, scene) -> int:
    box = pygame.Rect(0, 0, 160, 160)
    box.center = scene.countdown_centre()
    pixels = pygame.surfarray.array3d(app.screen)[box.left : box.right, box.top : box.bottom]
    return int(np.all(pixels == theme.ACCENT, axis=2).sum())


def test_the_run_waits_for_the_countdown_then_starts_at_go(app):
    scene = start_play(app, SHORT, countdown=True)
    frames = round((COUNTDOWN_S - 0.05) * 60)
    for _ in range(frames):
        app.frame(1 / 60, [])
    assert not scene.started and scene.run.tick == 0 and scene.run.state.s_m == 0.0
    for _ in range(10):
        app.frame(1 / 60, [])
    assert scene.started and scene.go_s == pytest.approx(COUNTDOWN_S, abs=1 / 60)
    assert 0 < scene.run.tick <= 12


def test_the_count_is_big_over_the_trail_and_the_tip_is_under_it(app, tmp_path):
    scene = start_play(app, SHORT, countdown=True)
    app.frame(1.2, [])  # 1.8 s to go: "2"
    assert scene.countdown_s == pytest.approx(1.8)
    pygame.image.save(app.screen, str(tmp_path / "countdown.png"))
    assert accent_in_middle(app, scene) > 1200  # a digit over 100 px tall
    # The tip is the banner at the top of the view, over the fog beyond the band: a level
    # with other words there shows another banner.
    top = pygame.Rect(scene.view.rect.x, 0, scene.view.rect.width, 60)
    with_tip = pygame.surfarray.array3d(app.screen.subsurface(top))
    start_play(app, dataclasses.replace(SHORT, tip="Eyes up."), countdown=True)
    app.frame(1.2, [])
    assert not np.array_equal(with_tip, pygame.surfarray.array3d(app.screen.subsurface(top)))
    app.pop()
    assert app.top is scene and SHORT.tip
    app.frame(COUNTDOWN_S, [])
    app.frame(1.0, [])
    assert accent_in_middle(app, scene) < 200  # gone once the run is under way


def test_pausing_holds_the_countdown(app):
    scene = start_play(app, SHORT, countdown=True)
    app.frame(0.5, [key(pygame.K_ESCAPE)])
    left = scene.countdown_s
    app.frame(2.0, [])
    assert scene.countdown_s == left and not scene.started


def test_every_restart_counts_down_again_and_a_bot_starts_at_once(app):
    scene = start_play(app, SHORT)
    assert scene.started
    scene.restart()
    assert not scene.started and scene.countdown_s == COUNTDOWN_S
    demo = start_play(app, SHORT, countdown=True, autopilot=parse_bot_spec("gaze=3-6"))
    assert demo.started and demo.go_s == 0.0
    app.frame(0.5, [])
    assert demo.run.tick > 0


def test_each_number_beeps_once_and_go_sounds_once(app, monkeypatch):
    heard = []
    monkeypatch.setattr(app.audio, "play", lambda name, loudness=1.0: heard.append(name))
    start_play(app, SHORT, countdown=True)
    for _ in range(round(COUNTDOWN_S * 60) + 30):
        app.frame(1 / 60, [])
    beeps = [name for name in heard if name in ("count", "go")]
    assert beeps == ["count", "count", "count", "go"]
