"""The window and its loop, headless: the scene stack, time, settings trouble, the autopilot."""

import dataclasses

import numpy as np
import pygame
import pytest
from ui_driving import skip_countdown

from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.sim.rules import TICK_HZ
from game.ui import theme
from game.ui.app import FRAME_S, App, Scene, run_app
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings, save_settings, settings_path

SHORT = dataclasses.replace(find_level("warm-up"), length_m=40.0)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def app(home):
    app = App()
    app.push(MenuScene(app))
    yield app
    pygame.quit()


class Marker(Scene):
    def __init__(self, app, name, log):
        super().__init__(app)
        self.name, self.log = name, log

    def on_return(self):
        self.log.append(f"back to {self.name}")


def test_the_scene_stack_pushes_pops_and_replaces(app):
    log = []
    a, b, c = (Marker(app, n, log) for n in "abc")
    app.push(a)
    app.push(b)
    app.replace(c)
    assert app.scenes[-2:] == [a, c]
    app.pop()
    assert app.top is a and log == ["back to a"]
    while app.scenes:
        app.pop()
    assert not app.running  # the last scene gone, the game ends


def test_training_speed_slows_the_simulation_not_the_frames(app):
    ticks = {}
    for speed in (0.5, 1.0):
        scene = PlayScene(app, SHORT, speed=speed)
        app.push(scene)
        skip_countdown(app, scene)
        for _ in range(60):
            app.frame(FRAME_S, [])
        ticks[speed] = scene.run.tick
        app.pop()
    assert ticks[1.0] == pytest.approx(TICK_HZ, abs=2)
    assert ticks[0.5] == pytest.approx(TICK_HZ / 2, abs=2)


def test_the_runner_is_drawn_between_ticks(app):
    scene = PlayScene(app, SHORT, autopilot=parse_bot_spec("gaze=3-6"))
    app.push(scene)
    for _ in range(120):
        app.frame(FRAME_S, [])
    app.frame(FRAME_S * 0.25, [])  # a short frame: less than a tick of time left over
    before, after = scene.prev_s, scene.run.state.s_m
    assert before < scene.render_s < after or scene.render_s == pytest.approx(before)
    # Frame rate never changes a result: two frame rates, the same run.
    fast = PlayScene(app, SHORT, autopilot=parse_bot_spec("gaze=3-6"))
    slow = PlayScene(app, SHORT, autopilot=parse_bot_spec("gaze=3-6"))
    for _ in range(240):
        fast.update(1 / 120)
    for _ in range(48):
        slow.update(1 / 24)
    assert fast.run.tick == slow.run.tick
    assert fast.run.state.s_m == slow.run.state.s_m


def test_a_resize_event_reaches_every_scene(app):
    scene = PlayScene(app, SHORT)
    app.push(scene)
    app.frame(0.0, [])
    pygame.display.set_mode((1000, 640), pygame.RESIZABLE)
    app.frame(0.0, [pygame.event.Event(pygame.VIDEORESIZE, size=(1000, 640), w=1000, h=640)])
    assert app.screen.get_size() == (1000, 640)
    assert scene.view.rect.height == 640 and scene.view.rect.right <= 1000


def test_a_broken_settings_file_is_reported_on_screen_and_kept(home):
    path = settings_path()
    path.write_text('{"speed": 0.5, ')
    app = App()
    try:
        app.push(MenuScene(app))
        app.frame(0.0, [])
        (notice,) = app.notices
        assert "unreadable" in notice and "\n" not in notice
        notice_box = np.all(pygame.surfarray.array3d(app.screen) == (90, 40, 34), axis=2)
        assert notice_box.sum() > 500  # drawn where the player sees it
        assert app.settings == Settings()
        (kept,) = home.glob("settings.broken-*.json")
        assert kept.read_text() == '{"speed": 0.5, '
        # Changing a setting now writes a fresh file; the broken one stays as it was.
        app.apply_settings(dataclasses.replace(app.settings, speed=0.75))
        assert kept.read_text() == '{"speed": 0.5, '
        assert '"speed": 0.75' in path.read_text()
    finally:
        pygame.quit()


def test_a_notice_stays_long_enough_to_read_then_goes(app):
    app.notices.append("Win a bronze on the level before to open this one.")
    for _ in range(7 * 60):
        app.frame(1 / 60, [])
    assert app.notices
    for _ in range(2 * 60):
        app.frame(1 / 60, [])
    assert app.notices == []


