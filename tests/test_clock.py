"""The one fixed-step clock: whole ticks from frame time, a spiral guard, an interpolation fraction."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ui_driving import start_play

from game.levels import find_level
from game.sim.rules import DT_S
from game.ui.clock import MAX_TICKS_PER_FRAME, FixedClock
from game.ui.scenes.coach import CoachScene

frames = st.lists(st.floats(min_value=0.0, max_value=0.05), min_size=1, max_size=200)


@given(frames, st.sampled_from([0.5, 0.75, 1.0, 2.0]))
def test_ticks_add_up_to_the_scaled_time_when_no_frame_stalls(frame_times, scale):
    clock = FixedClock()
    ticks = sum(clock.advance(dt, scale) for dt in frame_times)
    owed = sum(frame_times) * scale / DT_S
    assert ticks <= owed + 1e-6 * len(frame_times)
    assert ticks >= owed - 1 - 1e-6 * len(frame_times)
    assert 0.0 <= clock.alpha <= 1.0


@given(st.floats(min_value=0.0, max_value=60.0))
def test_a_stalled_frame_takes_at_most_the_cap_and_owes_nothing_after(stall_s):
    clock = FixedClock()
    assert clock.advance(stall_s) <= MAX_TICKS_PER_FRAME
    assert clock.acc_s <= DT_S
    assert clock.advance(0.0) <= 1


def test_the_fraction_is_the_part_of_a_tick_left_over():
    clock = FixedClock()
    assert clock.advance(2.5 * DT_S) == 2
    assert clock.alpha == pytest.approx(0.5)
    clock.reset()
    assert clock.alpha == 0.0


def test_play_and_coach_take_their_ticks_from_the_apps_clock(app):
    level = dataclasses.replace(find_level("warm-up"), length_m=60.0)
    play = start_play(app, level, speed=0.5)
    tick0 = play.run.tick
    for _ in range(60):
        app.frame(1 / 60, [])
    # One second of frames at half speed: half a second of the run.
    assert play.run.tick - tick0 == pytest.approx(60, abs=1)
    assert 0.0 <= app.clock.alpha <= 1.0
    coach = CoachScene(app)
    app.push(coach)
    coach.speed = 1.0
    before = coach.lanes[0].run.tick
    app.frame(0.3, [])
    assert coach.lanes[0].run.tick - before == min(36, MAX_TICKS_PER_FRAME)
