"""The game window, headless: scenes driven by synthetic events, frames checked."""

import dataclasses
import json

import numpy as np
import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level, load_level
from game.paths import levels_dir
from game.sim.botspec import parse_bot_spec
from game.sim.commands import SteerLane
from game.sim.rules import TICK_HZ
from game.ui import theme
from game.ui.app import run_app
from game.ui.draw.trailview import BEHIND_M
from game.ui.scenes.coach import CoachScene
from game.ui.scenes.menu import daily_seed
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings, load_settings, save_settings


@pytest.fixture(scope="module")
def short_level(tmp_path_factory):
    """A 60 m copy of the warm-up, as a level file of its own (replays name it by path)."""
    text = (levels_dir() / "warm-up.toml").read_text().replace("length_m = 400", "length_m = 60")
    path = tmp_path_factory.mktemp("levels") / "short-warm-up.toml"
    path.write_text(text)
    return load_level(path)


SHORT = dataclasses.replace(find_level("warm-up"), length_m=60.0)


def play(app, level=SHORT, **kw) -> PlayScene:
    return start_play(app, level, **kw)


def test_a_click_queues_a_foothold_at_the_trail_point_under_the_pointer(app):
    scene = play(app)
    target_s, target_x = 1.2, 0.3  # within a stride of the runner's last foothold
    pos = (
        round(scene.view.screen_x(target_x, target_s)),
        round(scene.view.screen_y(target_s, scene.render_s)),
    )
    app.frame(0.0, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)])
    scene.run.step()  # the command applies at the start of its tick
    (queued,) = scene.run.state.queue
    tolerance = 1.0 / scene.view.px_per_m
    assert queued.s_m == pytest.approx(target_s, abs=tolerance)
    assert queued.x_m == pytest.approx(target_x, abs=tolerance)


def test_keys_reach_their_commands(app):
    scene = play(app)
    app.frame(0.0, [key(pygame.K_f), key(pygame.K_w), key(pygame.K_SPACE), key(pygame.K_e)])
    scene.run.step()
    state = scene.run.state
    assert SteerLane(0, 1) in scene.run.log  # lane right
    assert scene.run.steering
    assert state.pace_mps == pytest.approx(SHORT.pace_mps + scene.run.rules.pace_step_mps)
    assert state.brake == 1.0 and state.lifting
    app.frame(0.0, [key(pygame.K_SPACE, up=True), key(pygame.K_r)])
    scene.run.step()
    assert state.brake == 0.0
    assert state.gaze_near_m == pytest.approx(SHORT.gaze.near_m + 0.5)


def test_pause_stops_the_simulation_and_resumes_it(app):
    scene = play(app)
    app.frame(0.1, [])
    ticks = scene.run.tick
    assert ticks > 0
    app.frame(0.1, [key(pygame.K_p)])
    for _ in range(20):
        app.frame(0.1, [])
    assert scene.paused and scene.run.tick == ticks
    app.frame(0.1, [key(pygame.K_ESCAPE)])
    app.frame(0.1, [])
    assert scene.run.tick > ticks


def test_the_pause_menu_answers_the_mouse_the_arrows_and_a_pad(app):
    scene = play(app)
    app.frame(0.1, [pygame.event.Event(pygame.JOYBUTTONDOWN, button=7, joy=0, instance_id=0)])
    assert scene.paused
    app.frame(0.0, [])  # drawn once, so the menu knows where its lines are
    speed = scene.speed
    click = scene.pause_menu.rects[4].center
    app.frame(0.0, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=click, button=1)])
    assert scene.speed != speed and scene.paused
    app.frame(0.0, [key(pygame.K_UP)] * 4 + [key(pygame.K_RETURN)])
    assert not scene.paused
    app.frame(0.1, [key(pygame.K_p), key(pygame.K_l)])
    assert scene.paused and scene.loop_section


def test_losing_focus_pauses(app):
    scene = play(app)
    app.frame(0.0, [pygame.event.Event(pygame.WINDOWFOCUSLOST)])
    assert scene.paused


def test_resize_keeps_the_view_and_the_click_mapping_right(app):
    scene = play(app)
    app.resize((1600, 900))
    view = scene.view
    assert view.rect.height == 900 and view.rect.centerx == 800
    assert view.runner_y == pytest.approx(900 - BEHIND_M * view.px_per_m)
    pos = (round(view.screen_x(-0.2, 3.0)), round(view.screen_y(3.0, scene.render_s)))
    s, x = view.to_trail(pos, scene.render_s)
    assert s == pytest.approx(3.0, abs=0.02) and x == pytest.approx(-0.2, abs=0.02)


def test_the_gaze_band_edges_are_drawn_on_their_rows(app):
    scene = play(app)
    app.frame(0.0, [])
    view, state = scene.view, scene.run.state
    for edge in (state.gaze_near_m, state.gaze_far_m):
        y = round(view.screen_y(scene.render_s + edge, scene.render_s))
        row = pygame.surfarray.array3d(app.screen)[view.rect.left : view.rect.right, y]
        on_edge = np.all(row == theme.BAND_EDGE, axis=1).sum()
        assert on_edge > view.rect.width * 0.4  # a dashed line across the view
        above = pygame.surfarray.array3d(app.screen)[view.rect.left : view.rect.right, y - 6]
        assert np.all(above == theme.BAND_EDGE, axis=1).sum() < 20


