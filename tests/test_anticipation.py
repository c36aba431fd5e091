"""The look-ahead test's staircase finds a threshold, and results are kept per player."""

import datetime

import pygame
import pytest

from game.anticipation import Staircase, load_history, result_of, save_result, segment_was_clean


def run_staircase(true_threshold_m: float) -> Staircase:
    stairs = Staircase()
    while not stairs.done:
        stairs.record(stairs.far_m >= true_threshold_m)
    return stairs


@pytest.mark.parametrize("threshold", [1.3, 2.2, 3.7])
def test_the_staircase_converges_on_the_runners_threshold(threshold):
    stairs = run_staircase(threshold)
    assert stairs.threshold_m() == pytest.approx(threshold, abs=0.35)
    assert len(stairs.reversals) >= 4


def test_a_clean_stretch_narrows_the_band_and_a_messy_one_widens_it():
    stairs = Staircase()
    stairs.record(True)
    assert stairs.far_m == 5.0 and stairs.near_m == 2.5
    stairs.record(False)
    assert stairs.far_m == 5.5  # the step halved at the reversal


def test_what_counts_as_clean():
    base = {"steps": 40, "clean": 39, "reactive": 0, "blind": 0, "stumbles": 0, "falls": 0}
    assert segment_was_clean(base)
    assert not segment_was_clean({**base, "stumbles": 1})
    assert not segment_was_clean({**base, "reactive": 8})


def test_results_are_kept_per_player_and_a_damaged_file_is_kept_aside(tmp_path):
    path = tmp_path / "anticipation.json"
    first = result_of("Sam", run_staircase(2.0), 1.0, datetime.date(2026, 11, 1))
    second = result_of("Sam", run_staircase(1.6), 1.05, datetime.date(2026, 11, 20))
    save_result(first, path)
    rows = save_result(second, path)
    assert [r.date for r in rows] == ["2026-11-01", "2026-11-20"]
    assert rows[1].threshold_steps == pytest.approx(rows[1].threshold_m / 1.05, abs=0.01)
    path.write_text("not json")
    assert load_history(path) == []
    assert list(tmp_path.glob("anticipation.broken-*.json"))


def test_the_test_screen_runs_segments_with_a_locked_band(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    from game.sim.botspec import BotSpec
    from game.ui.app import App
    from game.ui.scenes.anticipation import AnticipationScene

    app = App()
    scene = AnticipationScene(app, autopilot=BotSpec())
    app.push(scene)
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="")
    for _ in range(2):
        app.frame(0.0, [enter])
        play = app.top
        assert play.run.state.gaze_far_m == scene.stairs.far_m
        while app.top is play:
            app.frame(1 / 15, [])
    assert len(scene.stairs.history) == 2
    pygame.quit()


def test_the_look_ahead_test_runs_at_full_speed_whatever_training_speed_is_set(app):
    from dataclasses import replace

    from game.ui.scenes.anticipation import AnticipationScene

    app.apply_settings(replace(app.settings, speed=0.5))
    scene = AnticipationScene(app)
    app.push(scene)
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="")
    app.frame(0.0, [enter])
    play = app.top
    assert play is not scene and play.speed == 1.0

    # The pause menu's speed line (the fifth) cannot slow a stretch of the test down either.
    def press(k):
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="")

    app.frame(0.0, [press(pygame.K_ESCAPE)] + [press(pygame.K_DOWN)] * 4)
    assert play.paused and "Training speed" in play.pause_menu.items[play.pause_menu.index].label
    for _ in range(3):
        app.frame(0.0, [press(pygame.K_RETURN)])
        assert play.speed == 1.0
