"""Input becomes commands, and the view shows the band where it is: headless, synthetic events."""

import dataclasses

import numpy as np
import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level
from game.sim.commands import Gaze, Lift, Pace, Pin, Steer, SteerLane, SteerStop, Stride
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


class FlatView:
    """The trail view's geometry, reduced to what the controls ask of it."""

    rect = pygame.Rect(100, 0, 600, 500)
    px_per_m = 50.0

    class trail:
        @staticmethod
        def centre_at(s):
            return 0.3

    def to_trail(self, pos, s_cam):
        return s_cam + (450 - pos[1]) / 50.0, (pos[0] - 400) / 50.0 - 0.3

    def screen_y(self, s, s_cam):
        return 450 - (s - s_cam) * 50.0


def test_each_binding_makes_its_command(app):
    controls = Controls(DEFAULT_KEYS)
    view = FlatView()

    def commands(event):
        return controls.handle(event, 7, view, 10.0)

    assert commands(key(pygame.K_a)) == [SteerLane(7, -2)]
    assert commands(key(pygame.K_a)) == []  # auto-repeat is the same press
    assert commands(key(pygame.K_g)) == [SteerLane(7, 2)]
    assert commands(key(pygame.K_g, up=True)) == [SteerLane(7, -2)]  # back to the one held
    assert commands(key(pygame.K_a, up=True)) == [SteerStop(7)]
    assert commands(key(pygame.K_LSHIFT)) == [Stride(7, "long")]
    assert commands(key(pygame.K_LCTRL)) == [Stride(7, "short")]
    assert commands(key(pygame.K_LCTRL, up=True)) == [Stride(7, "long")]
    assert commands(key(pygame.K_LSHIFT, up=True)) == [Stride(7, "natural")]
    assert commands(key(pygame.K_w)) == [Pace(7, 1)]
    assert commands(key(pygame.K_x)) == [Pace(7, -1)]
    assert commands(key(pygame.K_e)) == [Lift(7, True)]
    assert commands(key(pygame.K_e, up=True)) == [Lift(7, False)]
    assert commands(key(pygame.K_q)) == [Gaze(7, -0.5)]
    wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1)
    assert commands(wheel) == [Gaze(7, 0.25)]
    assert commands(key(pygame.K_z)) == []  # an unbound key does nothing


def test_the_pointer_steers_once_a_frame_and_a_click_pins(app):
    controls = Controls(DEFAULT_KEYS)
    view = FlatView()
    move = pygame.event.Event(pygame.MOUSEMOTION, pos=(425, 250), rel=(0, 0), buttons=(0, 0, 0))
    assert controls.handle(move, 7, view, 10.0) == []  # moving only says where it rests
    # 4 m ahead; half a metre right of the view's middle (the trail's centre is 0.3 m right).
    assert controls.flush(8, view, 10.0) == [Steer(8, 4.0, 0.5)]
    assert controls.flush(9, view, 10.0) == []  # resting still: nothing new to say
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(425, 250))
    assert controls.handle(click, 9, view, 10.0) == [Pin(9, 14.0, 0.2)]
    away = pygame.event.Event(pygame.MOUSEMOTION, pos=(20, 250), rel=(0, 0), buttons=(0, 0, 0))
    assert controls.handle(away, 10, view, 10.0) == [SteerStop(10)]  # off the trail view
    # A lane key held outranks the pointer; let go, the pointer steers again.
    assert controls.handle(move, 11, view, 10.0) == []
    assert controls.handle(key(pygame.K_d), 11, view, 10.0) == [SteerLane(11, 0)]
    assert controls.flush(12, view, 10.0) == []
    assert controls.handle(key(pygame.K_d, up=True), 13, view, 10.0) == []
    assert controls.flush(13, view, 10.0) == [Steer(13, 4.0, 0.5)]


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
    assert scene.controls.pointer is not None
    s, x = scene.view.to_trail(scene.controls.pointer, scene.render_s)
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