def test_fog_beyond_the_band_is_paler_and_smoother_than_the_band(app):
    scene = play(app, level=find_level("rock-garden"))
    app.frame(0.0, [])
    view, state = scene.view, scene.run.state
    pixels = pygame.surfarray.array3d(app.screen).astype(float)
    cx = view.rect.centerx
    far_y = round(view.screen_y(scene.render_s + state.gaze_far_m, scene.render_s))
    near_y = round(view.screen_y(scene.render_s + state.gaze_near_m, scene.render_s))
    fog = pixels[cx - 150 : cx + 150, max(view.rect.top, far_y - 120) : far_y - 10]
    band = pixels[cx - 150 : cx + 150, far_y + 10 : near_y - 10]
    assert np.abs(np.diff(fog, axis=1)).mean() < 0.5 * np.abs(np.diff(band, axis=1)).mean()


def test_a_stumble_flashes_the_edges_of_the_view_and_leaves_the_trail_readable(app):
    scene = play(app)
    view = scene.view.rect
    app.frame(0.0, [])
    before = pygame.surfarray.array3d(app.screen).astype(int)
    scene.flash_until = scene.clock_s + 10.0
    app.frame(0.0, [])
    after = pygame.surfarray.array3d(app.screen).astype(int)
    scene.flash_until = 0.0
    redder = (after - before)[..., 0] - (after - before)[..., 2]  # more red than blue
    edge = redder[view.left + 2, view.top + 40 : view.bottom - 40]
    middle = redder[view.centerx - 60 : view.centerx + 60, view.centery - 60 : view.centery + 60]
    assert edge.min() > 40  # the whole left edge glows
    assert np.abs(middle).max() == 0  # the trail in the middle is untouched


def test_the_play_screen_makes_its_trail_a_few_chunks_at_a_time(app):
    from game.sim.trail import SPAN_CHUNKS
    from game.ui.scenes.play import TRAIL_SPAN_CHUNKS

    scene = play(app, level=find_level("rock-garden"))
    assert scene.run.trail.span_chunks == TRAIL_SPAN_CHUNKS < SPAN_CHUNKS
    scene = play(app, level=find_level("rock-garden"), autopilot=parse_bot_spec("gaze=3-6"))
    assert scene.run.trail.span_chunks == TRAIL_SPAN_CHUNKS


def test_a_flash_frame_leaves_painting_ahead_to_the_next_frames(app):
    scene = play(app, level=find_level("rock-garden"))
    painter = scene.view.painter
    if painter._pending is not None:  # the tile being painted ahead: finished now
        painter.tile(painter._pending[0])
    painted = painter.painted
    scene.flash_until = scene.clock_s + 10.0  # a stumble's red flash over the view
    for _ in range(30):
        app.frame(0.0, [])
    assert painter.painted == painted and painter._pending is None
    scene.flash_until = 0.0
    for _ in range(30):
        app.frame(0.0, [])
    assert painter.painted > painted  # the tiles beyond the view, a stage a frame


def test_a_frame_whose_ticks_ran_long_leaves_painting_ahead_to_the_next(app, monkeypatch):
    import time

    from game.ui.app import FRAME_S
    from game.ui.scenes.play import BUSY_TICKS_MS

    scene = play(app, level=find_level("rock-garden"))
    painter = scene.view.painter
    ticks = scene._tick

    def slow_tick(*args, **kw):  # a relay of ten laid steps, say
        until = time.perf_counter() + 2 * BUSY_TICKS_MS / 1000.0
        while time.perf_counter() < until:
            pass
        ticks(*args, **kw)

    monkeypatch.setattr(scene, "_tick", slow_tick)
    before = painter.painted, painter._pending
    for _ in range(20):
        app.frame(FRAME_S, [])
    assert (painter.painted, painter._pending) == before
    monkeypatch.setattr(scene, "_tick", ticks)
    for _ in range(40):
        app.frame(FRAME_S, [])
    assert (painter.painted, painter._pending) != before


def test_the_autopilot_plays_a_level_to_the_finish_and_the_results(app):
    scene = play(app, autopilot=parse_bot_spec("gaze=3-6"), speed=4.0)
    for _ in range(60 * 60):
        app.frame(1 / 60, [])
        if scene.finish_shown:
            break
    assert scene.run.done and scene.run.finished
    assert type(app.top).__name__ == "ResultsScene"
    app.frame(1 / 60, [])
    assert app.top.result.distance_m == pytest.approx(60.0, abs=0.5)


def test_run_app_saves_the_last_frame(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    shot = tmp_path / "frame.png"
    assert (
        run_app(
            start="play",
            level=SHORT,
            autopilot=parse_bot_spec("gaze=3-6"),
            frames=90,
            screenshot=str(shot),
        )
        == 0
    )
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)