def test_saved_settings_come_back_next_time(home):
    save_settings(dataclasses.replace(Settings(), zoom=84, hud_scale=1.3, reduced_flashing=True))
    app = App()
    try:
        assert app.settings.zoom == 84 and app.text.scale == 1.3 and app.notices == []
    finally:
        pygame.quit()


def test_the_autopilot_runs_to_the_finish_and_saves_the_last_frame(home):
    shot = home / "shots" / "finish.png"
    rc = run_app(
        start="play",
        level=SHORT,
        autopilot=parse_bot_spec("gaze=3-6"),
        frames=60 * 120,
        screenshot=str(shot),
        speed=2.0,
    )
    assert rc == 0
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)
    # It stopped at the finish, long before the frame limit: the results are on screen,
    # not the trail (whose band edges are dashed lines right across the view).
    edge = np.all(pygame.surfarray.array3d(image) == theme.BAND_EDGE, axis=2)
    assert edge.sum(axis=0).max() < 200


def test_a_small_window_keeps_the_essentials_in_the_corners(home):
    app = App((900, 600))
    try:
        scene = PlayScene(app, SHORT)
        app.push(scene)
        app.frame(FRAME_S, [])
        assert scene.view.rect == pygame.Rect(0, 0, 900, 600)  # no side panels: all trail
        pixels = pygame.surfarray.array3d(app.screen)
        ink = np.all(pixels == theme.INK, axis=2)
        assert ink[:210, 470:].sum() > 100  # score and time, bottom left
        assert ink[690:, 470:].sum() > 100  # pace and cadence, bottom right
    finally:
        pygame.quit()


def test_a_small_window_shows_the_menu_whole_and_the_pointer_still_finds_its_lines(home):
    app = App((900, 600))
    try:
        menu = MenuScene(app)
        app.push(menu)
        app.frame(0.0, [])
        # Laid out at full size, scaled down to the window: nothing is cut off.
        assert app.screen.get_size() == (1280, 853) and app.window.get_size() == (900, 600)
        assert all(app.screen.get_rect().contains(r) for r in menu.items.rects)
        target = menu.items.rects[4]
        pos = (round(target.centerx * 900 / 1280), round(target.centery * 600 / 853))
        app.frame(
            0.0, [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))]
        )
        assert menu.items.index == 4
    finally:
        pygame.quit()


@pytest.mark.parametrize("scale", [0.9, 1.0, 1.15, 1.3])
def test_hud_text_never_overlaps_at_any_text_size(home, scale):
    from game.ui.settings import HUD_SCALES

    assert scale in HUD_SCALES
    save_settings(dataclasses.replace(Settings(), hud_scale=scale))
    app = App()
    try:
        scene = PlayScene(app, SHORT, autopilot=parse_bot_spec("gaze=3-6"), speed=1.0)
        app.push(scene)
        for _ in range(240):  # a few seconds in: every line of the HUD has something to say
            app.frame(FRAME_S, [])
        # The wordiest moment: a late step with two faults, braking and lifting at once.
        (_, last) = scene.marks[-1]
        worst = dataclasses.replace(
            last, judgement="late", clean=False, reasons=("late", "crossover", "overstride")
        )
        scene.marks.append((scene.clock_s, worst))
        scene.run.state.brake, scene.run.state.lifting = 1.0, True
        drawn = []
        real_draw = app.text.draw

        def recording(target, text, size, pos, colour=theme.INK, bold=False, anchor="topleft"):
            rect = real_draw(target, text, size, pos, colour, bold, anchor)
            ink = app.text.render(text, size, colour, bold).get_bounding_rect()
            drawn.append((text, ink.move(rect.topleft)))  # where the letters are, not the line
            return rect

        app.text.draw = recording
        scene.draw(app.screen)
        view = scene.view.rect
        for side in (
            [d for d in drawn if d[1].right <= view.left],
            [d for d in drawn if d[1].left >= view.right],
        ):
            assert len(side) > 8
            for i, (text_a, a) in enumerate(side):
                for text_b, b in side[i + 1 :]:
                    assert not a.colliderect(b), (text_a, text_b)
    finally:
        pygame.quit()
