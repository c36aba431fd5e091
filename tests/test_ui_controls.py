"""Input becomes commands, and the view shows the band where it is: headless, synthetic events."""

import dataclasses

import numpy as np
import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level
from game.sim.commands import Gaze, Lift, Pace, Place, PlaceLane
from game.ui import theme
from game.ui.controls import Controls
from game.ui.scenes.play import PlayScene
from game.ui.scenes.settings import SettingsScene, rebind
from game.ui.settings import DEFAULT_KEYS, load_settings

# A winding level, cut short: the meander is what the click mapping must undo.
WINDING = dataclasses.replace(find_level("mud-bath"), length_m=80.0)


def play(app, level=WINDING, **kw) -> PlayScene:
    return start_play(app, level, **kw)


def test_a_click_on_the_winding_trail_lands_where_the_trail_is_drawn(app):
    scene = play(app)
    view = scene.view
    # Find a stretch ahead where the centre line is well off the screen's middle.
    ahead = np.arange(1.0, 3.0, 0.05)
    offsets = [view.trail.centre_at(s) for s in ahead]
    s_target = float(ahead[int(np.argmax(np.abs(offsets)))])
    assert abs(view.trail.centre_at(s_target)) > 0.05
    # Click on the centre line itself: x = 0 in trail coordinates.
    pos = (round(view.screen_x(0.0, s_target)), round(view.screen_y(s_target, scene.render_s)))
    assert pos[0] != view.rect.centerx
    app.frame(0.0, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)])
    scene.run.step()
    (queued,) = scene.run.state.queue
    tolerance = 1.0 / view.px_per_m
    assert queued.s_m == pytest.approx(s_target, abs=tolerance)
    assert queued.x_m == pytest.approx(0.0, abs=tolerance)


def test_each_binding_makes_its_command(app):
    controls = Controls(DEFAULT_KEYS)
    to_trail = lambda pos: (2.0, 0.1)  # noqa: E731

    def commands(event):
        return controls.commands(event, 7, to_trail)

    assert commands(key(pygame.K_a)) == [PlaceLane(7, -2, "natural")]
    assert commands(key(pygame.K_g, pygame.KMOD_LSHIFT)) == [PlaceLane(7, 2, "long")]
    assert commands(key(pygame.K_d, pygame.KMOD_LCTRL)) == [PlaceLane(7, 0, "short")]
    assert commands(key(pygame.K_w)) == [Pace(7, 1)]
    assert commands(key(pygame.K_x)) == [Pace(7, -1)]
    assert commands(key(pygame.K_e)) == [Lift(7, True)]
    assert commands(key(pygame.K_e, up=True)) == [Lift(7, False)]
    assert commands(key(pygame.K_q)) == [Gaze(7, -0.5)]
    wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1)
    assert commands(wheel) == [Gaze(7, 0.25)]
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(10, 10))
    assert commands(click) == [Place(7, 2.0, 0.1)]
    assert commands(key(pygame.K_z)) == []  # an unbound key does nothing


def test_rebinding_a_key_in_use_swaps_the_two_actions(app):
    keys = rebind(DEFAULT_KEYS, "brake", "e")
    assert keys["brake"] == "e" and keys["lift"] == "space"
    settings_scene = SettingsScene(app)
    app.push(settings_scene)
    rows = [what for _, _, what in settings_scene.rows()]
    settings_scene.index = rows.index("key:pace_up")
    app.frame(0.0, [key(pygame.K_RETURN)])
    assert settings_scene.waiting_for_key == "pace_up"
    app.frame(0.0, [key(pygame.K_h)])
    saved, notice = load_settings()
    assert notice == "" and saved.keys["pace_up"] == "h"
    # ... and the play scene hears the new key, and says so in its hints.
    scene = play(app)
    assert "H / X  pace" in scene.hud_info().keys
    pace = scene.run.state.pace_mps
    app.frame(0.0, [key(pygame.K_h)])
    scene.run.step()
    assert scene.run.state.pace_mps > pace


def test_sound_can_be_switched_off_and_on(app):
    settings_scene = SettingsScene(app)
    app.push(settings_scene)
    rows = [what for _, _, what in settings_scene.rows()]
    settings_scene.index = rows.index("mute")
    app.frame(0.0, [key(pygame.K_RETURN)])
    assert app.settings.muted and app.audio.muted
    app.frame(0.0, [key(pygame.K_RETURN)])
    assert not app.settings.muted


def test_a_gamepad_aims_with_the_stick_and_places_with_a_button(app):
    scene = play(app)
    stick = [
        pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=0, value=0.4),
        pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=1, value=0.95),
    ]
    app.frame(0.0, stick)
    assert scene.cursor is not None
    s, x = scene.view.to_trail(scene.cursor, scene.render_s)
    assert s == pytest.approx(1.2, abs=0.05)  # a firm push up: close ahead
    assert x + scene.view.trail.centre_at(s) == pytest.approx(0.4, abs=0.05)  # and right
    app.frame(0.0, [pygame.event.Event(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=0)])
    scene.run.step()
    (queued,) = scene.run.state.queue
    assert (queued.s_m, queued.x_m) == pytest.approx((s, x), abs=0.01)


def _edge_rows(app, scene) -> list[int]:
    """Screen rows the band's edges should be on, for the current band and zoom."""
    view, state = scene.view, scene.run.state
    return [
        round(view.screen_y(scene.render_s + edge, scene.render_s))
        for edge in (state.gaze_near_m, state.gaze_far_m)
    ]


@pytest.mark.parametrize("zoom", [56, 84])
def test_the_band_edges_follow_the_band_and_the_zoom(app, zoom):
    app.apply_settings(dataclasses.replace(app.settings, zoom=zoom))
    scene = play(app)
    app.frame(0.0, [key(pygame.K_r), key(pygame.K_r)])  # the band a metre further
    scene.run.step()
    app.frame(0.0, [])
    state = scene.run.state
    assert state.gaze_far_m == pytest.approx(WINDING.gaze.far_m + 1.0)
    view = scene.view
    near_y, far_y = _edge_rows(app, scene)
    assert near_y - far_y == pytest.approx((state.gaze_far_m - state.gaze_near_m) * zoom, abs=1)
    pixels = pygame.surfarray.array3d(app.screen)
    for y in (near_y, far_y):
        row = pixels[view.rect.left : view.rect.right, y]
        assert np.all(row == theme.BAND_EDGE, axis=1).sum() > view.rect.width * 0.4
        clear = pixels[view.rect.left : view.rect.right, y + 8]
        assert np.all(clear == theme.BAND_EDGE, axis=1).sum() < 20


def test_the_view_is_dim_nearer_than_the_band_and_foggy_beyond(app):
    scene = play(app)
    app.frame(0.0, [])
    view = scene.view
    near_y, far_y = _edge_rows(app, scene)
    pixels = pygame.surfarray.array3d(app.screen).astype(float)
    side = slice(view.rect.left + 40, view.rect.left + 200)  # the woods, away from the runner
    band = pixels[side, far_y + 10 : near_y - 10].mean()
    near = pixels[side, near_y + 10 : near_y + 60].mean()
    fog = pixels[side, max(view.rect.top, far_y - 60) : far_y - 10].mean()
    assert near < 0.7 * band  # peripheral vision: darker
    assert fog > band  # haze: paler