def test_a_players_finished_run_is_verified_and_entered_in_the_scores(app, short_level):
    from game.scores import ScoreStore
    from game.sim.commands import Place

    scene = play(app, level=short_level)
    for s in np.arange(1.0, 5.5, 1.0):
        scene.run.submit(Place(scene.run.tick, float(s), 0.1 * (s % 2)))
    while not scene.finish_shown:
        app.frame(1 / 20, [])
    results = app.top
    assert "Entered in the high scores" in results.entry_note
    with ScoreStore() as store:
        (entry,) = store.top("short-warm-up")
    assert entry.player == "Runner" and entry.score == results.result.score


def test_retry_from_checkpoint_replays_the_same_commands(app):
    scene = play(
        app,
        level=dataclasses.replace(SHORT, length_m=300.0),
        autopilot=parse_bot_spec("gaze=3-6"),
        speed=4.0,
    )
    while scene.run.state.s_m < 130:
        app.frame(1 / 60, [])
    checkpoint_s, checkpoint_tick = scene.checkpoints[-1]
    assert checkpoint_s == 100.0
    before = [e for e in scene.run.steps if e.tick < checkpoint_tick]
    scene.retry_from_checkpoint()
    assert scene.run.tick == checkpoint_tick
    assert scene.run.steps == before


def test_coach_controls_pause_step_and_slow_motion(app):
    coach = CoachScene(app)
    app.push(coach)
    app.frame(1 / 60, [key(pygame.K_1)])
    assert coach.speed == 0.25
    for _ in range(30):
        app.frame(1 / 60, [])
    ticks = coach.lanes[0].run.tick
    assert ticks == pytest.approx(30 * TICK_HZ / 60 * 0.25, abs=2)
    app.frame(1 / 60, [key(pygame.K_SPACE)])
    frozen = coach.lanes[0].run.tick
    for _ in range(10):
        app.frame(1 / 60, [])
    assert coach.paused and coach.lanes[0].run.tick == frozen
    steps_before = sum(lane.run.state.steps for lane in coach.lanes)
    app.frame(1 / 60, [key(pygame.K_RIGHT)])
    assert coach.paused
    assert sum(lane.run.state.steps for lane in coach.lanes) in (steps_before + 1, steps_before + 2)
    before_rewind = coach.lanes[0].run.tick
    app.frame(1 / 60, [key(pygame.K_LEFT)])
    assert coach.lanes[0].run.tick == max(0, before_rewind - 5 * TICK_HZ)
    app.frame(1 / 60, [key(pygame.K_TAB)])
    assert coach.preset_index == 1 and coach.lanes[0].run.tick <= 1


def test_every_menu_screen_renders(app):
    menu = app.top
    for opener in (menu.open_campaign, menu.open_settings, menu.open_scores):
        opener()
        app.frame(0.0, [])
        accent = np.all(pygame.surfarray.array3d(app.screen) == theme.ACCENT, axis=2).sum()
        assert accent > 300  # the title and the selection are drawn
        app.pop()


def test_settings_round_trip_and_a_broken_file_is_kept_aside(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(
        player="Zoë", speed=0.5, palette="high-contrast", keys={**Settings().keys, "brake": "b"}
    )
    save_settings(settings, path)
    loaded, notice = load_settings(path)
    assert loaded == settings and notice == ""
    path.write_text("{ not json")
    loaded, notice = load_settings(path)
    assert loaded == Settings() and "kept as settings.broken-" in notice
    (kept,) = tmp_path.glob("settings.broken-*.json")
    assert kept.read_text() == "{ not json"
    path.write_text(json.dumps({"speed": 9, "palette": "neon", "zoom": "big"}))
    loaded, _ = load_settings(path)
    assert (loaded.speed, loaded.palette) == (1.0, "okabe-ito")


def test_the_daily_seed_is_the_same_for_everyone_on_a_day():
    import datetime

    assert daily_seed(datetime.date(2026, 11, 25)) == 20261125
    assert daily_seed(datetime.date(2026, 11, 26)) != daily_seed(datetime.date(2026, 11, 25))


def test_typing_a_trail_code_opens_that_trail(app):
    from game.trailcode import trail_code
    from game.ui.scenes.code import CodeScene

    app.push(CodeScene(app))
    level = find_level("dusk")
    events = [
        pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch)
        for ch in trail_code(level, 4242).lower()
    ]
    app.frame(0.0, [*events, key(pygame.K_RETURN)])
    shoes = app.top
    assert type(shoes).__name__ == "ShoeScene" and shoes.level.id == "dusk" and shoes.seed == 4242


def test_a_mistyped_trail_code_says_what_is_wrong(app):
    from game.ui.scenes.code import CodeScene

    scene = CodeScene(app)
    app.push(scene)
    app.frame(
        0.0,
        [pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch) for ch in "D-39H-Q"]
        + [key(pygame.K_RETURN)],
    )
    assert app.top is scene and "does not match" in scene.error
